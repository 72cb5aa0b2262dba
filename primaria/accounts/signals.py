from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from primaria.audit.services import record


def _ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(actor=user, action="accounts.login", target=user, ip_address=_ip(request))


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="accounts.logout", target=user, ip_address=_ip(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    record(actor=None, action="accounts.login_failed", ip_address=_ip(request),
           username=str(credentials.get("username", ""))[:200])
