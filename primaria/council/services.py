"""Every step of a council decision's circuit, from the draft to its publication in the Monitorul Oficial Local.

Each function is one transaction: it locks the draft (or the decision), refuses a step out of order with a Romanian
message, checks the legal term on the working-day calendar (`council.terms`), writes the audit entry and records an
outbox event `council.<step>`. The last step calls `primaria.monitor.services.publish_act` with the PDF signed by the
chair of the session and countersigned by the secretary general.
"""

import math
import re
from datetime import date
from types import SimpleNamespace

from django.conf import settings
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.validators import clean_text
from primaria.institutions.selectors import main_institution
from primaria.outbox.services import record as record_event

from . import proposals, terms
from .models import (
    Addressee,
    Committee,
    CommitteeOpinion,
    Consultation,
    Councillor,
    Decision,
    Draft,
    Majority,
    Proposal,
    Session,
    Vote,
)

TITLE_MIN_LENGTH = 10


def _now():
    return timezone.now()


def _today() -> date:
    return timezone.localdate(_now())


def _text(value, *, multiline=False) -> str:
    return clean_text(value or "", multiline=multiline).strip()


def _past(value, field, what) -> dict:
    if not isinstance(value, date):
        return {field: _("Scrieți data %(what)s.") % {"what": what}}
    if value > _today():
        return {field: _("Data %(what)s nu poate fi în viitor.") % {"what": what}}
    return {}


def _locked_draft(draft_id) -> Draft:
    draft = Draft.objects.select_for_update().filter(pk=getattr(draft_id, "pk", draft_id)).first()
    if draft is None:
        raise DomainError(_("Proiectul nu există."))
    return draft


def _locked_decision(decision_id) -> Decision:
    decision = Decision.objects.select_for_update().filter(pk=getattr(decision_id, "pk", decision_id)).first()
    if decision is None:
        raise DomainError(_("Hotărârea nu există."))
    return decision


def _log(actor, action, target, ip, **data):
    data = {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}
    institution_id = getattr(target, "institution_id", None) or getattr(getattr(target, "draft", None),
                                                                        "institution_id", None)
    record(actor=actor, action=f"council.{action}", target=target, institution_id=institution_id, ip_address=ip,
           **data)
    record_event(f"council.{action}", target, **{f"{target._meta.model_name}_id": target.pk}, **data)


# --- 1. the draft --------------------------------------------------------------------------------------------------


def create_draft(*, actor, title, initiator, body, normative=False, majority=Majority.SIMPLE, referat="",
                 report="", referat_pdf: bytes | None = None, report_pdf: bytes | None = None, registered_on=None,
                 kind=Draft.Kind.DECISION, initiator_user=None, institution=None, ip=None) -> Draft:
    """Register a draft with the initiator's referat and the specialist department's report (text, or the signed
    PDF, kept as an internal `documents.Document`), and its line in the register of draft decisions of the Monitorul
    Oficial Local."""
    institution = institution or main_institution()
    rules.require(actor, Draft(institution=institution), "manage")
    registered_on = registered_on or _today()
    title, initiator, body = _text(title), _text(initiator), _text(body, multiline=True)
    referat, report = _text(referat, multiline=True), _text(report, multiline=True)
    errors = _past(registered_on, "registered_on", _("înregistrării"))
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = _("Scrieți titlul proiectului (cel puțin %(title_min_length)s caractere).") % {"title_min_length": TITLE_MIN_LENGTH}
    if not initiator:
        errors["initiator"] = _("Scrieți inițiatorul proiectului.")
    if len(body) < TITLE_MIN_LENGTH:
        errors["body"] = _("Scrieți textul proiectului.")
    if not referat and referat_pdf is None:
        errors["referat"] = _("Scrieți referatul de aprobare al inițiatorului sau încărcați-l ca PDF.")
    if not report and report_pdf is None:
        errors["report"] = _("Scrieți raportul compartimentului de specialitate sau încărcați-l ca PDF.")
    for field, data in (("referat", referat_pdf), ("report", report_pdf)):
        if data is not None and not bytes(data[:5]).startswith(b"%PDF"):
            errors[field] = _("Fișierul ales nu este un PDF.")
    if majority not in Majority.values:
        errors["majority"] = _("Alegeți majoritatea cerută pentru adoptare.")
    if kind not in Draft.Kind.values:
        errors["kind"] = _("Alegeți tipul proiectului.")
    if initiator_user is not None and not getattr(initiator_user, "pk", None):
        from primaria.accounts.models import User

        initiator_user = User.objects.filter(pk=initiator_user, is_active=True).first()
        if initiator_user is None:
            errors["initiator_user"] = _("Contul inițiatorului nu există.")
    if errors:
        raise DomainError(errors)
    from primaria.documents.models import Document
    from primaria.documents.services import files_removed_on_error, store_generated
    from primaria.monitor.services import register_draft

    with files_removed_on_error(), transaction.atomic():
        files = {}
        for field, data, what in (("referat", referat_pdf, "Referatul de aprobare"),  # i18n: ro (document titles)
                                  ("report", report_pdf, "Raportul compartimentului de specialitate")):  # i18n: ro
            if data is not None:
                files[field] = store_generated(owner=None, institution=institution, data=bytes(data),
                                               title=f"{what} – {title}", source=Document.Source.INTERNAL,
                                               created_by=actor, filename=f"{field}.pdf")
        # The institution's row serialises the numbering of drafts.
        type(institution).objects.select_for_update().filter(pk=institution.pk).first()
        year = registered_on.year
        number = (Draft.objects.filter(institution=institution, kind=kind, year=year)
                  .aggregate(m=Max("number"))["m"] or 0) + 1
        if kind == Draft.Kind.DECISION:
            # Lines registered directly in the register of draft decisions (monitor) take numbers too.
            from primaria.monitor.models import DraftDecision

            registered = DraftDecision.objects.filter(institution=institution, year=year).aggregate(
                m=Max("number"))["m"] or 0
            number = max(number, registered + 1)
        line = None
        if kind == Draft.Kind.DECISION:
            line = register_draft(actor=actor, number=number, registered_on=registered_on, initiator=initiator,
                                  title=title, institution=institution, ip=ip)
        draft = Draft.objects.create(
            institution=institution, kind=kind, number=number, year=year, registered_on=registered_on,
            initiator=initiator, title=title, body=body, normative=bool(normative), majority=majority,
            referat=referat, referat_pdf=files.get("referat"), report=report, report_pdf=files.get("report"),
            register_line=line, initiator_user=initiator_user)
        _log(actor, "draft_created", draft, ip, number=number, year=year, normative=draft.normative)
    return draft


WITHDRAWABLE = (Draft.Status.REGISTERED, Draft.Status.CONSULTATION, Draft.Status.READY, Draft.Status.ON_AGENDA)


def withdraw_draft(*, actor, draft_id, reason, on=None, ip=None) -> Draft:
    """The initiator (or the mayor) withdraws a draft before it is adopted, with a reason. The draft stays on record
    with its documents, its consultation closes (no more proposals), its line in the register of draft decisions
    reads "retras", and no further step is accepted."""
    on = on or _today()
    with transaction.atomic():
        draft = _locked_draft(draft_id)
        rules.require(actor, draft, "withdraw")
        if draft.status == Draft.Status.WITHDRAWN:
            raise DomainError(_("Proiectul a fost deja retras la %(withdrawn_on)s.") % {"withdrawn_on": f"{draft.withdrawn_on:%d.%m.%Y}"})
        if draft.status not in WITHDRAWABLE or Decision.objects.filter(draft=draft).exists():
            raise DomainError(_("Proiectul nu mai poate fi retras: este %(status)s.") % {"status": draft.get_status_display()})
        reason = rules.require_reason(reason, field="reason", what=_("Motivați retragerea proiectului"))
        reason = _text(reason, multiline=True)
        errors = _past(on, "on", _("retragerii"))
        if not errors and on < draft.registered_on:
            errors["on"] = _("Retragerea nu poate fi înaintea înregistrării proiectului.")
        if errors:
            raise DomainError(errors)
        previous = draft.status
        draft.status, draft.withdrawn_on, draft.withdrawal_reason = Draft.Status.WITHDRAWN, on, reason
        draft.withdrawn_by = actor
        draft.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "withdrawn_by"])
        Consultation.objects.filter(draft=draft, closed_on__isnull=True).update(closed_on=on)
        if draft.register_line_id:
            from primaria.monitor.models import DraftDecision
            from primaria.monitor.services import close_draft

            close_draft(actor=actor, draft_id=draft.register_line_id, outcome=DraftDecision.Outcome.WITHDRAWN, ip=ip,
                        authorised=True)
        _log(actor, "draft_withdrawn", draft, ip, on=on, reason=reason, previous=previous)
    return draft


# --- 2. the public consultation (Legea 52/2003, art. 7) ------------------------------------------------------------


def open_consultation(*, actor, draft_id, announced_on=None, proposals_until=None, ip=None) -> Consultation:
    """Announce a normative draft: proposals are received from `announced_on` to `proposals_until` (at least 10
    calendar days); the draft may be adopted from the 30th working day after the announcement."""
    announced_on = announced_on or _today()
    with transaction.atomic():
        draft = _locked_draft(draft_id)
        rules.require(actor, draft, "manage")
        if not draft.normative:
            raise DomainError(_("Doar proiectele de acte normative se supun consultării publice (Legea nr. 52/2003)."))
        if draft.status != Draft.Status.REGISTERED:
            raise DomainError(_("Consultarea nu se mai poate deschide: proiectul este %(status)s.") % {"status": draft.get_status_display()})
        errors = _past(announced_on, "announced_on", _("anunțului"))
        minimum = terms.proposals_minimum(announced_on) if not errors else None
        if not errors and announced_on < draft.registered_on:
            errors["announced_on"] = _("Anunțul nu poate fi înaintea înregistrării proiectului.")
        if not errors:
            proposals_until = proposals_until or minimum.day
            if not isinstance(proposals_until, date) or proposals_until < minimum.day:
                errors["proposals_until"] = (_("Propunerile se primesc cel puțin până la %(day)s (%(basis)s).") % {"day": f"{minimum.day:%d.%m.%Y}", "basis": minimum.basis})
        if errors:
            raise DomainError(errors)
        earliest = terms.earliest_adoption(announced_on)
        if proposals_until >= earliest.day:
            raise DomainError({"proposals_until": _("Propunerile trebuie primite înainte de data adoptării (cel mai devreme %(day)s).") % {"day": f"{earliest.day:%d.%m.%Y}"}})
        consultation = Consultation.objects.create(draft=draft, announced_on=announced_on,
                                                   proposals_until=proposals_until, earliest_adoption=earliest.day)
        draft.status = Draft.Status.CONSULTATION
        draft.save(update_fields=["status"])
        if draft.register_line_id:
            type(draft.register_line).objects.filter(pk=draft.register_line_id).update(published_on=announced_on)
        _log(actor, "consultation_opened", draft, ip, announced_on=announced_on, proposals_until=proposals_until,
             earliest_adoption=earliest.day)
    return consultation


def submit_proposal(*, draft_id, text, name="", email="", user=None, ip=None) -> Proposal:
    """A resident's proposal, received only inside the window announced; outside it nothing is saved."""
    now = _now()
    today = timezone.localdate(now)
    name, email, user = proposals.sender(name, email, user)
    text = _text(text, multiline=True)
    with transaction.atomic():
        draft = _locked_draft(draft_id)
        consultation = Consultation.objects.filter(draft=draft).first()
        if consultation is None:
            raise DomainError(_("Proiectul nu este supus consultării publice."))
        if draft.status == Draft.Status.WITHDRAWN:
            raise DomainError(_("Proiectul a fost retras de inițiator la %(withdrawn_on)s; consultarea s-a încheiat. Propunerea nu a fost înregistrată.") % {"withdrawn_on": f"{draft.withdrawn_on:%d.%m.%Y}"})
        if today < consultation.announced_on:
            raise DomainError(_("Propunerile se primesc începând cu %(announced_on)s.") % {"announced_on": f"{consultation.announced_on:%d.%m.%Y}"})
        if today > consultation.proposals_until or consultation.synthesis_published_at is not None:
            raise DomainError(_("Termenul pentru propuneri s-a încheiat la %(proposals_until)s (%(basis_proposals)s). Propunerea nu a fost înregistrată.") % {"proposals_until": f"{consultation.proposals_until:%d.%m.%Y}", "basis_proposals": terms.BASIS_PROPOSALS})
        errors = proposals.proposal_errors(name, email, text)
        if errors:
            raise DomainError(errors)
        number = proposals.next_number(consultation.proposals)
        proposal = Proposal.objects.create(consultation=consultation, number=number, user=user, name=name,
                                           email=email, text=text, received_at=now)
        record(actor=user, action="council.proposal_received", target=proposal, institution_id=draft.institution_id,
               ip_address=ip, draft=draft.pk, number=number)
        record_event("council.proposal_received", proposal, proposal_id=proposal.pk, draft_id=draft.pk)
    return proposal


def publish_synthesis(*, actor, draft_id, synthesis, ip=None) -> Consultation:
    """After the window closed, the synthesis of the proposals is published next to the draft."""
    synthesis = _text(synthesis, multiline=True)
    with transaction.atomic():
        draft = _locked_draft(draft_id)
        rules.require(actor, draft, "manage")
        if draft.status != Draft.Status.CONSULTATION:
            raise DomainError(_("Sinteza se publică pentru un proiect aflat în consultare publică."))
        consultation = draft.consultation
        if _today() <= consultation.proposals_until:
            raise DomainError(_("Sinteza se publică după încheierea termenului pentru propuneri (%(proposals_until)s).") % {"proposals_until": f"{consultation.proposals_until:%d.%m.%Y}"})
        if len(synthesis) < TITLE_MIN_LENGTH:
            raise DomainError({"synthesis": _("Scrieți sinteza propunerilor primite (sau că nu s-au primit propuneri).")})
        consultation.synthesis = synthesis
        consultation.synthesis_published_at = _now()
        consultation.save(update_fields=["synthesis", "synthesis_published_at"])
        draft.status = Draft.Status.READY
        draft.save(update_fields=["status"])
        _log(actor, "synthesis_published", draft, ip, proposals=consultation.proposals.count())
    return consultation


# --- 3. the committees' opinions -----------------------------------------------------------------------------------


def record_opinion(*, actor, draft_id, committee_id, verdict, given_on=None, note="", ip=None) -> CommitteeOpinion:
    given_on = given_on or _today()
    with transaction.atomic():
        draft = _locked_draft(draft_id)
        rules.require(actor, draft, "manage")
        if draft.kind != Draft.Kind.DECISION:
            raise DomainError(_("Comisiile avizează doar proiectele de hotărâre."))
        if draft.normative and draft.status == Draft.Status.CONSULTATION:
            raise DomainError(_("Comisiile avizează proiectul după publicarea sintezei propunerilor."))
        if draft.status not in (Draft.Status.REGISTERED, Draft.Status.READY, Draft.Status.ON_AGENDA):
            raise DomainError(_("Proiectul nu mai poate fi avizat: este %(status)s.") % {"status": draft.get_status_display()})
        if draft.normative and draft.status == Draft.Status.REGISTERED:
            raise DomainError(_("Un proiect de act normativ se avizează după consultarea publică."))
        committee = Committee.objects.filter(pk=getattr(committee_id, "pk", committee_id),
                                             institution_id=draft.institution_id).first()
        errors = _past(given_on, "given_on", _("avizului"))
        if committee is None:
            errors["committee"] = _("Alegeți comisia de specialitate.")
        if verdict not in CommitteeOpinion.Verdict.values:
            errors["verdict"] = _("Alegeți avizul comisiei.")
        if not errors and given_on < draft.registered_on:
            errors["given_on"] = _("Avizul nu poate fi înaintea înregistrării proiectului.")
        if not errors and draft.normative:
            earliest = terms.earliest_adoption(draft.consultation.announced_on)
            if given_on < earliest.day:
                errors["given_on"] = _("Proiectul de act normativ se supune avizării cel mai devreme la %(day)s (%(basis)s).") % {"day": f"{earliest.day:%d.%m.%Y}", "basis": earliest.basis}
        if errors:
            raise DomainError(errors)
        try:
            with transaction.atomic():
                opinion = CommitteeOpinion.objects.create(draft=draft, committee=committee, verdict=verdict,
                                                          given_on=given_on, note=_text(note, multiline=True))
        except IntegrityError as exc:
            raise DomainError({"committee": f"Comisia „{committee.name}” a avizat deja proiectul."}) from exc
        _log(actor, "opinion_recorded", draft, ip, committee=committee.name, verdict=verdict)
    return opinion


# --- 4. the session: convocation, votes ----------------------------------------------------------------------------


def convene(*, actor, session_date, kind, draft_ids, chair_id=None, sent_on=None, institution=None,
            ip=None) -> Session:
    """Convene the council: the session's agenda, the convocation sent to every councillor in office (e-mail), each
    legal term checked: the convocation's advance notice and, for a normative draft, the 30 working days after the
    announcement."""
    from primaria.notifications.services import notify

    institution = institution or main_institution()
    rules.require(actor, Session(institution=institution), "manage")
    sent_on = sent_on or _today()
    errors = _past(sent_on, "sent_on", _("trimiterii convocării"))
    if kind not in Session.Kind.values:
        errors["kind"] = _("Alegeți felul ședinței.")
    if not isinstance(session_date, date):
        errors["session_date"] = _("Scrieți data ședinței.")
    if errors:
        raise DomainError(errors)
    latest = terms.convocation_latest(session_date, kind)
    if sent_on > latest.day:
        raise DomainError({"session_date": _("Convocarea trebuia trimisă cel târziu la %(day)s (%(basis)s).") % {"day": f"{latest.day:%d.%m.%Y}", "basis": latest.basis}})
    chair = None
    if chair_id:
        chair = Councillor.objects.filter(pk=getattr(chair_id, "pk", chair_id), institution=institution,
                                          active=True).first()
        if chair is None:
            raise DomainError({"chair": _("Președintele de ședință trebuie să fie un consilier local în funcție.")})
    ids = sorted({getattr(d, "pk", d) for d in draft_ids})
    if not ids:
        raise DomainError({"drafts": _("Alegeți proiectele de pe ordinea de zi.")})
    councillors = list(Councillor.objects.filter(institution=institution, active=True))
    if not councillors:
        raise DomainError(_("Nu există consilieri locali în funcție de convocat."))
    with transaction.atomic():
        drafts = list(Draft.objects.select_for_update().filter(pk__in=ids, institution=institution).order_by("pk"))
        if len(drafts) != len(ids):
            raise DomainError({"drafts": _("Unul dintre proiectele alese nu există.")})
        for draft in drafts:
            _check_ready_for_session(draft, session_date)
        session = Session.objects.create(institution=institution, date=session_date, kind=kind, chair=chair,
                                         convocation_sent_on=sent_on)
        session.drafts.set(drafts)
        Draft.objects.filter(pk__in=ids).update(status=Draft.Status.ON_AGENDA)
        for councillor in councillors:
            # A councillor without an account gets the convocation in Romanian, the council's language.
            notify(address=councillor.email, template="council_convocation", recipient=councillor.user,
                   language="" if councillor.user_id else settings.LANGUAGE_CODE,
                   related=session, context={"councillor": councillor.full_name, "session": session,
                                             "date": f"{session_date:%d.%m.%Y}", "kind": session.get_kind_display(),
                                             "agenda": [f"{d.number}. {d.title}" for d in drafts],
                                             "institution": institution.name})
        _log(actor, "session_convened", session, ip, date=session_date, kind=kind, drafts=ids,
             councillors=len(councillors))
    return session


def _check_ready_for_session(draft: Draft, session_date: date):
    if draft.kind != Draft.Kind.DECISION:
        raise DomainError({"drafts": _("„%(title)s” este un proiect de dispoziție: nu trece prin consiliu.") % {"title": draft.title}})
    if draft.status == Draft.Status.CONSULTATION:
        raise DomainError({"drafts": _("„%(title)s” este încă în consultare publică: publicați întâi sinteza.") % {"title": draft.title}})
    if draft.status not in (Draft.Status.REGISTERED, Draft.Status.READY):
        raise DomainError({"drafts": _("„%(title)s” nu poate fi pus pe ordinea de zi: este %(status)s.") % {"title": draft.title, "status": draft.get_status_display()}})
    if draft.normative:
        if draft.status != Draft.Status.READY:
            raise DomainError({"drafts": _("„%(title)s” este normativ: trebuie supus întâi consultării publice.") % {"title": draft.title}})
        earliest = terms.earliest_adoption(draft.consultation.announced_on)
        if session_date < earliest.day:
            raise DomainError({"session_date": _("„%(title)s” nu poate fi adoptat înainte de %(day)s (%(basis)s).") % {"title": draft.title, "day": f"{earliest.day:%d.%m.%Y}", "basis": earliest.basis}})


def required_votes(majority: str, *, in_office: int, present: int) -> int:
    """How many votes "pentru" adopt a draft (art. 139): more than half of those present (simple), more than half of
    the councillors in office (absolute), at least two thirds of those in office."""
    if majority == Majority.ABSOLUTE:
        return in_office // 2 + 1
    if majority == Majority.TWO_THIRDS:
        return math.ceil(2 * in_office / 3)
    return present // 2 + 1


def record_votes(*, actor, session_id, draft_id, votes: dict, ip=None) -> Decision:
    """Each councillor's vote on a draft of the session's agenda (`votes`: councillor id → pentru / împotrivă /
    abținere; those absent are left out). Checks the quorum and the majority the draft requires."""
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(pk=getattr(session_id, "pk", session_id)).first()
        if session is None:
            raise DomainError(_("Ședința nu există."))
        rules.require(actor, session, "manage")
        draft = _locked_draft(draft_id)
        if not session.drafts.filter(pk=draft.pk).exists():
            raise DomainError(_("Proiectul nu este pe ordinea de zi a acestei ședințe."))
        if draft.status == Draft.Status.WITHDRAWN:
            raise DomainError(_("Proiectul a fost retras de inițiator la %(withdrawn_on)s; nu se mai votează.") % {"withdrawn_on": f"{draft.withdrawn_on:%d.%m.%Y}"})
        if draft.status != Draft.Status.ON_AGENDA or Decision.objects.filter(draft=draft).exists():
            raise DomainError(_("Votul asupra acestui proiect a fost deja înregistrat."))
        if session.date > _today():
            raise DomainError(_("Votul se înregistrează în ziua ședinței (%(date)s).") % {"date": f"{session.date:%d.%m.%Y}"})
        if session.chair_id is None:
            raise DomainError(_("Alegeți întâi președintele de ședință."))
        if not draft.opinions.filter(given_on__lte=session.date).exists():
            raise DomainError(_("„%(title)s” nu poate fi dezbătut fără avizul comisiei de specialitate (%(basis)s).") % {"title": draft.title, "basis": terms.BASIS_OPINIONS})
        in_office = {c.pk: c for c in Councillor.objects.filter(institution=session.institution, active=True)}
        cast = {}
        for key, choice in (votes or {}).items():
            try:
                pk = int(getattr(key, "pk", key))
            except (TypeError, ValueError):
                raise DomainError(_("Vot pentru un consilier necunoscut.")) from None
            if pk not in in_office:
                raise DomainError(_("Votează doar consilierii locali în funcție."))
            if choice not in Vote.Choice.values:
                raise DomainError(_("Votul lui %(full_name)s trebuie să fie pentru, împotrivă sau abținere.") % {"full_name": in_office[pk].full_name})
            cast[pk] = choice
        present = len(cast)
        quorum = len(in_office) // 2 + 1
        if present < quorum:
            raise DomainError(_("Ședința nu este legal constituită: sunt prezenți %(present)s din %(len)s consilieri, sunt necesari cel puțin %(quorum)s (%(basis_quorum)s).") % {"present": present, "len": len(in_office), "quorum": quorum, "basis_quorum": terms.BASIS_QUORUM})
        for pk, choice in cast.items():
            Vote.objects.create(session=session, draft=draft, councillor=in_office[pk], choice=choice)
        counts = {c: sum(1 for v in cast.values() if v == c) for c in Vote.Choice.values}
        needed = required_votes(draft.majority, in_office=len(in_office), present=present)
        adopted = counts[Vote.Choice.FOR] >= needed
        decision = Decision.objects.create(
            draft=draft, session=session, adopted_on=session.date,
            status=Decision.Status.ADOPTED if adopted else Decision.Status.REJECTED,
            in_office=len(in_office), present=present, votes_for=counts[Vote.Choice.FOR],
            votes_against=counts[Vote.Choice.AGAINST], abstentions=counts[Vote.Choice.ABSTAIN], required=needed,
            prefect_due_on=terms.prefect_due(session.date).day)
        draft.status = Draft.Status.ADOPTED if adopted else Draft.Status.REJECTED
        draft.save(update_fields=["status"])
        if adopted:
            decision.number = _next_number(session.institution, Draft.Kind.DECISION, session.date.year)
            decision.save(update_fields=["number"])
        elif draft.register_line_id:
            from primaria.monitor.services import close_draft

            close_draft(actor=actor, draft_id=draft.register_line_id, outcome="rejected", ip=ip)
        _log(actor, "votes_recorded", decision, ip, draft=draft.pk, adopted=adopted, present=present,
             votes_for=decision.votes_for, required=needed)
    return decision


def _next_number(institution, kind, year) -> int:
    """The next number of a decision (or of a disposition) of `year`: after those already published in the Monitorul
    Oficial Local and those adopted here and not yet published."""
    from primaria.monitor.models import Act

    taken = Act.objects.filter(institution=institution, kind=kind, year=year).aggregate(m=Max("number"))["m"]
    ours = Decision.objects.filter(draft__institution=institution, draft__kind=kind, adopted_on__year=year).aggregate(
        m=Max("number"))["m"]
    return max(taken or 0, ours or 0) + 1


# --- 5. signature and countersignature (art. 140, art. 243) --------------------------------------------------------


def _secretary_general(institution):
    from primaria.institutions.models import Position, Role

    return Position.objects.filter(department__institution=institution, role=Role.SECRETARY_GENERAL,
                                   active=True).select_related("user").first()


def decision_signers(decision: Decision) -> list[dict]:
    """Who signs, in order: the chair of the session (a decision) or the mayor (a disposition), then the secretary
    general who countersigns."""
    secretary = _secretary_general(decision.draft.institution)
    if decision.session_id:
        first = {"name": decision.session.chair.full_name, "function": "Președinte de ședință", "capacity": "Semnează"}  # i18n: ro
    else:
        mayor = decision.chair_signed_by
        first = {"name": (mayor.get_full_name() or mayor.email) if mayor else "Primarul", "function": "Primar",
                 "capacity": "Emite"}  # i18n: ro
    return [first, {"name": secretary.user.get_full_name() if secretary else "Secretarul general",
                    "function": "Secretar general al UAT", "capacity": "Contrasemnează"}]  # i18n: ro (in the signed PDF)


def render_decision(decision: Decision) -> bytes:
    """The decision under the letterhead, with its verification code and QR code, and the boxes of its two
    signers (the chair, then the secretary general), through the pipeline of every issued document."""
    from primaria.documents.rendering import render_pdf
    from primaria.monitor.models import KIND_TITLES, Kind
    from primaria.monitor.services import new_verification_code

    draft = decision.draft
    institution = decision.draft.institution
    decision.verification_code = decision.verification_code or new_verification_code(institution)
    body = draft.body
    if decision.session_id:
        # i18n: ro (the act's text: a legal record)
        body += (f"\n\nAdoptată în ședința {decision.session.get_kind_display()} din "
                 f"{decision.adopted_on:%d.%m.%Y} cu {decision.votes_for} voturi pentru, {decision.votes_against} "
                 f"împotrivă și {decision.abstentions} abțineri, din {decision.in_office} consilieri în funcție "
                 f"și {decision.present} prezenți.")  # i18n: ro
    kind = Kind.DECISION if draft.kind == Draft.Kind.DECISION else Kind.DISPOSITION
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in re.split(r"\n\s*\n|\r?\n", body) if p.strip())
    return render_pdf(
        institution=institution, department=SimpleNamespace(
            name="Consiliul Local" if kind == Kind.DECISION else "Primarul", phone="", email=""),  # i18n: ro
        title=f"{KIND_TITLES[kind]} nr. {decision.number} din {decision.adopted_on:%d.%m.%Y}",  # i18n: ro
        body_html=f"<p class='subject'><strong>privind {escape(draft.title)}</strong></p>{paragraphs}",  # i18n: ro
        outgoing_reference=f"{decision.number}/{decision.adopted_on.year}",
        verification_code=decision.verification_code, signers=decision_signers(decision))


def _sign(pdf, *, user, index, function, capacity, field, reason, institution):
    from primaria.documents.rendering import stamp_box
    from primaria.signing.services import SigningError, Stamp, credential_for, sign_pdf

    try:
        return sign_pdf(pdf, credential=credential_for(user), field_name=field,
                        stamp=Stamp(signer_name=user.get_full_name() or user.email, function=function,
                                    capacity=capacity, box=stamp_box(index)),
                        reason=reason, location=institution.name)
    except SigningError as exc:
        raise DomainError(_("Hotărârea nu a putut fi semnată: %(exc)s") % {"exc": exc}) from exc


def sign_as_chair(*, actor, decision_id, ip=None) -> Decision:
    """The chair of the session signs the decision (the first signature, PAdES)."""
    decision = Decision.objects.select_related("draft", "session__chair", "session__institution").filter(
        pk=getattr(decision_id, "pk", decision_id)).first()
    if decision is None:
        raise DomainError(_("Hotărârea nu există."))
    rules.require(actor, decision, "sign_chair")
    if decision.status != Decision.Status.ADOPTED:
        raise DomainError(_("Hotărârea nu așteaptă semnătura președintelui: este %(status)s.") % {"status": decision.get_status_display()})
    institution = decision.draft.institution
    # i18n: ro (the signature's text, in the PDF)
    pdf = _sign(render_decision(decision), user=actor, index=0, function="Președinte de ședință",
                capacity="Semnează", field="SemnaturaPresedinte", institution=institution,
                reason=f"Hotărârea nr. {decision.number}/{decision.adopted_on.year}: semnătura președintelui")  # i18n: ro
    with transaction.atomic():
        locked = _locked_decision(decision.pk)
        if locked.status != Decision.Status.ADOPTED:
            raise DomainError(_("Hotărârea a fost semnată între timp. Reîncărcați pagina."))
        locked.pdf, locked.status, locked.chair_signed_by = pdf, Decision.Status.CHAIR_SIGNED, actor
        locked.verification_code = decision.verification_code
        locked.save(update_fields=["pdf", "status", "chair_signed_by", "verification_code"])
        _log(actor, "decision_signed", locked, ip, number=locked.number)
    return locked


def countersign(*, actor, decision_id, ip=None) -> Decision:
    """The secretary general countersigns (the second signature, then validation data and an archive timestamp:
    PAdES B-LTA)."""
    from primaria.signing.services import finalize

    decision = Decision.objects.select_related("draft__institution").filter(
        pk=getattr(decision_id, "pk", decision_id)).first()
    if decision is None:
        raise DomainError(_("Hotărârea nu există."))
    rules.require(actor, decision, "countersign")
    if decision.status != Decision.Status.CHAIR_SIGNED:
        raise DomainError(_("Secretarul general contrasemnează după semnătura președintelui de ședință.")
                          if decision.session_id else
                          _("Secretarul general contrasemnează după semnătura primarului."))
    pdf = _sign(bytes(decision.pdf), user=actor, index=1, function="Secretar general al UAT",
                capacity="Contrasemnează", field="ContrasemnaturaSecretar", institution=decision.draft.institution,
                reason=f"Actul nr. {decision.number}/{decision.adopted_on.year}: contrasemnătura")  # i18n: ro
    pdf = finalize(pdf)
    with transaction.atomic():
        locked = _locked_decision(decision.pk)
        if locked.status != Decision.Status.CHAIR_SIGNED:
            raise DomainError(_("Hotărârea a fost contrasemnată între timp. Reîncărcați pagina."))
        locked.pdf, locked.status, locked.countersigned_by = pdf, Decision.Status.COUNTERSIGNED, actor
        locked.save(update_fields=["pdf", "status", "countersigned_by"])
        _log(actor, "decision_countersigned", locked, ip, number=locked.number)
    return locked


def issue_disposition(*, actor, draft_id, on=None, ip=None) -> Decision:
    """The mayor issues a disposition: the same circuit without the council (no committees, no session). A normative
    disposition waits for its consultation and the 30 working days; the mayor signs first, the secretary general
    countersigns (`countersign`), then the communication to the prefect and the publication as for a decision."""
    on = on or _today()
    draft = Draft.objects.select_related("institution").filter(pk=getattr(draft_id, "pk", draft_id)).first()
    if draft is None:
        raise DomainError(_("Proiectul nu există."))
    rules.require(actor, draft, "issue")
    errors = _past(on, "on", _("emiterii"))
    if errors:
        raise DomainError(errors)
    _check_disposition(draft, on)
    decision = Decision(draft=draft, adopted_on=on, status=Decision.Status.ADOPTED, chair_signed_by=actor,
                        number=_next_number(draft.institution, Draft.Kind.DISPOSITION, on.year))
    pdf = _sign(render_decision(decision), user=actor, index=0, function="Primar", capacity="Emite",
                field="SemnaturaPrimar", institution=draft.institution,
                reason=f"Dispoziția nr. {decision.number}/{on.year}: semnătura primarului")  # i18n: ro
    with transaction.atomic():
        locked = _locked_draft(draft.pk)
        _check_disposition(locked, on)
        if Decision.objects.filter(draft=locked).exists():
            raise DomainError(_("Dispoziția a fost deja emisă."))
        if _next_number(draft.institution, Draft.Kind.DISPOSITION, on.year) != decision.number:
            raise DomainError(_("Numărul %(number)s/%(year)s a fost dat între timp altei dispoziții. Încercați din nou.") % {"number": decision.number, "year": on.year})
        decision.status, decision.pdf = Decision.Status.CHAIR_SIGNED, pdf
        decision.prefect_due_on = terms.prefect_due(on).day
        decision.save()
        locked.status = Draft.Status.ADOPTED
        locked.save(update_fields=["status"])
        _log(actor, "disposition_issued", decision, ip, number=decision.number, on=on)
    return decision


def _check_disposition(draft: Draft, on: date):
    if draft.kind != Draft.Kind.DISPOSITION:
        raise DomainError(_("Hotărârile se adoptă de consiliul local, în ședință."))
    if draft.status == Draft.Status.CONSULTATION:
        raise DomainError(_("Proiectul este încă în consultare publică: publicați întâi sinteza."))
    if draft.status not in (Draft.Status.REGISTERED, Draft.Status.READY):
        raise DomainError(_("Dispoziția nu mai poate fi emisă: proiectul este %(status)s.") % {"status": draft.get_status_display()})
    if draft.normative:
        if draft.status != Draft.Status.READY:
            raise DomainError(_("Un proiect de act normativ se supune întâi consultării publice."))
        earliest = terms.earliest_adoption(draft.consultation.announced_on)
        if on < earliest.day:
            raise DomainError({"on": _("Dispoziția nu poate fi emisă înainte de %(day)s (%(basis)s).") % {"day": f"{earliest.day:%d.%m.%Y}", "basis": earliest.basis}})


# --- 6. communication to the prefect, publication ------------------------------------------------------------------


def communicate_to_prefect(*, actor, decision_id, on=None, ip=None) -> Decision:
    """Note the communication to the prefect; it is due within 10 working days of the adoption (art. 197)."""
    on = on or _today()
    with transaction.atomic():
        decision = _locked_decision(decision_id)
        rules.require(actor, decision, "manage")
        if decision.status != Decision.Status.COUNTERSIGNED:
            raise DomainError(_("Actul se comunică prefectului după semnare și contrasemnare."))
        errors = _past(on, "on", _("comunicării"))
        if not errors and on < decision.adopted_on:
            errors["on"] = _("Comunicarea nu poate fi înaintea adoptării.")
        if errors:
            raise DomainError(errors)
        due = terms.prefect_due(decision.adopted_on)
        # A late communication is still made (the prefect's control of legality needs the act), and recorded as late.
        decision.communicated_prefect_on = on
        decision.status = Decision.Status.COMMUNICATED
        decision.save(update_fields=["communicated_prefect_on", "status"])
        _log(actor, "decision_communicated", decision, ip, on=on, due=due.day, late=on > due.day)
    return decision


def publish(*, actor, decision_id, ip=None):
    """Publish the signed decision in the Monitorul Oficial Local (`monitor.services.publish_act`)."""
    from primaria.monitor.models import Kind
    from primaria.monitor.services import publish_act

    decision = Decision.objects.select_related("draft__institution").filter(
        pk=getattr(decision_id, "pk", decision_id)).first()
    if decision is None:
        raise DomainError(_("Hotărârea nu există."))
    rules.require(actor, decision, "manage")
    if decision.status != Decision.Status.COMMUNICATED:
        raise DomainError(_("Actul se publică după ce a fost comunicat prefectului."))
    draft = decision.draft
    kind = Kind.DECISION if draft.kind == Draft.Kind.DECISION else Kind.DISPOSITION
    act = publish_act(actor=actor, kind=kind, number=decision.number, adopted_on=decision.adopted_on,
                      title=draft.title, body=draft.body, institution=decision.draft.institution,
                      initiator=draft.initiator, signed_pdf=bytes(decision.pdf),
                      verification_code=decision.verification_code, draft=draft.register_line,
                      communicated_prefect_on=decision.communicated_prefect_on,
                      communicated_on=decision.communicated_on, ip=ip)
    extra = {}
    if draft.normative:
        due = terms.publication_due(decision.communicated_prefect_on)
        extra = {"due": due.day, "late": timezone.localdate(act.published_at) > due.day}
    with transaction.atomic():
        locked = _locked_decision(decision.pk)
        locked.act, locked.status = act, Decision.Status.PUBLISHED
        locked.save(update_fields=["act", "status"])
        _log(actor, "decision_published", locked, ip, act=act.pk, **extra)
    return locked


# --- 7. communication to those the act concerns (art. 199) ---------------------------------------------------------

COMMUNICABLE = (Decision.Status.ADOPTED, Decision.Status.CHAIR_SIGNED, Decision.Status.COUNTERSIGNED,
                Decision.Status.COMMUNICATED, Decision.Status.PUBLISHED)


def add_addressee(*, actor, decision_id, party_id=None, name="", address="", email="", ip=None) -> Addressee:
    """Record a person or a company an act with individual character concerns: a party of the platform (whose
    folder receives the act when they have an account) or a name and a postal address."""
    from primaria.accounts.models import Party

    with transaction.atomic():
        decision = _locked_decision(decision_id)
        rules.require(actor, Addressee(decision=decision), "manage")
        if decision.status not in COMMUNICABLE:
            raise DomainError(_("Actul nu a fost adoptat: nu are cui să fie comunicat."))
        if decision.communicated_on is not None:
            raise DomainError(_("Actul a fost deja comunicat celor cărora se adresează."))
        party = None
        if party_id:
            party = Party.objects.filter(pk=getattr(party_id, "pk", party_id)).first()
            if party is None:
                raise DomainError({"party": _("Persoana aleasă nu există.")})
            if decision.addressees.filter(party=party).exists():
                raise DomainError({"party": _("%(name)s este deja trecut printre destinatarii actului.") % {"name": party.name}})
        name = _text(name) or (party.name if party else "")
        address = _text(address) or (party.address if party else "")
        email = _text(email).lower() or (party.email if party else "")
        errors = {}
        if len(name) < 3:
            errors["name"] = _("Scrieți numele persoanei sau denumirea firmei.")
        online = party is not None and party.user_id is not None
        if not online and len(address) < 5:
            errors["address"] = _("Scrieți adresa la care actul se comunică prin poștă (persoana nu are cont).")
        if email:
            try:
                validate_email(email)
            except Exception:
                errors["email"] = _("Scrieți o adresă de e-mail validă.")
        if errors:
            raise DomainError(errors)
        addressee = Addressee.objects.create(decision=decision, party=party, name=name, address=address,
                                             email=email)
        _log(actor, "addressee_added", decision, ip, addressee=addressee.pk, addressee_name=name, online=online)
    return addressee


def _act_label(decision: Decision) -> str:
    """The act's official name (Romanian: a legal record)."""
    what = "Hotărârea" if decision.session_id else "Dispoziția"  # i18n: ro
    return f"{what} nr. {decision.number}/{decision.adopted_on.year} privind {decision.draft.title}"


def communicate_to_addressees(*, actor, decision_id, on=None, ip=None) -> Decision:
    """Communicate the act to each person it concerns (art. 199): online, in the folder of those with an account
    (a copy of the signed act, an outgoing registry entry, a notice by e-mail), otherwise by post (an outgoing
    registry entry with the postal address, for the registry to send). Due within 5 days of the
    communication to the prefect; a later communication is still made, and recorded as late."""
    from primaria.documents.models import Document
    from primaria.documents.services import files_removed_on_error, store_generated
    from primaria.notifications.services import notify
    from primaria.registry.models import Channel, Direction
    from primaria.registry.services import register

    on = on or _today()
    decision = Decision.objects.select_related("draft__institution", "session").filter(
        pk=getattr(decision_id, "pk", decision_id)).first()
    if decision is None:
        raise DomainError(_("Hotărârea nu există."))
    rules.require(actor, Addressee(decision=decision), "manage")
    _check_communicable(decision, on)
    pending = list(decision.addressees.filter(communicated_on__isnull=True).select_related("party__user"))
    institution, label = decision.draft.institution, _act_label(decision)
    pdf = bytes(decision.pdf) if decision.pdf else (decision.act.document.file.open("rb").read()
                                                     if decision.act_id else None)
    with files_removed_on_error():
        # Writing the copies is the slow part: before the lock.
        copies = {a.pk: store_generated(owner=a.party, institution=institution, data=pdf, title=label,
                                        source=Document.Source.ISSUED, created_by=actor, save=False,
                                        filename=f"act-{decision.number}-{decision.adopted_on.year}.pdf")
                  for a in pending if a.party is not None and a.party.user_id is not None and pdf}
        with transaction.atomic():
            locked = _locked_decision(decision.pk)
            _check_communicable(locked, on)
            rows = list(Addressee.objects.select_for_update(of=("self",)).filter(decision=locked, communicated_on__isnull=True)
                        .select_related("party__user").order_by("pk"))
            if [a.pk for a in rows] != [a.pk for a in pending]:
                raise DomainError(_("Lista destinatarilor s-a schimbat între timp. Reîncărcați pagina."))
            due = terms.addressees_due(locked.communicated_prefect_on)
            for addressee in rows:
                online = addressee.pk in copies
                document = copies.get(addressee.pk)
                if document is not None:
                    document.issued_on = on
                    document.save()
                recipient = addressee.name if online else f"{addressee.name}, {addressee.address}"
                # i18n: ro (the registry entry is a legal record)
                entry = register(institution=institution, actor=actor, direction=Direction.OUTBOUND,
                                 channel=Channel.ONLINE if online else Channel.POST, summary=f"Comunicare: {label}",
                                 recipient=recipient, document=document,
                                 outcome="comunicat online, în dosar" if online else "de expediat prin poștă")  # i18n: ro
                addressee.channel = Addressee.Channel.ONLINE if online else Addressee.Channel.POST
                addressee.communicated_on, addressee.registry_entry, addressee.document = on, entry, document
                addressee.save(update_fields=["channel", "communicated_on", "registry_entry", "document"])
                address = addressee.email or (addressee.party.user.email if online else "")
                notify(address=address, template="council_act_communicated",
                       recipient=addressee.party.user if online else None, related=locked,
                       # without an account: Romanian, the language of the act (not the official's page)
                       language="" if online else settings.LANGUAGE_CODE,
                       context={"name": addressee.name, "act": label, "online": online,
                                "reference": entry.reference, "institution": institution.name,
                                "basis": terms.BASIS_ADDRESSEES})
            locked.communicated_on = on
            locked.save(update_fields=["communicated_on"])
            if locked.act_id:
                from primaria.monitor.models import Act

                Act.objects.filter(pk=locked.act_id).update(communicated_on=on)
            _log(actor, "decision_communicated_to_addressees", locked, ip, on=on, due=due.day, late=on > due.day,
                 addressees=[a.pk for a in rows])
    return locked


def _check_communicable(decision: Decision, on):
    if decision.communicated_prefect_on is None:
        raise DomainError(_("Actul se comunică celor cărora se adresează după comunicarea către prefect (%(basis_addressees)s).") % {"basis_addressees": terms.BASIS_ADDRESSEES})
    if not decision.addressees.exists():
        raise DomainError(_("Adăugați întâi persoanele cărora actul li se adresează."))
    if not decision.addressees.filter(communicated_on__isnull=True).exists():
        raise DomainError(_("Actul a fost deja comunicat tuturor celor cărora se adresează."))
    errors = _past(on, "on", _("comunicării"))
    if not errors and on < decision.communicated_prefect_on:
        errors["on"] = _("Comunicarea nu poate fi înaintea comunicării către prefect.")
    if errors:
        raise DomainError(errors)


def addressee_communications(institution=None, *, today=None):
    """The acts with individual character waiting to be communicated (or communicated late), each with its term:
    [(decision, term, late)] for the office."""
    institution = institution or main_institution()
    today = today or _today()
    rows = []
    decisions = (Decision.objects.filter(draft__institution=institution, addressees__isnull=False,
                                         communicated_prefect_on__isnull=False)
                 .select_related("draft", "session").distinct().order_by("communicated_prefect_on", "pk"))
    for decision in decisions:
        due = terms.addressees_due(decision.communicated_prefect_on)
        done = decision.communicated_on
        late = (done or today) > due.day
        if done is None or late:
            rows.append(SimpleNamespace(decision=decision, term=due, late=late, done=done))
    return rows


def timeline(draft: Draft) -> list[terms.Term]:
    """The terms of a draft's circuit, each with its legal basis, for its page."""
    out = []
    if draft.status == Draft.Status.WITHDRAWN and draft.withdrawn_on:
        out.append(terms.Term(_("Retras de inițiator la"), draft.withdrawn_on, terms.BASIS_WITHDRAWAL))
    consultation = Consultation.objects.filter(draft=draft).first()
    if consultation is not None:
        out.append(terms.Term(_("Anunțat pentru consultare la"), consultation.announced_on, terms.BASIS_ANNOUNCEMENT))
        out.append(terms.Term(_("Propuneri primite până la"), consultation.proposals_until, terms.BASIS_PROPOSALS))
        out.append(terms.earliest_adoption(consultation.announced_on))
    for session in draft.sessions.all():
        out.append(terms.convocation_latest(session.date, session.kind))
    decision = Decision.objects.filter(draft=draft).first()
    if decision is not None and decision.number:
        out.append(terms.Term(_("Semnare și contrasemnare"), decision.adopted_on,
                              terms.BASIS_SIGNATURE if decision.session_id else terms.BASIS_DISPOSITION))
        prefect = terms.prefect_due(decision.adopted_on)
        out.append(prefect)
        publication = None
        if decision.communicated_prefect_on:
            out.append(terms.Term(_("Comunicată prefectului la"), decision.communicated_prefect_on, terms.BASIS_PREFECT,
                                  late=decision.communicated_prefect_on > prefect.day))
            if draft.normative:
                publication = terms.publication_due(decision.communicated_prefect_on)
                out.append(publication)
        if decision.communicated_prefect_on and Addressee.objects.filter(decision=decision).exists():
            out.append(terms.addressees_due(decision.communicated_prefect_on))
        if decision.act_id:
            published = timezone.localdate(decision.act.published_at)
            out.append(terms.Term(_("Publicată în Monitorul Oficial Local la"), published, terms.BASIS_PUBLICATION,
                                  late=publication is not None and published > publication.day))
    return out
