"""The second factor of officials: who needs one, whether this session has it, and how fresh it is.

django-otp keeps the verified device in the session (`otp_device_id`) and marks `request.user.is_verified()`;
this module adds the time of the last check, which signing asks for again when it is older than
PRIMARIA_SIGNING_REAUTH_MINUTES. Every view and the API ask `needs_second_factor`, `check_is_fresh` and
`verify`; the rule for signing lives in `primaria.core.rules.second_factor_fresh`.
"""

import time

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from primaria.audit import services as audit

VERIFIED_AT_KEY = "security:verified_at"  # epoch seconds of the last second-factor check in this session
LAST_SEEN_KEY = "security:last_seen"  # epoch seconds of the official's last request
ENROLLED_KEY = "security:enrolled"  # a resident who chose a second factor: asked for it after the password
RECOVERY_CODES = 10
TOTP_NAME = "Aplicație de autentificare"  # i18n: ro (the stored name of a new device; pages show it translated)


def needs_second_factor(user) -> bool:
    """Officials (an active position), staff and superusers: they cannot use the office or the admin without one."""
    from primaria.institutions.selectors import is_official

    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or is_official(user))


def has_second_factor(user) -> bool:
    """A confirmed TOTP device or passkey (recovery codes alone do not count as enrolment)."""
    return any(not isinstance(device, StaticDevice) for device in devices_for_user(user, confirmed=True))


def note_login(sender, request, user, **kwargs):
    """At login (user_logged_in): a resident who enrolled a second factor is asked for it too."""
    if request is not None and hasattr(request, "session") and not needs_second_factor(user):
        if has_second_factor(user):
            request.session[ENROLLED_KEY] = True


def is_verified(request) -> bool:
    user = request.user
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_verified", lambda: False)())


def mark_verified(request, device) -> None:
    """The session has passed the second factor with `device` now."""
    otp_login(request, device)
    request.session[VERIFIED_AT_KEY] = int(time.time())


def check_age_seconds(request) -> float | None:
    stamp = request.session.get(VERIFIED_AT_KEY)
    if stamp is None or not is_verified(request):
        return None
    return time.time() - stamp


def check_is_fresh(request, minutes: int | None = None) -> bool:
    """The session's second factor was checked less than `minutes` (PRIMARIA_SIGNING_REAUTH_MINUTES) ago."""
    minutes = settings.PRIMARIA_SIGNING_REAUTH_MINUTES if minutes is None else minutes
    age = check_age_seconds(request)
    return age is not None and age < minutes * 60


def verify(user, code: str):
    """The device of `user` that accepts `code` (a TOTP code or an unused recovery code), or None.

    Devices are locked while they check, so a code is accepted once even under concurrent requests, and
    django-otp's throttling (a growing delay after each failure) applies per device.
    """
    code = "".join((code or "").split()).lower()
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            # A code of letters is a recovery code: it costs the authenticator app no throttling step.
            typed = isinstance(device, StaticDevice) or (isinstance(device, TOTPDevice) and code.isdigit())
            if typed and device.verify_token(code):
                return device
    return None


def pending_totp(user) -> TOTPDevice:
    """The TOTP device being enrolled (unconfirmed), made once and kept until confirmed or replaced."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def confirm_totp(*, user, code: str, ip=None) -> TOTPDevice | None:
    """Confirm the pending TOTP device with a code from the app; returns it, or None for a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        code = "".join((code or "").split())
        if device is None or not code.isdigit() or not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(actor=user, action="security.totp_enrolled", target=user, ip_address=ip, device=device.pk)
    return device


def remove_device(*, user, device_id: int, ip=None) -> bool:
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, pk=device_id).first()
        if device is None:
            return False
        device.delete()
        audit.record(actor=user, action="security.totp_removed", target=user, ip_address=ip, device=device_id)
    return True


def new_recovery_codes(*, user, ip=None) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones, each good for one check."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.select_for_update().get_or_create(
            user=user, name="Coduri de recuperare", defaults={"confirmed": True})  # i18n: ro (stored name)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(actor=user, action="security.recovery_codes_made", target=user, ip_address=ip)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


__all__ = ["needs_second_factor", "has_second_factor", "user_has_device", "verify", "mark_verified",
           "check_is_fresh", "confirm_totp", "new_recovery_codes"]
