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


# --- the cached principal (accounts.backends) is dropped when a row behind it changes ----------------------


def _users_of_party(party):
    from .models import Representation

    return [party.user_id, *Representation.objects.filter(company_id=party.pk).values_list("user_id", flat=True)]


def _changed(sender, instance, **kwargs):
    from primaria.institutions.models import Department, Institution, Position

    from .backends import forget_principals
    from .models import Party, Representation, User

    if sender is User:
        users = [instance.pk]
    elif sender in (Position, Representation):
        users = [instance.user_id]
    elif sender is Party:
        users = _users_of_party(instance)
    elif sender is Department:
        users = Position.objects.filter(department_id=instance.pk).values_list("user_id", flat=True)
    elif sender is Institution:
        users = Position.objects.filter(department__institution_id=instance.pk).values_list("user_id", flat=True)
    else:
        return
    forget_principals(list(users))


def _moving(sender, instance, **kwargs):
    """A position or a representation given to someone else is taken from the one who held it."""
    from .backends import forget_principals

    if instance.pk:
        forget_principals(sender.objects.filter(pk=instance.pk).values_list("user_id", flat=True))


def connect_principal_signals():
    from django.db.models.signals import post_delete, post_save, pre_save

    from primaria.institutions.models import Department, Institution, Position

    from .models import Party, Representation, User

    for model in (Position, Representation):
        pre_save.connect(_moving, sender=model, dispatch_uid=f"principal-move-{model._meta.label}")
    for model in (User, Party, Representation, Position, Department, Institution):
        post_save.connect(_changed, sender=model, dispatch_uid=f"principal-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"principal-delete-{model._meta.label}")
