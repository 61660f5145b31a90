"""One way for the procurement pages to show a service's refusal: on the form, in its words."""

from __future__ import annotations

from typing import Any

from commissioning.core.views_mixins import in_words as core_in_words
from commissioning.procurement.sealing import SealingError


def in_words(service: Any, **kwargs: Any) -> Any:
    """Call `service`; a refusal for want of permission, or from the sealing (a wrong passphrase,
    no quorum, a tampered bid), is shown on the form like any other reason. Nothing is saved: the
    service is atomic, and its refusal is already in the procurement's log."""
    return core_in_words(service, also=(SealingError,), **kwargs)
