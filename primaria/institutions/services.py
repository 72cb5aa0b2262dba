"""Changes to who does what: delegations of an official's rights to a deputy for a date range."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from primaria.audit.services import record
from primaria.core.errors import DomainError

from .models import Delegation, Position
from .selectors import has_role


@transaction.atomic
def delegate(*, actor, principal, deputy, starts_on, ends_on, capacity="", reason="", ip=None) -> Delegation:
    """The principal (or the IT admin) hands their signing rights to a deputy for a date range."""
    if actor != principal and not (actor.is_superuser or has_role(actor, "it_admin")):
        raise PermissionDenied("Doar titularul sau administratorul IT poate stabili o delegare.")
    errors = {}
    if deputy is None or deputy == principal:
        errors["deputy"] = "Alegeți înlocuitorul (altă persoană decât titularul)."
    if starts_on is None:
        errors["starts_on"] = "Alegeți data de început."
    if ends_on is None:
        errors["ends_on"] = "Alegeți data de sfârșit."
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = "Data de sfârșit nu poate fi înaintea datei de început."
    elif ends_on < timezone.localdate():
        errors["ends_on"] = "Perioada delegării s-a încheiat deja."
    principal_position = Position.objects.filter(user=principal, active=True).select_related("department").first()
    deputy_position = Position.objects.filter(user=deputy, active=True).first() if deputy else None
    if principal_position is None:
        errors["principal"] = "Titularul nu are o funcție activă."
    if deputy and deputy_position is None:
        errors["deputy"] = "Înlocuitorul trebuie să fie funcționar al instituției."
    if errors:
        raise DomainError(errors)
    if Delegation.objects.filter(principal=principal, revoked=False, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise DomainError({"starts_on": "Există deja o delegare a titularului care se suprapune cu această perioadă."})
    capacity = (capacity or "").strip() or f"p. {principal_position.function}, {deputy_position.function}"
    delegation = Delegation.objects.create(
        principal=principal, deputy=deputy, starts_on=starts_on, ends_on=ends_on, capacity=capacity[:120],
        reason=(reason or "")[:200], created_by=actor,
    )
    record(actor=actor, action="institutions.delegate", target=delegation, ip_address=ip,
           principal=principal.pk, deputy=deputy.pk, starts_on=str(starts_on), ends_on=str(ends_on))
    return delegation


@transaction.atomic
def revoke(*, actor, delegation_id, ip=None) -> Delegation:
    delegation = Delegation.objects.select_for_update().get(pk=delegation_id)
    if actor != delegation.principal and not actor.is_superuser:
        raise PermissionDenied("Doar titularul poate revoca delegarea.")
    delegation.revoked = True
    delegation.save(update_fields=["revoked"])
    record(actor=actor, action="institutions.revoke_delegation", target=delegation, ip_address=ip)
    return delegation
