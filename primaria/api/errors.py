from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# Django REST framework's parsers explain a body they cannot read in English, with the parser's own words.
UNREADABLE_JSON = gettext_lazy("Corpul cererii nu este JSON valid. Verificați ghilimelele, virgulele și parantezele.")
UNREADABLE_BODY = gettext_lazy("Datele trimise nu au putut fi citite. Verificați formatul lor și încercați din nou.")
CSRF_REFUSED = (gettext_lazy("Cererea a fost respinsă din motive de siguranță: reîncărcați pagina și trimiteți din nou, "
                "sau folosiți un token API (antetul Authorization)."))


def exception_handler(exc, context):
    """Domain errors become 400 with a message per field; refused permissions become 403; a body no parser
    could read becomes 400 with a message in Romanian.

    (Requests and office pages the caller may not see at all already answer 404 from the selectors.)
    An error is always JSON, also for a browser that the browsable API would answer with an HTML page.
    """
    request = context.get("request")
    if request is not None:
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    if isinstance(exc, exceptions.ParseError) and exc.get_codes() == "parse_error":
        english = str(exc.detail)
        exc = exceptions.ParseError(UNREADABLE_JSON if english.startswith("JSON") else UNREADABLE_BODY)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("Nu aveți acces."))
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(CSRF_REFUSED)  # a session client's form check, without its English
    return drf_exception_handler(exc, context)


def first_message(errors) -> str:
    """The first message of a serializer field's errors (a list; for a list's items, a dict by position)."""
    while isinstance(errors, dict | list) and errors:
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors)


def validated(serializer_class, data) -> dict:
    """The input of an API call checked by `serializer_class` before any domain function sees it; its problems
    become a DomainError with one message per field (a 400 through `exception_handler`)."""
    from primaria.core.errors import DomainError

    form = serializer_class(data=data)
    if not form.is_valid():
        raise DomainError({key: first_message(errors) for key, errors in form.errors.items()})
    return form.validated_data
