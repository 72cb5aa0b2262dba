from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# Django REST framework's parsers explain a body they cannot read in English, with the parser's own words.
UNREADABLE_JSON = "Corpul cererii nu este JSON valid. Verificați ghilimelele, virgulele și parantezele."
UNREADABLE_BODY = "Datele trimise nu au putut fi citite. Verificați formatul lor și încercați din nou."
CSRF_REFUSED = ("Cererea a fost respinsă din motive de siguranță: reîncărcați pagina și trimiteți din nou, "
                "sau folosiți un token API (antetul Authorization).")


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
        exc = exceptions.PermissionDenied(str(exc) or "Nu aveți acces.")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(CSRF_REFUSED)  # a session client's form check, without its English
    return drf_exception_handler(exc, context)
