"""Every write of procurements: validated, atomic and audited, shared by the pages, the API and the
command line. The tender (set-up, publishing, bids, opening) and its evaluation and award."""

from commissioning.procurement.services.evaluation import *  # noqa: F403
from commissioning.procurement.services.markets import *  # noqa: F403
from commissioning.procurement.services.notices import *  # noqa: F403
from commissioning.procurement.services.stages import *  # noqa: F403
from commissioning.procurement.services.tender import *  # noqa: F403
