"""The account's security page (/cont/securitate/): second factor, recovery codes, passkeys, API tokens;
and the check of the second factor after the password (and again before signing)."""

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import CompleteCredentialAuthenticationView

from . import mfa, tokens


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return fallback


def reauthenticate(request, *, next_url: str):
    """Send the official to confirm the second factor again, then back to `next_url` (signing)."""
    minutes = settings.PRIMARIA_SIGNING_REAUTH_MINUTES
    messages.info(request, _("Înainte de a semna, confirmați din nou al doilea factor de autentificare "
                             "(ultima confirmare este mai veche de %(minutes)s de minute). Apoi apăsați din nou "
                             "„Semnez”.") % {"minutes": minutes})
    return redirect(f"{reverse('security:verify')}?{urlencode({'next': next_url})}")


def _locked(request) -> bool:
    """An enrolled account whose session has not passed the second factor may not change its security:
    a stolen password alone must not add a device, make recovery codes or tokens."""
    return mfa.has_second_factor(request.user) and not mfa.is_verified(request)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def overview(request):
    if _locked(request):
        return redirect(f"{reverse('security:verify')}?{urlencode({'next': request.get_full_path()})}")
    user = request.user
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"))
    for device in devices:  # the name every new device gets is shown in the page's language; another as written
        device.label = _("Aplicație de autentificare") if device.name == mfa.TOTP_NAME else ""
    pending = None
    if not devices or request.GET.get("adauga") == "1":
        pending = mfa.pending_totp(user)
    return render(request, "security/overview.html", {
        "required": mfa.needs_second_factor(user),
        "devices": devices,
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"),
        "pending": pending,
        "pending_qr": _qr_svg(pending.config_url) if pending else "",
        "pending_secret": _spaced(pending.bin_key) if pending else "",
        "recovery_left": mfa.recovery_codes_left(user),
        "new_codes": request.session.pop("security:new_codes", None),
        "new_token": request.session.pop("security:new_token", None),
        "api_tokens": tokens.tokens_of(user),
        "next": _safe_next(request, ""),
        "error": request.session.pop("security:error", ""),
    })


def _spaced(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@login_required
@require_POST
def confirm_totp(request):
    if _locked(request):
        return redirect("security:verify")
    device = mfa.confirm_totp(user=request.user, code=request.POST.get("code", ""), ip=_ip(request))
    if device is None:
        request.session["security:error"] = _("Codul nu este corect. Scrieți cele 6 cifre afișate acum de aplicație "
                                               "(codul se schimbă la 30 de secunde).")
        return redirect(f"{reverse('security:overview')}?adauga=1")
    mfa.mark_verified(request, device)
    if not mfa.recovery_codes_left(request.user):
        request.session["security:new_codes"] = mfa.new_recovery_codes(user=request.user, ip=_ip(request))
    messages.success(request, _("Aplicația de autentificare a fost adăugată. De acum vă cerem codul ei la intrare."))
    target = _safe_next(request, "")
    if target and not request.session.get("security:new_codes"):
        return redirect(target)
    # The new recovery codes are shown once on the security page, with a link on to `next`.
    return redirect(f"{reverse('security:overview')}?{urlencode({'next': target})}" if target
                    else reverse("security:overview"))


@login_required
@require_POST
def remove_totp(request, pk):
    if _locked(request):
        return redirect("security:verify")
    if mfa.remove_device(user=request.user, device_id=pk, ip=_ip(request)):
        messages.success(request, _("Aplicația de autentificare a fost scoasă din cont."))
    return redirect("security:overview")


@login_required
@require_POST
def new_recovery_codes(request):
    if _locked(request) or not mfa.has_second_factor(request.user):
        messages.error(request, _("Adăugați întâi o aplicație de autentificare sau o cheie de acces."))
        return redirect("security:overview")
    request.session["security:new_codes"] = mfa.new_recovery_codes(user=request.user, ip=_ip(request))
    return redirect("security:overview")


def verify(request):
    """The second factor: a code from the authenticator app, a recovery code, or a passkey."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
    if not mfa.has_second_factor(request.user):
        return redirect(f"{reverse('security:overview')}?{urlencode({'next': _safe_next(request, '')})}")
    error = ""
    if request.method == "POST":
        device = mfa.verify(request.user, request.POST.get("code", ""))
        if device is not None:
            mfa.mark_verified(request, device)
            if getattr(device, "token_set", None) is not None:
                left = mfa.recovery_codes_left(request.user)
                messages.warning(request, ngettext(
                    "Ați folosit un cod de recuperare; vă mai rămâne %(left)s. Faceți coduri noi din pagina "
                    "„Securitatea contului” când vă rămân puține.",
                    "Ați folosit un cod de recuperare; vă mai rămân %(left)s. Faceți coduri noi din pagina "
                    "„Securitatea contului” când vă rămân puține.", left) % {"left": left})
            return redirect(_safe_next(request, reverse("office:inbox") if mfa.needs_second_factor(request.user)
                                       else reverse("home")))
        error = _("Codul nu este corect sau a fost deja folosit. Scrieți codul de 6 cifre afișat acum de aplicația "
                  "de autentificare, sau unul dintre codurile de recuperare.")
    return render(request, "security/verify.html", {
        "error": error, "next": _safe_next(request, ""),
        "has_passkey": WebAuthnCredential.objects.filter(user=request.user, confirmed=True).exists(),
    }, status=400 if error else 200)


@login_required
@require_POST
def create_token(request):
    if mfa.needs_second_factor(request.user) and not mfa.is_verified(request):
        return redirect("security:verify")
    instance, token = tokens.create_token(user=request.user, ip=_ip(request))
    request.session["security:new_token"] = {"token": token, "expiry": instance.expiry.isoformat()}
    return redirect("security:overview")


@login_required
@require_POST
def revoke_token(request):
    if _locked(request):
        return redirect("security:verify")
    if tokens.revoke_token(user=request.user, token_key=request.POST.get("token_key", ""), ip=_ip(request)):
        messages.success(request, _("Tokenul a fost revocat; aplicațiile care îl foloseau nu mai au acces."))
    return redirect("security:overview")


class PasskeyVerificationView(CompleteCredentialAuthenticationView):
    """django-otp-webauthn's check, noting the time of the check for signing (`mfa.VERIFIED_AT_KEY`)."""

    def complete_auth(self, device):
        super().complete_auth(device)
        mfa.mark_verified(self.request, device)
