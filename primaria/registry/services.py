from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core.counters import take_number

from .models import Channel, Direction, RegisterCounter, RegistryEntry


def _take_number(institution, year: int) -> int:
    """The next register number of the year, inside the caller's transaction (core.counters)."""
    return take_number(RegisterCounter, institution, year)


def register(
    *, institution, direction, channel, summary, actor=None, sender="", sender_reference="", sender_date=None,
    pages=1, annexes="", department=None, recipient="", in_reply_to=None, document=None, outcome="",
) -> RegistryEntry:
    """Give a document its number in the institution's register. Runs inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register() must run inside a transaction")
    year = timezone.localtime().year
    number = _take_number(institution, year)
    # The moment is read while the counter is held, so a later number never carries an earlier time. Should
    # the year end between the two reads, the number is taken again in the new year's register.
    now = timezone.now()
    while timezone.localtime(now).year != year:
        year = timezone.localtime(now).year
        number = _take_number(institution, year)
        now = timezone.now()
    entry = RegistryEntry.objects.create(
        institution=institution,
        year=year,
        number=number,
        registered_at=now,
        direction=direction,
        channel=channel,
        sender=sender[:250],
        sender_reference=sender_reference,
        sender_date=sender_date,
        summary=summary[:500],
        pages=pages,
        annexes=annexes,
        department=department,
        recipient=recipient[:250],
        in_reply_to=in_reply_to,
        document=document,
        outcome=outcome,
        closed_at=now if direction != "in" else None,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor=actor, action="registry.register", target=entry, institution_id=institution.pk,
           number=entry.number, year=year, direction=direction)
    return entry


def close(*, entry: RegistryEntry, outcome: str, actor=None):
    """Write how an inbound entry was resolved (the register's "mod de rezolvare" column)."""
    RegistryEntry.objects.filter(pk=entry.pk).update(outcome=outcome[:300], closed_at=timezone.now())
    record(actor=actor, action="registry.close", target=entry, institution_id=entry.institution_id, outcome=outcome)


def register_manual(*, actor, institution, direction, channel, summary, sender="", sender_reference="",
                    sender_date="", pages="1", annexes="", department=None, recipient="") -> RegistryEntry:
    """A clerk registers a letter that came by post or e-mail, an outgoing letter, or an internal document.

    Takes the values as typed; every wrong one gets its message and nothing is registered.
    """
    from datetime import date

    from primaria.core.errors import DomainError
    from primaria.institutions.models import Role
    from primaria.institutions.selectors import positions_of

    if not any(p.role == Role.REGISTRY_CLERK and p.department.institution_id == institution.pk for p in positions_of(actor)):
        raise PermissionDenied(_("Doar registratura instituției poate înregistra documente în registrul ei."))
    errors = {}
    summary, sender = (summary or "").strip(), (sender or "").strip()
    if direction not in Direction.values:
        errors["direction"] = _("Alegeți sensul documentului.")
    if channel not in Channel.values:
        errors["channel"] = _("Alegeți cum a sosit documentul.")
    if len(summary) < 3:
        errors["summary"] = _("Scrieți pe scurt conținutul documentului.")
    if direction == Direction.INBOUND and not sender:
        errors["sender"] = _("Scrieți emitentul documentului.")
    pages = str(pages or "").strip()
    if not pages.isdigit() or int(pages) < 1:
        errors["pages"] = _("Numărul de file trebuie să fie un număr întreg, cel puțin 1.")
    parsed_date = None
    if sender_date:
        try:
            parsed_date = date.fromisoformat(str(sender_date))
        except ValueError:
            errors["sender_date"] = _("Data nu este validă.")
    if department is not None and department.institution_id != institution.pk:
        errors["department"] = _("Compartimentul nu aparține instituției.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        return register(
            institution=institution, actor=actor, direction=direction, channel=channel, summary=summary, sender=sender,
            sender_reference=(sender_reference or "").strip(), sender_date=parsed_date, pages=int(pages),
            annexes=(annexes or "").strip(), department=department, recipient=(recipient or "").strip(),
        )
