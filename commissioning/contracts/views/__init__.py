from commissioning.contracts.views.brokerage import *  # noqa: F403
from commissioning.contracts.views.call_offs import *  # noqa: F403
from commissioning.contracts.views.register import *  # noqa: F403
from commissioning.contracts.views.service_levels import *  # noqa: F403
