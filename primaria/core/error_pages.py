"""The answers to errors: 400, 403 (a refused form check too), 404, 405, 429 and 500, in Romanian and in the site's design,
with a way back; the API (and a client that asks for JSON) gets {"detail": "..."} instead, never an HTML page.

config.urls names these views as Django's handler400/403/404/500 and settings as CSRF_FAILURE_VIEW. They never
show technical text: the exception's own words (often English, sometimes internal) go to the log only.
The 500 page is drawn without the database (no context processors): the error may be the database itself.
"""

import logging
import math
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .middleware import wants_json

logger = logging.getLogger(__name__)

TITLES = {
    400: gettext_lazy("Cererea nu a putut fi înțeleasă"),
    403: gettext_lazy("Nu aveți acces la această pagină"),
    404: gettext_lazy("Pagina nu există"),
    405: gettext_lazy("Această adresă primește doar formulare"),
    429: gettext_lazy("Prea multe cereri într-un timp scurt"),
    500: gettext_lazy("A apărut o eroare la noi"),
    "csrf": gettext_lazy("Formularul nu a putut fi trimis"),
}

API_MESSAGES = {
    400: gettext_lazy("Cererea nu a putut fi înțeleasă. Verificați adresa și datele trimise."),
    403: gettext_lazy("Nu aveți acces la această resursă."),
    404: gettext_lazy("Adresa cerută nu există în API."),
    405: gettext_lazy("Metoda HTTP folosită nu este permisă pentru această adresă."),
    429: gettext_lazy("Ați trimis prea multe cereri într-un timp scurt. Așteptați {wait} și încercați din nou."),
    500: gettext_lazy("A apărut o eroare internă. Nu s-a salvat nimic din această cerere; încercați din nou peste câteva minute."),
    "csrf": gettext_lazy("Formularul a fost respins din motive de siguranță. Reîncărcați pagina și trimiteți din nou."),
}


def _json(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _back_url(request) -> str:
    """The page the person came from, when it is a page of this site (else no "back" link)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a Host header that is not allowed is the very reason of some 400s
        return ""
    if not referer or not url_has_allowed_host_and_scheme(referer, allowed_hosts={host},
                                                          require_https=request.is_secure()):
        return ""
    # the same page is no way back, except for a form sent to itself: going back to it is what helps
    return "" if request.method == "GET" and urlsplit(referer).path == request.path else referer


def _page(request, status: int, template: str, *, title="", with_request=True, extra=None) -> HttpResponse:
    context = {"title": title or TITLES[status], "status": status, "back_url": _back_url(request), **(extra or {})}
    if with_request and not hasattr(request, "user"):
        request.user = AnonymousUser()  # the error came before the authentication middleware ran
    for use_request in ((True, False) if with_request else (False,)):
        try:
            html = render_to_string(template, context, request=request if use_request else None)
            return HttpResponse(html, status=status)
        except Exception:  # noqa: BLE001 - the error must reach the person even if the page cannot be drawn
            logger.exception("The %s page could not be rendered", status)
    title = escape(context["title"])
    home = escape(_("Mergeți la pagina principală"))
    return HttpResponse(f'<!doctype html><html lang="{escape(get_language() or "ro")}"><meta charset="utf-8">'
                        f'<title>{title}</title><h1>{title}</h1><p><a href="/">{home}</a></p></html>', status=status)


def bad_request(request, exception=None, template_name="errors/400.html"):
    if wants_json(request):
        return _json(400, API_MESSAGES[400])
    return _page(request, 400, template_name)


def permission_denied(request, exception=None, template_name="errors/403.html"):
    if wants_json(request):
        return _json(403, API_MESSAGES[403])
    return _page(request, 403, template_name)


def page_not_found(request, exception=None, template_name="errors/404.html"):
    from primaria.institutions.tenancy import UnknownHost

    if isinstance(exception, UnknownHost):
        return unknown_host(request)
    if wants_json(request):
        return _json(404, API_MESSAGES[404])
    return _page(request, 404, template_name)


def unknown_host(request):
    """A host name that belongs to none of the city halls this installation hosts (institutions.tenancy)."""
    if wants_json(request):
        from primaria.institutions.tenancy import UNKNOWN_HOST

        return _json(404, UNKNOWN_HOST)
    return _page(request, 404, "errors/unknown_host.html", title=_("Primăria nu a fost găsită"), with_request=False)


def method_not_allowed(request, allowed: str = "", template_name="errors/405.html"):
    """A page asked for in a way it does not take: most often a form's address opened or reloaded by hand
    (Django's own answer to this has no body; `core.middleware.MethodNotAllowedPageMiddleware` asks here)."""
    response = _json(405, API_MESSAGES[405]) if wants_json(request) else _page(request, 405, template_name)
    if allowed:
        response["Allow"] = allowed
    return response


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        if seconds == 1:
            return _("o secundă")
        return (_("%(count)s de secunde") if seconds >= 20 else _("%(count)s secunde")) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes == 1:
        return _("un minut")
    return (_("%(count)s de minute") if minutes >= 20 else _("%(count)s minute")) % {"count": minutes}


def too_many_requests(request, retry_after: int, template_name="errors/429.html"):
    """Over a rate limit (`core.ratelimit`): say how long to wait; Retry-After says it to programs."""
    wait = _wait_text(retry_after)
    if wants_json(request):
        response = _json(429, API_MESSAGES[429].format(wait=wait))
    else:
        response = _page(request, 429, template_name, extra={"wait": wait})
    response["Retry-After"] = str(retry_after)
    return response


def server_error(request, template_name="errors/500.html"):
    if wants_json(request):
        return _json(500, API_MESSAGES[500])
    return _page(request, 500, template_name, with_request=False)


def csrf_failure(request, reason="", template_name="errors/403_csrf.html"):
    """A form refused by the CSRF check: usually a page left open past the session, or signed out meanwhile."""
    logger.info("Form refused by the CSRF check (%s %r): %s", request.method, request.path_info[:200], reason)
    if wants_json(request):
        return _json(403, API_MESSAGES["csrf"])
    return _page(request, 403, template_name, title=TITLES["csrf"])
