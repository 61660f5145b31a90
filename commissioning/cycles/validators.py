import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_web = URLValidator(schemes=["https", "http"])
# A path in this service: one leading slash, then only characters that cannot change the host
# (no backslash, which browsers read as a slash, and no spaces or control characters).
_local_path = re.compile(r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*")

EVIDENCE_URL_MESSAGE = "Enter a web address starting https://, or a page in this service starting /"


def validate_evidence_url(value: str) -> None:
    """A full web address, or a path to a page in this service (starting with a single /)."""
    if value.startswith("/"):
        if not _local_path.fullmatch(value):
            raise ValidationError(EVIDENCE_URL_MESSAGE)
        return
    try:
        _web(value)
    except ValidationError:
        raise ValidationError(EVIDENCE_URL_MESSAGE) from None
