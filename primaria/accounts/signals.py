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


# --- officials' display names (accounts.selectors.display_names) follow the user's row -----------------------


def _user_saved(sender, instance, **kwargs):
    """A name is no permission: it is dropped once the change commits, and expires within a day at worst."""
    from primaria.core.cache import forget

    from .backends import name_key

    forget(name_key(instance.pk))


def connect_principal_signals():
    from django.db.models.signals import post_save

    from .models import User

    post_save.connect(_user_saved, sender=User, dispatch_uid="accounts.display-name")
