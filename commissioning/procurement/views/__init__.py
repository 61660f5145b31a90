from commissioning.procurement.views.bidding import *  # noqa: F403
from commissioning.procurement.views.evaluation import *  # noqa: F403
from commissioning.procurement.views.markets import *  # noqa: F403
from commissioning.procurement.views.notices import *  # noqa: F403
from commissioning.procurement.views.staff import *  # noqa: F403
from commissioning.procurement.views.stages import *  # noqa: F403
