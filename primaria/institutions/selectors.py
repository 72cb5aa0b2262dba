from django.conf import settings
from django.core.cache import caches

from .models import INSTITUTION_WIDE_ROLES, Department, Institution, Position, Role


def main_institution():
    """The city hall this deployment serves (the root of the institution tree)."""
    local = caches["local"]  # read on every page; a change of the institution's row shows within a minute
    institution = local.get("institutions:main")
    if institution is None:
        institution = (
            Institution.objects.filter(code=settings.PRIMARIA_INSTITUTION_CODE).first()
            or Institution.objects.filter(parent__isnull=True).order_by("pk").first()
        )
        if institution is not None:
            local.set("institutions:main", institution, 60)
    return institution


def positions_of(user):
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_positions_cache", None)
    if cached is None:
        cached = list(Position.objects.filter(user=user, active=True).select_related("department__institution"))
        user._positions_cache = cached
    return cached


def is_official(user) -> bool:
    return bool(positions_of(user))


def has_role(user, *roles) -> bool:
    return any(p.role in roles for p in positions_of(user))


def visible_department_ids(user) -> set[int] | None:
    """Departments whose work an official may see; None means all of the user's institutions."""
    positions = positions_of(user)
    if any(p.role in INSTITUTION_WIDE_ROLES for p in positions):
        institution_ids = {p.department.institution_id for p in positions if p.role in INSTITUTION_WIDE_ROLES}
        return set(Department.objects.filter(institution_id__in=institution_ids).values_list("pk", flat=True)) | {
            p.department_id for p in positions
        }
    return {p.department_id for p in positions}


def institution_ids_of(user) -> set[int]:
    return {p.department.institution_id for p in positions_of(user)}


def heads_of(department):
    return [p.user for p in Position.objects.filter(department=department, role=Role.HEAD, active=True).select_related("user")]


def active_delegation(principal, day=None):
    """The delegation of `principal`'s rights running on `day` (today by default), if any."""
    from django.utils import timezone

    from .models import Delegation

    day = day or timezone.localdate()
    return (Delegation.objects.filter(principal=principal, revoked=False, starts_on__lte=day, ends_on__gte=day)
            .select_related("deputy").order_by("-starts_on").first())


def delegations_held_by(deputy, day=None):
    """The delegations running on `day` (today by default) under which `deputy` stands in for someone."""
    from django.utils import timezone

    from .models import Delegation

    day = day or timezone.localdate()
    return Delegation.objects.filter(deputy=deputy, revoked=False, starts_on__lte=day, ends_on__gte=day)


def principals_of(deputy, day=None) -> list:
    """Officials whose rights `deputy` holds on `day`."""
    return [d.principal_id for d in delegations_held_by(deputy, day)]
