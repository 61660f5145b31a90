from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_web = URLValidator(schemes=["https", "http"])


def validate_evidence_url(value: str) -> None:
    """A full web address, or a path to a page in this service (starting with a single /)."""
    if value.startswith("/") and not value.startswith("//"):
        if any(character.isspace() for character in value):
            raise ValidationError("A link cannot contain spaces")
        return
    try:
        _web(value)
    except ValidationError:
        raise ValidationError("Enter a web address starting https://, or a page in this service starting /") from None
