"""Officials' sessions: logged out when idle, and no office page or admin before a second factor.

Residents need no second factor; one who enrolled is asked for it after the password too. The API's token
clients never carry a session, so this middleware does not see them: their signing asks for a fresh code in
the request (`primaria.security.tokens`).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import mfa

# Pages an official reaches only after the second factor.
PROTECTED_PREFIXES = ("/birou/", "/admin/", "/api/v1/office/")
# Pages that must stay reachable to enrol, verify or leave (and the admin's own login page).
OPEN_PREFIXES = ("/cont/securitate/", "/cont/iesire/", "/admin/login/", "/admin/logout/", "/static/",
                 "/webauthn/")
LAST_SEEN_WRITE_SECONDS = 30  # the session is written at most this often just to note activity

IDLE_MESSAGE = gettext_lazy("Ați fost deconectat după %(minutes)s de minute fără activitate, ca să nu rămână "
                            "deschisă sesiunea unui funcționar. Intrați din nou în cont.")


class OfficialSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not mfa.needs_second_factor(user):
            return self._resident(request) or self.get_response(request)
        response = self._idle(request)
        if response is None:
            response = self._second_factor(request)
        return response or self.get_response(request)

    def _idle(self, request):
        now = int(time.time())
        minutes = settings.PRIMARIA_OFFICIAL_IDLE_MINUTES
        last_seen = request.session.get(mfa.LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > minutes * 60:
            logout(request)
            messages.warning(request, IDLE_MESSAGE % {"minutes": minutes})
            login = reverse("accounts:login")
            if request.method == "GET" and not request.path.startswith("/api/"):
                login += "?" + urlencode({"next": request.get_full_path()})
            return redirect(login)
        if last_seen is None or now - last_seen >= LAST_SEEN_WRITE_SECONDS:
            request.session[mfa.LAST_SEEN_KEY] = now
        return None

    def _resident(self, request):
        """A resident who enrolled a second factor passes it before any page but enrolment, check and logout."""
        if not request.session.get(mfa.ENROLLED_KEY) or mfa.is_verified(request):
            return None
        if request.path.startswith(OPEN_PREFIXES) or request.path.startswith("/api/"):
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse("security:verify")
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)

    def _second_factor(self, request):
        path = request.path
        if not path.startswith(PROTECTED_PREFIXES) or path.startswith(OPEN_PREFIXES) or mfa.is_verified(request):
            return None
        if path.startswith("/api/"):
            return JsonResponse({"detail": _("Confirmați al doilea factor de autentificare în pagina "
                                             "/cont/securitate/ înainte de a folosi biroul.")}, status=403)
        target = "security:verify" if mfa.has_second_factor(request.user) else "security:overview"
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse(target)
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
