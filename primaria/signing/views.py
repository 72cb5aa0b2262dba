"""Public PKI endpoints: the demo CAs' certificates and CRLs, and the RFC 3161 timestamp authority."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import tsa
from .pki import DemoPKI, PKIMissing, der

MAX_TSA_REQUEST = 16 * 1024


@require_GET
@cache_control(public=True, max_age=3600)
def crl(request, name):
    try:
        data = DemoPKI().crl(name)
    except (KeyError, PKIMissing):
        raise Http404
    return HttpResponse(data, content_type="application/pkix-crl")


@require_GET
@cache_control(public=True, max_age=86400)
def ca_certificate(request, name):
    if name not in ("root", "issuing", "tsa"):
        raise Http404
    try:
        data = der(DemoPKI().cert(name))
    except PKIMissing:
        raise Http404
    response = HttpResponse(data, content_type="application/pkix-cert")
    response["Content-Disposition"] = f'attachment; filename="{name}.crt"'
    return response


@csrf_exempt
@require_POST
def timestamp(request):
    if request.content_type != "application/timestamp-query":
        return HttpResponseBadRequest("Content-Type: application/timestamp-query")
    body = request.body
    if not body or len(body) > MAX_TSA_REQUEST:
        return HttpResponseBadRequest(_("Cerere de marcare temporală nevalidă."))
    try:
        reply = tsa.respond(body)
    except PKIMissing:
        return HttpResponse(_("Autoritatea de marcare temporală nu este configurată."), status=503)
    return HttpResponse(reply, content_type="application/timestamp-reply")
