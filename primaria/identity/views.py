"""Thin adapters between the browser, the identity provider and identity.services."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from primaria.accounts import LOGIN_SESSION_KEY as LOGIN_KEY
from primaria.core.errors import DomainError, field_errors

from . import services
from .providers import Identity, IdentityRefused, provider

NEXT_KEY = "identity.next"
PENDING_KEY = "identity.pending"
ID_TOKEN_KEY = "identity.id_token"
END_SESSION_KEY = "identity.end_session"
PENDING_SECONDS = 15 * 60
BACKEND = "primaria.accounts.backends.AccountsBackend"


def _provider():
    plugin = provider("roeid")
    if not plugin.is_enabled():
        raise Http404(_("Intrarea cu ROeID nu este configurată."))
    return plugin


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return value
    return ""


def _refused(request, message, status=400):
    return render(request, "identity/refused.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def start(request):
    """Send the person to ROeID; they come back to `callback`."""
    plugin = _provider()
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    request.session[NEXT_KEY] = next_url
    try:
        return plugin.start_login(request, redirect_uri=request.build_absolute_uri(reverse("identity:callback")))
    except IdentityRefused as exc:
        return _refused(request, exc.message, status=502)


@csrf_exempt  # the provider posts here (response_mode=form_post); the state parameter guards the exchange
@require_http_methods(["GET", "POST"])
def callback(request):
    plugin = _provider()
    if request.method == "POST" and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # A cross-site POST carries no SameSite=Lax session cookie; the same answer, as a top-level GET, does.
        params = {key: request.POST[key] for key in ("code", "state", "error", "error_description", "iss")
                  if key in request.POST}
        return HttpResponseRedirect(f"{reverse('identity:callback')}?{urlencode(params)}", status=303)
    try:
        identity = plugin.handle_return(request)
        data = services.person_data(identity)
    except IdentityRefused as exc:
        services.record_refusal(provider=plugin.identifier, reason=exc.reason, ip=_ip(request))
        return _refused(request, exc.message)
    except DomainError as exc:
        services.record_refusal(provider=plugin.identifier, reason="cnp", ip=_ip(request))
        return _refused(request, exc.messages[0])
    if services.link_of(identity) is not None:
        try:
            user = services.sign_in(identity=identity, ip=_ip(request))
        except DomainError as exc:
            return _refused(request, exc.messages[0], status=403)
        return _complete_login(request, user, identity)
    request.session[PENDING_KEY] = {"identity": identity.as_dict(), "at": time.time()}
    if services.account_with_cnp(data["cnp"]) is not None:
        return redirect("identity:link")
    return redirect("identity:create")


def _pending(request) -> Identity | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return Identity.from_dict(pending["identity"])


def _pending_person(request):
    """(the identity waiting in this session, the person's data from its claims, None), or a response that
    ends the step: the login expired or was never started, or the claims lack what an account needs."""
    identity = _pending(request)
    if identity is None:
        return None, None, _start_again(request)
    try:
        return identity, services.person_data(identity), None
    except DomainError as exc:
        return identity, None, _refused(request, exc.messages[0])


def _start_again(request):
    messages.error(request, _("Autentificarea ROeID a expirat sau nu a fost pornită. Intrați din nou cu ROeID."))
    return redirect("accounts:login")


def _complete_login(request, user, identity: Identity):
    next_url = request.session.pop(NEXT_KEY, "")
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=BACKEND)
    request.session[LOGIN_KEY] = {"method": "roeid", "loa": identity.level_of_assurance,
                                  "at": timezone.now().isoformat()}
    request.session[ID_TOKEN_KEY] = identity.id_token
    try:
        request.session[END_SESSION_KEY] = bool(provider(identity.provider).metadata().get("end_session_endpoint"))
    except IdentityRefused:
        request.session[END_SESSION_KEY] = False
    return redirect(next_url or "requests:mine")


@require_http_methods(["GET", "POST"])
def link(request):
    """The person's CNP already has an account: they confirm its password to tie it to ROeID."""
    identity, data, stop = _pending_person(request)
    if stop:
        return stop
    account = services.account_with_cnp(data["cnp"])
    if account is None:
        return redirect("identity:create")
    errors, status = {}, 200
    if request.method == "POST":
        try:
            user = services.link_account(identity=identity, password=request.POST.get("password", ""),
                                         request=request, ip=_ip(request))
        except DomainError as exc:
            errors, status = field_errors(exc), 400
        else:
            response = _complete_login(request, user, identity)
            messages.success(request, _("Contul dumneavoastră este acum legat de ROeID. De acum intrați cu ROeID; "
                                        "cu parola vedeți doar paginile publice."))
            return response
    return render(request, "identity/link.html", {"account": account, "errors": errors, "values": {}}, status=status)


@require_http_methods(["GET", "POST"])
def create(request):
    """A person new to the platform: an account from the identity, after they confirm the data."""
    identity, data, stop = _pending_person(request)
    if stop:
        return stop
    if services.account_with_cnp(data["cnp"]) is not None:
        return redirect("identity:link")
    values, errors, status = {"email": data["email"]}, {}, 200
    if request.method == "POST":
        values["email"] = request.POST.get("email", "")
        try:
            user = services.create_account(identity=identity, email=values["email"],
                                           language=translation.get_language(), ip=_ip(request))
        except DomainError as exc:
            errors, status = field_errors(exc), 400
        else:
            response = _complete_login(request, user, identity)
            messages.success(request, _("Contul a fost creat cu datele din ROeID.") if user.email_verified else _(
                "Contul a fost creat cu datele din ROeID. V-am trimis un e-mail: deschideți linkul din el ca să "
                "confirmați adresa."))
            return response
    masked_cnp = data["cnp"][:1] + "•" * 8 + data["cnp"][-4:]
    return render(request, "identity/create.html", {"data": data, "masked_cnp": masked_cnp, "values": values,
                                                    "errors": errors}, status=status)


def required(request):
    """Where a password session of an account tied to ROeID lands when it asks for more than public pages."""
    plugin = provider("roeid")
    next_url = _safe_next(request, request.GET.get("next"))
    return render(request, "identity/required.html", {"next": next_url, "enabled": plugin.is_enabled()}, status=403)


@require_POST
def logout_everywhere(request):
    """Log out here, then at ROeID when it offers an end-of-session page."""
    id_token = request.session.get(ID_TOKEN_KEY, "")
    logout(request)
    plugin = provider("roeid")
    url = None
    if plugin.is_enabled():
        url = plugin.logout_url(id_token=id_token, post_logout_redirect_uri=request.build_absolute_uri(reverse("home")))
    return HttpResponseRedirect(url or reverse("home"))
