"""The plan's pages: the budget optimiser, each cycle's risk register and its strategy."""

from commissioning.strategy.views.gaps import *  # noqa: F403
from commissioning.strategy.views.optimiser import *  # noqa: F403
from commissioning.strategy.views.purchasing import *  # noqa: F403
from commissioning.strategy.views.risks import *  # noqa: F403
from commissioning.strategy.views.strategies import *  # noqa: F403
