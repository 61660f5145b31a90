import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from commissioning.core.choices import ClientGroup

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


WEB_URL_MESSAGE = "Enter a web address in the correct format, like https://www.legislation.gov.uk/ukpga/2014/23"


def validate_web_url(value: str) -> None:
    """A full web address (https or http), such as a link to the official text of a law."""
    try:
        _web(value)
    except ValidationError:
        raise ValidationError(WEB_URL_MESSAGE) from None


CLIENT_GROUPS_MESSAGE = "Choose client groups from the list"


def validate_client_groups(value: str) -> None:
    """Blank (every client group), or client group codes between bars: |older_people|carers|."""
    if value == "":
        return
    codes = value.split("|")
    if len(codes) < 3 or codes[0] or codes[-1] or any(code not in ClientGroup.values for code in codes[1:-1]):
        raise ValidationError(CLIENT_GROUPS_MESSAGE)
