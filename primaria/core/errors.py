from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A refused change, with a message (or one per field) for the person who asked for it."""


def field_errors(exc: ValidationError) -> dict:
    """One message per field (or `__all__`), for the error summary and the fields of a page."""
    if hasattr(exc, "error_dict"):
        return {key: messages[0] for key, messages in exc.message_dict.items()}
    return {"__all__": exc.messages[0]}
