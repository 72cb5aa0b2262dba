"""An account tied to an electronic identity opens its data only to a session that logged in with it.

A password (or any other weaker) login of such an account sees the public pages; anything else sends
it to a page that explains why and offers the ROeID button. See docs/architecture.md, "Identitate".
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from primaria.accounts import LOGIN_SESSION_KEY as LOGIN_KEY

from .models import EidLink

STRONG_METHODS = {"roeid"}

PUBLIC_EXACT = {"/"}
PUBLIC_PREFIXES = (
    "/servicii/", "/verificare/", "/arhiva/", "/pki/", "/static/", "/favicon",
    "/monitorul-oficial/", "/informatii-publice/",
    "/cont/intrare/", "/cont/iesire/", "/cont/roeid/", "/cont/parola/", "/cont/confirmare/",
)

MESSAGE = gettext_lazy("Contul este legat de ROeID: datele lui se deschid doar după intrarea cu ROeID. "
                       "Intrați cu ROeID ca să continuați.")


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def needs_eid(request) -> bool:
    """Whether this session may not go past the public pages until it logs in with the identity."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    login = request.session.get(LOGIN_KEY) or {}
    if login.get("method") in STRONG_METHODS:
        return False
    return EidLink.objects.filter(user_id=user.pk).exists()


class EidRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public(request.path_info) and needs_eid(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=403)
            return redirect(f"{reverse('identity:required')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
