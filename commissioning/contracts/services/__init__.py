"""Every write of contracts: validated, atomic and audited, shared by the pages, the API, the
command line and the demo. The register, service levels, and imports of an existing register."""

from commissioning.contracts.services.call_offs import *  # noqa: F403
from commissioning.contracts.services.imports import *  # noqa: F403
from commissioning.contracts.services.register import *  # noqa: F403
from commissioning.contracts.services.service_levels import *  # noqa: F403
