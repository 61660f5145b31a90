"""Writes to care for individuals: every one checked, audited and in one transaction."""

from commissioning.care.services.budgets import *  # noqa: F403
from commissioning.care.services.disruption import *  # noqa: F403
from commissioning.care.services.imports import *  # noqa: F403
from commissioning.care.services.packages import *  # noqa: F403
