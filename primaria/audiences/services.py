"""Every change to an audience goes through this module.

Each function runs in one transaction, locks the audience row, checks the move against `TRANSITIONS`, writes
the audience's history (plain Romanian for the applicant) and the audit entry, stores the e-mail to the
applicant (notifications, sent by the outbox) and records the event of the change (`audience.<action>`) in
that same transaction. A slot is taken under the row lock of the official's audience hours, and the unique
constraint `audience_one_per_slot` refuses a second audience in one slot whatever happens.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from primaria.accounts.models import Party
from primaria.audit.services import record
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.phrases import Phrase, phrase
from primaria.core.validators import clean_text
from primaria.institutions.models import Department, Role
from primaria.institutions.selectors import main_institution
from primaria.notifications.services import notify
from primaria.outbox.services import record as record_event
from primaria.registry import services as registry
from primaria.registry.models import Channel, Direction

from . import selectors
from .models import WEEKDAYS, Audience, AudienceEvent, AudienceHours, Status, Topic

TOPIC_MIN_LENGTH = 20
TOPIC_MAX_LENGTH = 2000
DECISION_MIN_LENGTH = 10
TOKEN_SALT = "audiences.slot"
REPEAT_WINDOW = timedelta(minutes=10)
TOKEN_MAX_AGE = 60 * 60 * 24 * 60  # a confirmation link is good for 60 days, and only for the slot it names
# Who may be given audience hours: those the public asks to see.
RECEIVING_ROLES = (Role.MAYOR, Role.DEPUTY_MAYOR, Role.SECRETARY_GENERAL, Role.HEAD)


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | None


TRANSITIONS = {
    "ask": Transition(frozenset(), Status.REGISTERED),
    "accept": Transition(frozenset({Status.REGISTERED, Status.RESCHEDULE}), Status.PROPOSED),
    "refuse": Transition(frozenset({Status.REGISTERED, Status.RESCHEDULE}), Status.REFUSED),
    "refer": Transition(frozenset({Status.REGISTERED, Status.RESCHEDULE}), Status.REFERRED),
    "confirm": Transition(frozenset({Status.PROPOSED}), Status.CONFIRMED),
    "ask_another": Transition(frozenset({Status.PROPOSED, Status.CONFIRMED}), Status.RESCHEDULE),
    "held": Transition(frozenset({Status.PROPOSED, Status.CONFIRMED}), Status.HELD),
    "absent": Transition(frozenset({Status.PROPOSED, Status.CONFIRMED}), Status.ABSENT),
    "decide": Transition(frozenset({Status.HELD}), None),
    "remind": Transition(frozenset({Status.PROPOSED, Status.CONFIRMED}), None),
}

ACTION_VERBS = {
    "accept": gettext_lazy("programarea"), "refuse": gettext_lazy("respingerea"),
    "refer": gettext_lazy("trimiterea la compartiment"), "confirm": gettext_lazy("confirmarea"),
    "ask_another": gettext_lazy("cererea altei programări"), "held": gettext_lazy("consemnarea audienței"),
    "absent": gettext_lazy("consemnarea absenței"), "decide": gettext_lazy("consemnarea hotărârii"),
    "remind": gettext_lazy("mementoul"),
}


def allowed(audience: Audience, action: str) -> bool:
    return audience.status in TRANSITIONS[action].sources


# --- the one path every change takes ------------------------------------------------------------


def _lock(audience_id) -> Audience:
    audience = (Audience.objects.select_for_update(of=("self",))
                .select_related("applicant", "registry_entry", "filed_by", "institution")
                .filter(pk=audience_id).first())
    if audience is None:
        raise DomainError(_("Cererea de audiență nu există."))
    return audience


def _read(audience_id) -> Audience:
    audience = Audience.objects.select_related("applicant").filter(pk=audience_id).first()
    if audience is None:
        raise DomainError(_("Cererea de audiență nu există."))
    return audience


def _check(audience: Audience, action: str):
    if not allowed(audience, action):
        raise DomainError(_("Nu se poate face %(action)s: cererea de audiență este în starea „%(status)s”.")
                          % {"action": ACTION_VERBS[action], "status": audience.get_status_display()})


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "Sistem"  # i18n: ro (the label kept in the record; pages show their own word)
    return actor.get_full_name() or actor.email


def _change(audience: Audience, action: str, *, actor, message: Phrase, public=True, tell=True, ip=None, link="",
            **audit):
    """Move the audience, append the history line and the audit entry, store the e-mail, record the event."""
    previous = audience.status
    target = TRANSITIONS[action].target
    now = timezone.now()
    if target is not None and target != previous:
        audience.status = target
        audience.status_changed_at = now
    audience.save()
    user = actor if getattr(actor, "is_authenticated", False) else None
    line = message.fields(limit=500)
    line["message"] = clean_text(line["message"], multiline=True)[:500]
    event = AudienceEvent.objects.create(audience=audience, at=now, action=action, status_from=previous,
                                         status_to=audience.status, actor=user, actor_label=_actor_label(actor),
                                         public=public, **line)
    record(actor=actor, action=f"audience.{action}", target=audience, institution_id=audience.institution_id,
           ip_address=ip, status_from=previous, status_to=audience.status, **audit)
    if public and tell:
        notify(address=applicant_email(audience), recipient=audience.filed_by, template="audience_changed",
               context={"audience": audience, "event": event, "message": line["message"],
                        "status": audience.status, "link": link},
               related=audience)
    record_event(f"audience.{action}", audience, audience_id=audience.pk, action=action, status_from=previous,
                 status=audience.status, official_id=audience.official_id, applicant_id=audience.applicant_id)


def applicant_email(audience: Audience) -> str:
    if audience.filed_by_id and audience.filed_by.email:
        return audience.filed_by.email
    return audience.applicant.email


def slot_label(audience: Audience) -> str:
    """The slot in the active language: "marți, 08.12.2026, la ora 10:00"."""
    local = timezone.localtime(audience.starts_at)
    return _("%(weekday)s, %(date)s, la ora %(time)s") % {"weekday": dict(WEEKDAYS)[local.weekday()],
                                                          "date": f"{local:%d.%m.%Y}", "time": f"{local:%H:%M}"}


def _slot(audience: Audience) -> dict:
    """The slot as the parameters of a history line (date and hour, the same in every language)."""
    local = timezone.localtime(audience.starts_at)
    return {"date": f"{local:%d.%m.%Y}", "time": f"{local:%H:%M}"}


def _register_summary(category) -> str:
    """The register's summary of a new audience request: a legal record, kept in Romanian."""
    with translation.override("ro"):
        return f"Cerere de audiență – {Topic(category).label}"  # i18n: ro


def _official_title(official) -> str:
    hours = AudienceHours.objects.filter(official=official).order_by("-active", "pk").first()
    name = official.get_full_name() or official.email
    return f"{hours.title} {name}" if hours else name


# --- the applicant ----------------------------------------------------------------------------------


def ask(*, actor, party, category, topic, official=None, preferred_days=(), ip=None) -> Audience:
    """A resident (or someone acting for a company or person under a mandate) asks for an audience; the request
    gets its registration number at once and goes to the mayor's office."""
    from primaria.accounts.selectors import mandate_in_force

    if party is None:
        raise DomainError({"__all__": _("Alegeți în numele cui cereți audiența.")})
    rules.require(actor, party, "act_for")
    institution = main_institution()
    errors = {}
    if category not in Topic.values:
        errors["category"] = _("Alegeți domeniul la care se referă audiența.")
    topic = clean_text(topic or "", multiline=True).strip()
    if len(" ".join(topic.split())) < TOPIC_MIN_LENGTH:
        errors["topic"] = _("Descrieți problema pe care doriți să o discutați (cel puțin %(count)s de caractere).") % {
            "count": TOPIC_MIN_LENGTH}
    elif len(topic) > TOPIC_MAX_LENGTH:
        errors["topic"] = _("Descrierea are cel mult %(count)s de caractere; detaliile le prezentați în audiență.") % {
            "count": TOPIC_MAX_LENGTH}
    days = []
    for value in preferred_days or ():
        if str(value) not in {"0", "1", "2", "3", "4"}:
            errors["preferred_days"] = _("Alegeți zilele din listă.")
            break
        days.append(int(value))
    if official is not None and not AudienceHours.objects.filter(official=official, active=True).exists():
        errors["official"] = _("Alegeți o persoană din listă sau „persoana competentă”.")
    if not getattr(actor, "email_verified", False):
        errors["__all__"] = _("Confirmați mai întâi adresa de e-mail a contului (linkul din e-mailul primit).")
    if errors:
        raise DomainError(errors)
    mandate = mandate_in_force(actor, party)
    with transaction.atomic():
        # The party's row is held while a repeat is looked for: a double click, or a form sent again after a lost
        # answer, gets the audience already registered instead of a second number.
        Party.objects.select_for_update().filter(pk=party.pk).first()
        repeat = Audience.objects.filter(
            applicant=party, filed_by=actor, topic=topic, category=category, wanted_official=official,
            status=Status.REGISTERED, created_at__gte=timezone.now() - REPEAT_WINDOW).first()
        if repeat is not None:
            return repeat
        entry = registry.register(
            institution=institution, direction=Direction.INBOUND, channel=Channel.ONLINE,
            summary=_register_summary(category),
            sender=f"{party.name} ({party.masked_identifier})", department=selectors.audience_department(institution),
            actor=actor,
        )
        audience = Audience.objects.create(
            institution=institution, applicant=party, filed_by=actor, mandate=mandate, registry_entry=entry,
            wanted_official=official, category=category, topic=topic, preferred_days=sorted(set(days)),
            status=Status.REGISTERED, status_changed_at=entry.registered_at,
        )
        behalf = party.user_id != actor.pk
        if official and behalf:
            key = gettext_noop("Depusă de %(actor)s în numele %(party)s. Cererea de audiență cu %(official)s a fost "
                               "înregistrată cu nr. %(number)s. Cabinetul Primarului vă răspunde prin e-mail și în cont.")
        elif official:
            key = gettext_noop("Cererea de audiență cu %(official)s a fost înregistrată cu nr. %(number)s. Cabinetul "
                               "Primarului vă răspunde prin e-mail și în cont.")
        elif behalf:
            key = gettext_noop("Depusă de %(actor)s în numele %(party)s. Cererea de audiență cu persoana competentă a "
                               "fost înregistrată cu nr. %(number)s. Cabinetul Primarului vă răspunde prin e-mail și în "
                               "cont.")
        else:
            key = gettext_noop("Cererea de audiență cu persoana competentă a fost înregistrată cu nr. %(number)s. "
                               "Cabinetul Primarului vă răspunde prin e-mail și în cont.")
        params = {"number": entry.reference}
        if official:
            params["official"] = _official_title(official)
        if behalf:
            params.update(actor=_actor_label(actor), party=party.name)
        event = AudienceEvent.objects.create(
            audience=audience, at=entry.registered_at, action="ask", status_to=Status.REGISTERED, actor=actor,
            actor_label=_actor_label(actor), **phrase(key, **params).fields(limit=500))
        record(actor=actor, action="audience.ask", target=audience, institution_id=institution.pk, ip_address=ip,
               mandate=mandate.pk if mandate else None)
        notify(address=applicant_email(audience), recipient=actor, template="audience_changed",
               context={"audience": audience, "event": event, "status": audience.status, "link": "",
                        "message": event.message},
               related=audience)
        record_event("audience.ask", audience, audience_id=audience.pk, action="ask", status=audience.status,
                     applicant_id=party.pk, official_id=official.pk if official else None)
    return audience


def slot_token(audience: Audience) -> str:
    """A link that confirms (or declines) this audience's slot without signing in; it stops working when the
    slot changes."""
    return signing.dumps({"a": audience.pk, "s": audience.starts_at.isoformat()}, salt=TOKEN_SALT)


def audience_from_token(token: str) -> Audience:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise DomainError(_("Linkul nu este valid sau a expirat. Intrați în cont pentru a vedea audiența.")) from None
    try:
        slot = datetime.fromisoformat(data.get("s", ""))
    except (TypeError, ValueError):
        slot = None
    audience = Audience.objects.select_related("applicant", "registry_entry").filter(pk=data.get("a")).first()
    if audience is None or audience.starts_at is None or audience.starts_at != slot:
        raise DomainError(_("Programarea din acest link s-a schimbat. Intrați în cont pentru a vedea programarea actuală."))
    return audience


def _applicant_or_token(actor, audience_id, token):
    if token:
        audience = audience_from_token(token)
        if audience.pk != audience_id and audience_id is not None:
            raise DomainError(_("Linkul nu este pentru această audiență."))
        return audience.pk, audience.starts_at
    rules.require(actor, _read(audience_id), "confirm")
    return audience_id, None


def confirm(*, actor=None, audience_id=None, token="", ip=None) -> Audience:
    """The applicant confirms the proposed slot, from their account or from the link in the e-mail."""
    audience_id, slot = _applicant_or_token(actor, audience_id, token)
    with transaction.atomic():
        audience = _lock(audience_id)
        if slot is not None and audience.starts_at != slot:
            raise DomainError(_("Programarea din acest link s-a schimbat. Intrați în cont pentru a o vedea."))
        _check(audience, "confirm")
        _change(audience, "confirm", actor=actor, ip=ip, via_link=bool(token),
                message=phrase(gettext_noop("Ați confirmat audiența de %(date)s, la ora %(time)s, %(location)s. "
                                            "Vă rugăm să veniți cu un act de identitate."),
                               location=audience.location, **_slot(audience)))
    return audience


def ask_another(*, actor=None, audience_id=None, token="", note="", ip=None) -> Audience:
    """The applicant cannot come at the proposed slot: it is freed and the mayor's office proposes another."""
    audience_id, slot = _applicant_or_token(actor, audience_id, token)
    note = " ".join(clean_text(note or "").split())[:300]
    with transaction.atomic():
        audience = _lock(audience_id)
        if slot is not None and audience.starts_at != slot:
            raise DomainError(_("Programarea din acest link s-a schimbat. Intrați în cont pentru a o vedea."))
        _check(audience, "ask_another")
        old = _slot(audience)
        audience.official, audience.hours, audience.starts_at, audience.location = None, None, None, ""
        if note:
            line = phrase(gettext_noop("Ați cerut altă programare în locul celei de %(date)s, la ora %(time)s. "
                                       "Mențiunea dumneavoastră: %(note)s Cabinetul Primarului vă propune alt "
                                       "interval."), note=note, **old)
        else:
            line = phrase(gettext_noop("Ați cerut altă programare în locul celei de %(date)s, la ora %(time)s. "
                                       "Cabinetul Primarului vă propune alt interval."), **old)
        _change(audience, "ask_another", actor=actor, ip=ip, via_link=bool(token), message=line)
    return audience


# --- the mayor's office -----------------------------------------------------------------------------


def accept(*, actor, audience_id, official, starts_at, ip=None) -> Audience:
    """Accept the request with a slot of `official`'s audience hours (a working day, from tomorrow on, free)."""
    rules.require(actor, _read(audience_id), "decide")
    if official is None:
        raise DomainError({"slot": _("Alegeți cine acordă audiența și intervalul.")})
    if starts_at is None or timezone.is_naive(starts_at):
        raise DomainError({"slot": _("Alegeți un interval din programul de audiențe.")})
    if starts_at <= timezone.now():
        raise DomainError({"slot": _("Intervalul ales a trecut. Alegeți unul dintre intervalele libere.")})
    hours = selectors.hours_for_moment(official, starts_at)
    if hours is None:
        raise DomainError({"slot": _("Intervalul ales nu face parte din programul de audiențe (sau cade într-o zi "
                                     "nelucrătoare). Alegeți unul dintre intervalele libere.")})
    taken = DomainError({"slot": _("Intervalul ales tocmai a fost ocupat de altă audiență. Alegeți alt interval.")})
    try:
        with transaction.atomic():
            audience = _lock(audience_id)
            _check(audience, "accept")
            # The official's hours are locked while the slot is checked and taken: two officers of the cabinet
            # who choose one slot at the same moment are served one after the other.
            AudienceHours.objects.select_for_update().filter(pk=hours.pk).first()
            if Audience.objects.filter(official=official, starts_at=starts_at,
                                       status__in=("proposed", "confirmed", "held", "absent")).exists():
                raise taken
            audience.official, audience.hours, audience.starts_at = official, hours, starts_at
            audience.location = hours.location
            audience.reminded_for = None
            _change(audience, "accept", actor=actor, ip=ip, official=official.pk, starts_at=starts_at.isoformat(),
                    link=reverse("audiences:by_link", args=[slot_token(audience)]),
                    message=phrase(gettext_noop(
                        "Cererea de audiență a fost aprobată. Vă primește %(official)s, %(date)s, la ora %(time)s, "
                        "%(location)s. Confirmați programarea din cont sau din linkul primit pe e-mail, ori cereți "
                        "altă programare."), official=_official_title(official), location=audience.location,
                        **_slot(audience)))
    except IntegrityError:
        raise taken
    return audience


def refuse(*, actor, audience_id, reason, ip=None) -> Audience:
    rules.require(actor, _read(audience_id), "decide")
    reason = rules.require_reason(clean_text(reason or "", multiline=True), field="reason",
                                  what=_("Motivați respingerea cererii de audiență"), to_applicant=True)
    with transaction.atomic():
        audience = _lock(audience_id)
        _check(audience, "refuse")
        audience.refusal_reason = reason
        _change(audience, "refuse", actor=actor, ip=ip,
                message=phrase(gettext_noop("Cererea de audiență a fost respinsă. Motivul: %(reason)s"),
                               reason=reason))
        if audience.registry_entry_id:
            registry.close(entry=audience.registry_entry, outcome="Respinsă", actor=actor)  # i18n: ro (register)
    return audience


def _department(institution, department_id):
    department = Department.objects.filter(pk=department_id or None, institution=institution).first() \
        if str(department_id or "").isdigit() else None
    if department is None:
        raise DomainError({"department": _("Alegeți compartimentul competent.")})
    return department


def _file_request(*, actor, audience, department, text, origin, ip):
    from primaria.requests import services as requests

    service = selectors.follow_up_service(audience.institution)
    if service is None:
        raise DomainError({"department": _("Serviciul „Solicitare în urma audienței” nu este în catalog; "
                                           "administratorul îl adaugă înainte de a trimite cereri compartimentelor.")})
    return requests.file_for(actor=actor, service=service, party=audience.applicant, department=department,
                             answers={"audienta": audience.reference, "continut": text}, origin=origin, ip=ip)


def refer(*, actor, audience_id, department_id, note, ip=None) -> Audience:
    """Send the request to the competent department, which answers it as a request in its inbox."""
    audience = _read(audience_id)
    rules.require(actor, audience, "decide")
    department = _department(audience.institution, department_id)
    note = rules.require_reason(clean_text(note or "", multiline=True), field="note",
                                what=_("Scrieți ce are de rezolvat compartimentul"))
    with transaction.atomic():
        audience = _lock(audience_id)
        _check(audience, "refer")
        request = _file_request(actor=actor, audience=audience, department=department,
                                text=f"{audience.topic}\n\nMențiunea Cabinetului Primarului: {note}",  # i18n: ro
                                origin=f"din cererea de audiență nr. {audience.reference}", ip=ip)  # i18n: ro
        audience.referred_to, audience.follow_up = department, request
        _change(audience, "refer", actor=actor, ip=ip, department=department.pk, request=request.pk,
                message=phrase(gettext_noop(
                    "Problema dumneavoastră ține de %(department)s, căreia i-am trimis-o ca cerere, înregistrată cu "
                    "nr. %(number)s. Răspunsul îl primiți în termenul legal, până la %(due)s."),
                    department=department.name, number=request.reference, due=f"{request.due_date:%d.%m.%Y}"))
        if audience.registry_entry_id:
            registry.close(entry=audience.registry_entry, outcome=f"Trimisă la {department.name}"[:300],  # i18n: ro
                           actor=actor)
    return audience


# --- the official who receives ------------------------------------------------------------------------


def _hold_check(actor, audience_id):
    audience = _read(audience_id)
    rules.require(actor, audience, "hold")
    return audience


def mark_held(*, actor, audience_id, ip=None) -> Audience:
    _hold_check(actor, audience_id)
    with transaction.atomic():
        audience = _lock(audience_id)
        _check(audience, "held")
        if timezone.localdate(audience.starts_at) > timezone.localdate():
            raise DomainError(_("Audiența nu a avut loc încă."))
        _change(audience, "held", actor=actor, ip=ip, tell=False,
                message=phrase(gettext_noop("Audiența a avut loc (%(date)s, la ora %(time)s)."), **_slot(audience)))
    return audience


def mark_absent(*, actor, audience_id, ip=None) -> Audience:
    _hold_check(actor, audience_id)
    with transaction.atomic():
        audience = _lock(audience_id)
        _check(audience, "absent")
        if timezone.localdate(audience.starts_at) > timezone.localdate():
            raise DomainError(_("Audiența nu a avut loc încă."))
        _change(audience, "absent", actor=actor, ip=ip,
                message=phrase(gettext_noop("Nu v-ați prezentat la audiența de %(date)s, la ora %(time)s. Puteți "
                                            "cere o nouă audiență."), **_slot(audience)))
        if audience.registry_entry_id:
            registry.close(entry=audience.registry_entry, outcome="Solicitantul nu s-a prezentat",  # i18n: ro
                           actor=actor)
    return audience


def record_decision(*, actor, audience_id, decision, department_id=None, ip=None) -> Audience:
    """Write what was decided in the audience; where it asks for action, file a request in the competent
    department's inbox for the applicant, linked to the audience."""
    audience = _hold_check(actor, audience_id)
    decision = rules.require_reason(clean_text(decision or "", multiline=True), field="decision",
                                    what=_("Scrieți ce s-a hotărât în audiență"), to_applicant=True)
    department = _department(audience.institution, department_id) if department_id else None
    with transaction.atomic():
        audience = _lock(audience_id)
        _check(audience, "decide")
        if audience.decision:
            raise DomainError(_("Hotărârea audienței a fost deja consemnată."))
        audience.decision = decision
        message = phrase(gettext_noop("În audiență s-a hotărât: %(decision)s"), decision=decision)
        if department is not None:
            request = _file_request(actor=actor, audience=audience, department=department, text=decision,
                                    origin=f"în urma audienței nr. {audience.reference}", ip=ip)  # i18n: ro
            audience.referred_to, audience.follow_up = department, request
            message = phrase(gettext_noop("În audiență s-a hotărât: %(decision)s Pentru aceasta, %(department)s a "
                                          "primit cererea nr. %(number)s, cu termen până la %(due)s."),
                             decision=decision, department=department.name, number=request.reference,
                             due=f"{request.due_date:%d.%m.%Y}")
        _change(audience, "decide", actor=actor, ip=ip, message=message,
                department=department.pk if department else None,
                request=audience.follow_up_id)
        if audience.registry_entry_id:
            registry.close(entry=audience.registry_entry, outcome="Audiență acordată", actor=actor)  # i18n: ro
    return audience


def remind(*, audience_id) -> Audience | None:
    """The day before: remind the applicant of the slot (once per slot)."""
    with transaction.atomic():
        audience = _lock(audience_id)
        if not allowed(audience, "remind") or audience.starts_at is None or audience.reminded_for == audience.starts_at:
            return None
        audience.reminded_for = audience.starts_at
        pending = audience.status == Status.PROPOSED
        _change(audience, "remind", actor=None,
                link=reverse("audiences:by_link", args=[slot_token(audience)]) if pending else "",
                message=phrase(gettext_noop("Vă reamintim: audiența dumneavoastră este mâine, %(date)s, la ora "
                                            "%(time)s, %(location)s. Nu ați confirmat încă programarea.")
                               if pending else
                               gettext_noop("Vă reamintim: audiența dumneavoastră este mâine, %(date)s, la ora "
                                            "%(time)s, %(location)s."),
                               location=audience.location, **_slot(audience)))
    return audience


# --- audience hours ---------------------------------------------------------------------------------


def _parse_time(value, field, errors):
    try:
        return time.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = _("Scrieți ora în forma HH:MM, de exemplu 09:30.")
        return None


def save_hours(*, actor, official, title, weekday, starts_at, ends_at, slot_minutes, location, active=True,
               hours_id=None, ip=None) -> AudienceHours:
    """Add or change one window of an official's audience hours (the mayor's office)."""
    from primaria.institutions.selectors import positions_of

    rules.require(actor, AudienceHours(), "edit")
    institution = main_institution()
    errors = {}
    if official is None or not any(p.role in RECEIVING_ROLES and p.department.institution_id == institution.pk
                                   for p in positions_of(official)):
        errors["official"] = _("Alegeți primarul, un viceprimar, secretarul general sau un șef de compartiment.")
    title = " ".join(clean_text(title or "").split())
    if len(title) < 3:
        errors["title"] = _("Scrieți funcția, de exemplu „Primar”.")
    if str(weekday) not in {"0", "1", "2", "3", "4"}:
        errors["weekday"] = _("Alegeți o zi lucrătoare a săptămânii.")
    start, end = _parse_time(starts_at, "starts_at", errors), _parse_time(ends_at, "ends_at", errors)
    if start and end and end <= start:
        errors["ends_at"] = _("Ora de sfârșit trebuie să fie după ora de început.")
    minutes = str(slot_minutes or "").strip()
    if not minutes.isdigit() or not 5 <= int(minutes) <= 240:
        errors["slot_minutes"] = _("Durata unei audiențe este între 5 și 240 de minute.")
    location = " ".join(clean_text(location or "").split())
    if len(location) < 3:
        errors["location"] = _("Scrieți unde au loc audiențele, de exemplu „Sala de audiențe, etajul 1”.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        hours = None
        if hours_id:
            hours = AudienceHours.objects.select_for_update().filter(pk=hours_id).first()
            if hours is None:
                raise DomainError(_("Programul de audiențe nu există."))
        hours = hours or AudienceHours(institution=institution)
        hours.official, hours.title, hours.weekday = official, title, int(weekday)
        hours.starts_at, hours.ends_at, hours.slot_minutes = start, end, int(minutes)
        hours.location, hours.active = location, bool(active)
        created = hours.pk is None
        hours.save()
        record(actor=actor, action="audience.hours_saved", target=hours, institution_id=institution.pk, ip_address=ip,
               official=official.pk, weekday=hours.weekday, starts_at=str(start), ends_at=str(end),
               slot_minutes=hours.slot_minutes, active=hours.active, created=created)
        record_event("audience.hours_saved", hours, hours_id=hours.pk, official_id=official.pk, active=hours.active)
    return hours


def parse_slot(value) -> datetime | None:
    """A slot as the office pages send it (ISO date and time), aware in the city's time zone, or None."""
    try:
        moment = datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
