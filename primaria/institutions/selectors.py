from . import tenancy
from .models import INSTITUTION_WIDE_ROLES, Department, Position, Role


def main_institution():
    """The city hall the running request serves (the root of its institution tree): the one its host name names
    on an installation hosting many (`tenancy`), else the one this installation serves."""
    return tenancy.current() or tenancy.default_city_hall()


def served_institution_ids() -> frozenset[int]:
    """The institutions of the city hall the running request serves: the city hall and those under it."""
    city_hall = main_institution()
    return tenancy.institution_ids(city_hall) if city_hall is not None else frozenset()


def positions_of(user):
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_positions_cache", None)
    if cached is None:
        cached = list(Position.objects.filter(user=user, active=True).select_related("department__institution"))
        user._positions_cache = cached
    city_hall = tenancy.current()
    if city_hall is not None and tenancy.hosts_many():
        # On the site of one city hall an official holds only the positions in it: elsewhere they are a resident.
        ids = tenancy.institution_ids(city_hall)
        return [p for p in cached if p.department.institution_id in ids]
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
