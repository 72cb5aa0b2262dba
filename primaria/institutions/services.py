"""Changes to who does what: officials' positions, and delegations of an official's rights to a deputy.

Pages, the admin and jobs call these functions; each one runs in one transaction, locks the rows the rule it
checks depends on and writes an audit entry.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from primaria.audit.services import record
from primaria.core.errors import DomainError

from . import tenancy
from .models import Delegation, Institution, Position, Role
from .selectors import has_role

# Roles one person at a time holds: the documents are signed by "the" mayor, "the" secretary general and
# "the" head of the department (documents.issuing.position_for), so a second holder would make who signs
# depend on the order of the rows. The value says where the role is unique.
SINGLE_HOLDER_ROLES = {
    Role.MAYOR: ("institution", gettext_lazy("Instituția are deja un primar în funcție")),
    Role.SECRETARY_GENERAL: ("institution", gettext_lazy("Instituția are deja un secretar general în funcție")),
    Role.HEAD: ("department", gettext_lazy("Compartimentul are deja un șef în funcție")),
}


def require_it_admin(actor):
    """Officials' positions are kept by the city hall's IT admin (or a superuser)."""
    if not (actor.is_superuser or has_role(actor, Role.IT_ADMIN)):
        raise PermissionDenied(gettext("Doar administratorul IT poate schimba funcțiile funcționarilor."))


# --- positions ----------------------------------------------------------------------------------------------


def check_position(*, actor, user, department, role, function, position=None):
    """Raise PermissionDenied or DomainError if `user` may not hold `role` in `department` with `function`.

    `position` is the row being taken up again or renamed (the same user, department and role), which
    does not count against itself. The admin's form asks this before saving, so the person sees the
    reason next to the field; assign_position asks it again under the lock.
    """
    require_it_admin(actor)
    errors = {}
    if user is None:
        errors["user"] = gettext("Alegeți funcționarul.")
    if department is None:
        errors["department"] = gettext("Alegeți compartimentul.")
    if role not in Role.values:
        errors["role"] = gettext("Alegeți un rol din listă.")
    if not (function or "").strip():
        errors["function"] = gettext("Scrieți funcția, așa cum apare pe documente (de exemplu „Inspector de specialitate”).")
    if errors:
        raise DomainError(errors)
    if position is not None and position.active and position.function == function.strip():
        raise DomainError({"role": gettext("Funcționarul are deja acest rol în compartiment.")})
    if role in SINGLE_HOLDER_ROLES:
        scope, message = SINGLE_HOLDER_ROLES[role]
        holders = Position.objects.filter(role=role, active=True).select_related("user")
        if scope == "institution":
            holders = holders.filter(department__institution_id=department.institution_id)
        else:
            holders = holders.filter(department=department)
        if position is not None:
            holders = holders.exclude(pk=position.pk)
        holder = holders.first()
        if holder is not None:
            name = holder.user.get_full_name() or holder.user.email
            raise DomainError({"role": gettext("%(message)s: %(name)s. Încheiați mai întâi funcția acestuia.") % {"message": message, "name": name}})


@transaction.atomic
def assign_position(*, actor, user, department, role, function, ip=None) -> Position:
    """Give `user` the `role` in `department` (or take up again, or rename, the position they had there)."""
    if department is not None:
        # One change of positions at a time per institution, so two mayors cannot be named at once.
        Institution.objects.select_for_update().get(pk=department.institution_id)
    position = None
    if user is not None and department is not None:
        position = Position.objects.select_for_update().filter(user=user, department=department, role=role).first()
    check_position(actor=actor, user=user, department=department, role=role, function=function, position=position)
    function = function.strip()
    if position is None:
        position = Position.objects.create(user=user, department=department, role=role, function=function)
    else:
        position.function = function
        position.active = True
        position.save(update_fields=["function", "active"])
    record(actor=actor, action="institutions.assign_position", target=position, ip_address=ip,
           institution_id=department.institution_id, user=user.pk, department=department.pk, role=role,
           function=function)
    return position


@transaction.atomic
def end_position(*, actor, position_id, ip=None) -> Position:
    """The official no longer holds the position. The row stays: documents and steps still name it."""
    require_it_admin(actor)
    position = Position.objects.select_for_update().select_related("department").get(pk=position_id)
    if position.active:
        position.active = False
        position.save(update_fields=["active"])
        record(actor=actor, action="institutions.end_position", target=position, ip_address=ip,
               institution_id=position.department.institution_id, user=position.user_id,
               department=position.department_id, role=position.role)
    return position


# --- delegations --------------------------------------------------------------------------------------------


def check_delegation(*, actor, principal, deputy, starts_on, ends_on):
    """Raise PermissionDenied or DomainError if the delegation may not be given; returns the positions of
    the principal and of the deputy. Shared by the admin's form and grant_delegation."""
    if principal is not None and actor != principal and not (actor.is_superuser or has_role(actor, Role.IT_ADMIN)):
        raise PermissionDenied(gettext("Doar titularul sau administratorul IT poate stabili o delegare."))
    errors = {}
    if principal is None:
        errors["principal"] = gettext("Alegeți titularul.")
    if deputy is None or deputy == principal:
        errors["deputy"] = gettext("Alegeți înlocuitorul (altă persoană decât titularul).")
    if starts_on is None:
        errors["starts_on"] = gettext("Alegeți data de început.")
    if ends_on is None:
        errors["ends_on"] = gettext("Alegeți data de sfârșit.")
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = gettext("Data de sfârșit nu poate fi înaintea datei de început.")
    elif ends_on < timezone.localdate():
        errors["ends_on"] = gettext("Perioada delegării s-a încheiat deja.")
    principal_position = deputy_position = None
    if principal is not None:
        principal_position = Position.objects.filter(user=principal, active=True).select_related("department").first()
        if principal_position is None:
            errors["principal"] = gettext("Titularul nu are o funcție activă.")
    if "deputy" not in errors and principal_position is not None:
        institutions = Position.objects.filter(user=principal, active=True).values("department__institution")
        deputy_position = Position.objects.filter(user=deputy, active=True,
                                                  department__institution__in=institutions).first()
        if deputy_position is None:
            errors["deputy"] = gettext("Înlocuitorul trebuie să fie funcționar al instituției.")
    if errors:
        raise DomainError(errors)
    if Delegation.objects.filter(principal=principal, revoked=False, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise DomainError({"starts_on": gettext("Există deja o delegare a titularului care se suprapune cu această perioadă.")})
    return principal_position, deputy_position


@transaction.atomic
def grant_delegation(*, actor, principal, deputy, starts_on, ends_on, capacity="", reason="", ip=None) -> Delegation:
    """The principal (or the IT admin) hands their signing rights to a deputy for a date range."""
    if principal is not None:
        # Delegations of one principal are given one at a time, so two overlapping ones cannot both pass.
        get_user_model().objects.select_for_update().filter(pk=principal.pk).first()
    principal_position, deputy_position = check_delegation(
        actor=actor, principal=principal, deputy=deputy, starts_on=starts_on, ends_on=ends_on)
    capacity = (capacity or "").strip() or f"p. {principal_position.function}, {deputy_position.function}"
    delegation = Delegation.objects.create(
        principal=principal, deputy=deputy, starts_on=starts_on, ends_on=ends_on, capacity=capacity[:120],
        reason=(reason or "")[:200], created_by=actor,
    )
    record(actor=actor, action="institutions.delegate", target=delegation, ip_address=ip,
           institution_id=principal_position.department.institution_id,
           principal=principal.pk, deputy=deputy.pk, starts_on=str(starts_on), ends_on=str(ends_on))
    return delegation


def check_revocation(*, actor, delegation):
    if actor != delegation.principal and not actor.is_superuser:
        raise PermissionDenied(gettext("Doar titularul poate revoca delegarea."))


@transaction.atomic
def revoke_delegation(*, actor, delegation_id, ip=None) -> Delegation:
    """The delegation stops counting from now; it stays in the list, since documents were signed under it."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation_id)
    check_revocation(actor=actor, delegation=delegation)
    if not delegation.revoked:
        delegation.revoked = True
        delegation.save(update_fields=["revoked"])
        record(actor=actor, action="institutions.revoke_delegation", target=delegation, ip_address=ip)
    return delegation


# The earlier names of the two delegation functions, for the callers that still use them.
delegate = grant_delegation
revoke = revoke_delegation


HOST_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def check_city_hall(*, code, name, host, address) -> dict:
    """The problems of a new city hall's data, by field, in Romanian (empty when there are none)."""
    from django.core.validators import validate_slug

    from .models import HostName

    errors = {}
    try:
        validate_slug(code or "")
    except ValidationError:
        errors["code"] = gettext("Codul poate conține doar litere fără diacritice, cifre și cratimă, de exemplu „CBETA”.")
    else:
        if Institution.objects.filter(code=code).exists():
            errors["code"] = gettext("Există deja o instituție cu codul „%(code)s”.") % {"code": code}
    if not (name or "").strip():
        errors["name"] = gettext("Scrieți denumirea primăriei, de exemplu „Primăria Comunei Beta”.")
    if not (address or "").strip():
        errors["address"] = gettext("Scrieți adresa sediului primăriei.")
    normalised = tenancy.normalise_host(host)
    if not HOST_PATTERN.match(normalised) or "." not in normalised:
        errors["host"] = gettext("Numele de domeniu nu este valid; scrieți-l fără protocol și fără port, de exemplu „primaria.comuna-beta.ro”.")
    elif HostName.objects.filter(host=normalised).exists():
        errors["host"] = gettext("Numele de domeniu „%(normalised)s” este deja folosit de o primărie.") % {"normalised": normalised}
    return errors


@transaction.atomic
def add_city_hall(*, actor, code, name, host, address, county="", cui="", email="", phone="", short_name="",
                  secretary_email="", secretary_name="", starter_catalog=True, ip=None):
    """A new city hall on this installation (a county hosting a commune): its institution, the usual departments,
    its host name, its secretary general (who then names the other officials) and the starter catalog with a
    process for every service. Run by the installation's IT admin (a superuser) or a command (`actor` None)."""
    from primaria.catalog.models import Service
    from primaria.catalog.starter import DEPARTMENTS, load_starter_catalog
    from primaria.outbox.services import record as record_event
    from primaria.workflow.services import ensure_default_processes

    from .models import Department, HostName

    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(gettext("Doar administratorul instalației poate adăuga o primărie."))
    code, host = (code or "").strip(), tenancy.normalise_host(host)
    errors = check_city_hall(code=code, name=name, host=host, address=address)
    if errors:
        raise ValidationError(errors)
    city_hall = Institution.objects.create(
        code=code, name=name.strip(), short_name=short_name.strip(), address=address.strip(), county=county.strip(),
        cui=cui.strip(), email=email.strip(), phone=phone.strip(), register_prefix=code.upper()[:20],
    )
    departments = {}
    for dept_code, dept_name, head_title, is_registry in DEPARTMENTS:
        departments[dept_code] = Department.objects.create(
            institution=city_hall, code=dept_code.lower(), name=dept_name, head_title=head_title,
            is_registry=is_registry)
    HostName.objects.create(host=host, institution=city_hall, primary=True)
    secretary = None
    if secretary_email:
        User = get_user_model()
        secretary = User.objects.filter(email__iexact=secretary_email.strip()).first()
        if secretary is None:
            first, _, last = (secretary_name or "").strip().partition(" ")
            secretary = User.objects.create_user(email=secretary_email.strip().lower(), password=None,
                                                 first_name=first, last_name=last)
        Position.objects.create(user=secretary, department=departments["SG"], role=Role.SECRETARY_GENERAL,
                                function="Secretar general al UAT")  # i18n: ro (stored function title)
    services = []
    if starter_catalog:
        services = load_starter_catalog(city_hall, departments)
        ensure_default_processes(Service.objects.filter(institution=city_hall))
        from primaria.reports.starter import load_starter_categories

        load_starter_categories(city_hall, departments)
    record(actor=actor, action="institutions.add_city_hall", target=city_hall, ip_address=ip,
           institution_id=city_hall.pk, host=host, services=len(services),
           secretary=secretary.pk if secretary else None)
    record_event("institution.city_hall_added", city_hall, institution_id=city_hall.pk, host=host)
    tenancy.forget()
    return city_hall


def check_host_name(*, institution, host) -> str:
    """Why `host` cannot be added to `institution`, in Romanian (empty when it can)."""
    from .models import HostName

    normalised = tenancy.normalise_host(host)
    if institution is None or institution.parent_id is not None:
        return gettext("Numele de domeniu se dă unei primării (o instituție fără instituție coordonatoare).")
    if not HOST_PATTERN.match(normalised) or "." not in normalised:
        return gettext("Numele de domeniu nu este valid; scrieți-l fără protocol și fără port, de exemplu „primaria.comuna-beta.ro”.")
    if HostName.objects.filter(host=normalised).exists():
        return gettext("Numele de domeniu „%(normalised)s” este deja folosit de o primărie.") % {"normalised": normalised}
    return ""


@transaction.atomic
def add_host_name(*, actor, institution, host, primary=False, ip=None):
    """One more host name a city hall is served on (the `www.` variant, a new domain)."""
    from .models import HostName

    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(gettext("Doar administratorul instalației poate schimba numele de domeniu."))
    Institution.objects.select_for_update().get(pk=institution.pk)
    problem = check_host_name(institution=institution, host=host)
    if problem:
        raise ValidationError({"host": problem})
    if primary:
        HostName.objects.filter(institution=institution, primary=True).update(primary=False)
    name = HostName.objects.create(institution=institution, host=tenancy.normalise_host(host), primary=primary)
    record(actor=actor, action="institutions.add_host_name", target=name, ip_address=ip,
           institution_id=institution.pk, host=name.host, primary=primary)
    tenancy.forget()
    return name


@transaction.atomic
def remove_host_name(*, actor, host_name_id, ip=None):
    from .models import HostName

    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(gettext("Doar administratorul instalației poate schimba numele de domeniu."))
    name = HostName.objects.select_for_update().get(pk=host_name_id)
    record(actor=actor, action="institutions.remove_host_name", target=name, ip_address=ip,
           institution_id=name.institution_id, host=name.host)
    name.delete()
    tenancy.forget()
