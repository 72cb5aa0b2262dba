"""The one way the satisfaction survey changes.

    publish_questions   an administrator (or the secretary general) publishes a new version of the questions;
                        the invitations already sent keep the version they were made with
    invite              a closed request or report invites its applicant, once (the outbox handlers call it)
    answer              the applicant answers once, through the signed link (no account needed) or signed in
    record_rating       a report's rating given on the report's own page counts as the survey's answer, so the
                        reporter is not asked twice

Each function is one transaction that locks what it changes, writes an audit entry and records its `survey.*`
event; the e-mail is stored in the same transaction and sent by the outbox's worker.
"""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.audit.services import record as audit
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.validators import clean_text
from primaria.notifications.services import notify
from primaria.outbox.services import record as record_event

from .models import Answer, Invitation, QuestionSet, Subject

TOKEN_SALT = "primaria.satisfaction.survey"
VALID_DAYS = 30
COMMENT_MAX = 500
TYPES = ("scale", "yesno", "choice", "text")
# The default questions are kept as data in Romanian (the answers keep these values); the pages show them in the
# reader's language through the catalog (gettext_noop marks them), while questions an administrator writes are shown
# as written.
DURATION_CHOICES = [gettext_noop("mai repede decât mă așteptam"), gettext_noop("cât mă așteptam"),
                    gettext_noop("mai mult decât mă așteptam")]
DEFAULT_QUESTIONS = [
    {"code": "overall", "type": "scale", "required": True,
     "label": gettext_noop("Cât de mulțumit sunteți, în general, de felul în care a fost rezolvată solicitarea?")},
    {"code": "clear", "type": "yesno", "required": False,
     "label": gettext_noop("Răspunsul și pașii au fost clari?")},
    {"code": "on_time", "type": "yesno", "required": False,
     "label": gettext_noop("Ați primit răspunsul la timp?")},
    {"code": "duration", "type": "choice", "required": False, "choices": DURATION_CHOICES,
     "label": gettext_noop("Cât v-a părut că a durat?")},
    {"code": "comment", "type": "text", "required": False,
     "label": gettext_noop("Doriți să ne spuneți ceva? (opțional, cel mult 500 de caractere)")},
]
EXPIRED = gettext_noop("Linkul chestionarului a expirat la %(when)s: chestionarul se completează în %(days)s de zile "
                       "de la închiderea solicitării. Vă mulțumim!")
INVALID = gettext_noop("Linkul chestionarului nu este valid. Verificați că l-ați copiat întreg din e-mail.")
ANSWERED = gettext_noop("Ați răspuns deja la acest chestionar. Vă mulțumim!")


# --- the questions ----------------------------------------------------------------------------------------------


def current_questions() -> QuestionSet:
    """The newest version of the questions; the first use publishes the default set as version 1."""
    latest = QuestionSet.objects.order_by("-version").first()
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            return QuestionSet.objects.create(version=1, questions=DEFAULT_QUESTIONS,
                                              note="Setul inițial.")  # i18n: ro (a record's note)
    except IntegrityError:  # made at the same moment by another worker
        return QuestionSet.objects.get(version=1)


def check_questions(questions) -> list[dict]:
    """The question set cleaned, or a DomainError in Romanian on `questions`."""
    def refuse(message):
        raise DomainError({"questions": message})

    if not isinstance(questions, list) or not questions:
        refuse(_("Setul de întrebări este o listă cu cel puțin o întrebare."))
    cleaned, codes = [], set()
    for number, item in enumerate(questions, 1):
        if not isinstance(item, dict):
            refuse(_("Întrebarea %(number)s nu este scrisă corect.") % {"number": number})
        code = str(item.get("code", "")).strip()
        label = clean_text(str(item.get("label", ""))).strip()
        kind = item.get("type")
        if not code or not code.replace("_", "").isalnum() or code in codes:
            refuse(_("Întrebarea %(number)s are nevoie de un cod unic (litere, cifre, „_”).") % {"number": number})
        if not label or len(label) > 300:
            refuse(_("Scrieți textul întrebării %(number)s (cel mult 300 de caractere).") % {"number": number})
        if kind not in TYPES:
            refuse(_("Tipul întrebării %(number)s este unul dintre: %(types)s.") % {"number": number,
                                                                                    "types": ", ".join(TYPES)})
        question = {"code": code, "label": label, "type": kind, "required": bool(item.get("required"))}
        if kind == "choice":
            choices = [clean_text(str(c)).strip() for c in item.get("choices") or [] if str(c).strip()]
            if len(choices) < 2:
                refuse(_("Întrebarea %(number)s are nevoie de cel puțin două variante de răspuns.") % {"number": number})
            question["choices"] = choices
        codes.add(code)
        cleaned.append(question)
    overall = next((q for q in cleaned if q["code"] == "overall"), None)
    if overall is None or overall["type"] != "scale" or not overall["required"]:
        refuse(_("Setul păstrează întrebarea „overall” (nota de la 1 la 5, obligatorie): pe ea se calculează media."))
    if any(q["type"] == "text" and q["code"] != "comment" for q in cleaned):
        refuse(_("Singura întrebare cu text liber este „comment”."))
    return cleaned


def publish_questions(*, actor, questions, note: str = "", ip=None) -> QuestionSet:
    """A new version of the questions; the answers given so far keep the version they answered."""
    rules.require(actor, QuestionSet, "edit")
    cleaned = check_questions(questions)
    note = clean_text(note or "").strip()[:300]
    for attempt in range(2):
        try:
            return _publish(actor=actor, cleaned=cleaned, note=note, ip=ip)
        except IntegrityError:
            # The very first version has no row to lock: two publications at once may take the same number;
            # the second one tries once more and takes the next number.
            if attempt:
                raise DomainError(_("Altcineva a publicat chiar acum o versiune a întrebărilor. Încercați din nou."))
    raise AssertionError("unreachable")


def _publish(*, actor, cleaned, note, ip) -> QuestionSet:
    with transaction.atomic():
        # The newest version's row is locked, so two publications at once take different numbers.
        latest = QuestionSet.objects.select_for_update().order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        question_set = QuestionSet.objects.create(version=version, questions=cleaned, note=note, created_by=actor)
        audit(actor=actor, action="satisfaction.publish_questions", target=question_set, ip_address=ip,
              version=version)
        record_event("survey.questions_published", question_set, question_set_id=question_set.pk, version=version)
    return question_set


# --- the signed link --------------------------------------------------------------------------------------------


def token_for(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.public_id), salt=TOKEN_SALT, compress=False)


def survey_path(invitation: Invitation) -> str:
    return reverse("satisfaction:survey", args=[token_for(invitation)])


def survey_url(invitation: Invitation) -> str:
    from primaria.institutions import tenancy

    return tenancy.site_url(tenancy.city_hall_of(invitation.institution)).rstrip("/") + survey_path(invitation)


def from_token(token: str) -> Invitation:
    """The invitation a link names; a DomainError in Romanian when the link is altered or unknown."""
    try:
        public_id = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        raise DomainError(_(INVALID)) from None
    invitation = (Invitation.objects.select_related("question_set", "service", "category", "request", "report",
                                                    "department").filter(public_id=public_id).first())
    if invitation is None or not _served_here(invitation):
        raise DomainError(_(INVALID))
    return invitation


def _served_here(invitation: Invitation) -> bool:
    """On an installation hosting many city halls, a link opens only on the site of its own city hall."""
    from primaria.institutions import tenancy

    city_hall = tenancy.current()
    if city_hall is None or not tenancy.hosts_many():
        return True
    return invitation.institution_id in tenancy.institution_ids(city_hall)


def refusal(invitation: Invitation) -> str:
    """Why the invitation cannot be answered now, or ""."""
    if invitation.answered_at is not None:
        return _(ANSWERED)
    if invitation.expired:
        return _(EXPIRED) % {"when": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y"), "days": VALID_DAYS}
    return ""


# --- invitations ------------------------------------------------------------------------------------------------


def invite(*, request_id=None, report_id=None) -> Invitation | None:
    """Invite the applicant of a closed request (or the reporter of a closed report), once. Run by the outbox's
    atomic handlers: a second run finds the invitation and does nothing."""
    with transaction.atomic():
        if request_id is not None:
            return _invite_for_request(request_id)
        return _invite_for_report(report_id)


def _invite_for_request(request_id) -> Invitation | None:
    from primaria.requests.models import Request, Status
    from primaria.requests.services import applicant_email

    request = (Request.objects.select_for_update(of=("self",))
               .select_related("service", "applicant", "filed_by", "institution", "department", "registry_entry")
               .filter(pk=request_id).first())
    if request is None or request.status != Status.RESOLVED or Invitation.objects.filter(request=request).exists():
        return None
    email = applicant_email(request)
    department_id = request.department_id or request.service.department_id
    if department_id is None:
        return None
    invitation = _create(subject=Subject.REQUEST, request=request, institution_id=request.institution_id,
                         department_id=department_id, service_id=request.service_id,
                         user=request.filed_by, email=email, closed_at=request.resolved_at or timezone.now())
    # In the applicant's language: the account's, else the one the request was made in (when it keeps one).
    notify(address=email, recipient=request.filed_by, template="satisfaction/invitation", related=request,
           language="" if request.filed_by_id else (getattr(request, "language", "") or ""),
           context={"subject": "request", "reference": request.reference, "name": request.service.name,
                    "link": survey_url(invitation), "expires": f"{timezone.localtime(invitation.expires_at):%d.%m.%Y}",
                    "institution": request.institution.name})
    return invitation


def _invite_for_report(report_id) -> Invitation | None:
    from primaria.reports.models import CLOSED_STATUSES, Report, Status

    report = (Report.objects.select_for_update(of=("self",)).select_related("category", "department__institution",
                                                                            "user")
              .filter(pk=report_id).first())
    if report is None or report.status not in CLOSED_STATUSES or Invitation.objects.filter(report=report).exists():
        return None
    email = report.user.email if report.user_id else report.email
    if not email:
        return None
    invitation = _create(subject=Subject.REPORT, report=report, institution_id=report.department.institution_id,
                         department_id=report.department_id, category_id=report.category_id, user=report.user,
                         email=email, closed_at=report.closed_at or timezone.now())
    if report.rating is not None:
        _answer_from_rating(invitation, report)
    elif report.status != Status.RESOLVED:
        # A resolved report's own notice already asks for the rating, and its page leads to this survey: the
        # reporter gets one request, not two. Rejected or filed reports get the survey by e-mail.
        # In the reporter's language: the account's, else the one of the page the report was made in.
        notify(address=email, recipient=report.user, template="satisfaction/invitation", related=report,
               language="" if report.user_id else report.language,
               context={"subject": "report", "reference": report.reference, "name": report.category.name,
                        "link": survey_url(invitation),
                        "expires": f"{timezone.localtime(invitation.expires_at):%d.%m.%Y}",
                        "institution": report.department.institution.name})
    return invitation


def _create(*, closed_at, **fields) -> Invitation:
    now = timezone.now()
    invitation = Invitation.objects.create(question_set=current_questions(), closed_at=closed_at, created_at=now,
                                           expires_at=now + timedelta(days=VALID_DAYS), **fields)
    audit(actor=None, action="satisfaction.invite", target=invitation, institution_id=invitation.institution_id,
          subject=invitation.subject)
    record_event("survey.invited", invitation, invitation_id=invitation.pk, about=invitation.subject)
    return invitation


def _answer_from_rating(invitation: Invitation, report) -> Answer:
    answer = Answer.objects.create(invitation=invitation, question_set=invitation.question_set,
                                   overall=report.rating, comment=report.rating_comment, source=Answer.Source.RATING,
                                   values={"overall": report.rating}, answered_at=report.rated_at or timezone.now())
    invitation.answered_at = answer.answered_at
    invitation.save(update_fields=["answered_at"])
    audit(actor=None, action="satisfaction.answer", target=invitation, institution_id=invitation.institution_id,
          source=answer.source)
    record_event("survey.answered", invitation, invitation_id=invitation.pk, overall=answer.overall)
    return answer


def record_rating(*, report_id) -> Answer | None:
    """The reporter rated the resolution on the report's page: that mark is the survey's answer (once)."""
    from primaria.reports.models import Report

    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(report_id=report_id).first()
        if invitation is None:
            invitation = _invite_for_report(report_id)
            return getattr(invitation, "answer", None) if invitation else None
        if invitation.answered_at is not None:
            return None
        report = Report.objects.get(pk=report_id)
        if report.rating is None:
            return None
        return _answer_from_rating(invitation, report)


# --- answering --------------------------------------------------------------------------------------------------


def check_values(question_set: QuestionSet, data) -> tuple[dict, dict]:
    """(the answers by code, the errors by field `q_<code>`) of the form's or the API's `data`: an object of
    field names to plain values (text, numbers, true/false); anything else is refused with a message."""
    values, errors = {}, {}
    if not hasattr(data, "get"):
        return values, {"detail": _("Trimiteți răspunsurile ca obiect JSON, de exemplu {\"overall\": 4}.")}
    for question in question_set.questions:
        code, kind = question["code"], question["type"]
        field = f"q_{code}"
        raw = data.get(field, data.get(code, ""))
        if isinstance(raw, (dict, list, tuple)):
            errors[field] = _("Scrieți răspunsul ca text sau număr, nu ca listă sau obiect.")
            continue
        raw = "" if raw is None else str(raw)
        if kind == "text":
            text = clean_text(raw, multiline=True).strip()
            if len(text) > COMMENT_MAX:
                errors[field] = _("Comentariul are cel mult %(limit)s de caractere (acum are %(count)s).") % {
                    "limit": COMMENT_MAX, "count": len(text)}
            elif "<" in text or ">" in text:
                errors[field] = _("Scrieți comentariul ca text simplu, fără semnele „<” și „>” (cod HTML).")
            elif text:
                values[code] = text
        elif kind == "scale":
            raw = raw.strip()
            if raw in ("1", "2", "3", "4", "5"):
                values[code] = int(raw)
            elif raw:
                errors[field] = _("Alegeți o notă de la 1 la 5.")
        elif kind == "yesno":
            raw = raw.strip().lower()
            if raw in ("da", "nu"):
                values[code] = raw
            elif raw:
                errors[field] = _("Alegeți „da” sau „nu”.")
        elif kind == "choice":
            raw = raw.strip()
            if raw in question.get("choices", []):
                values[code] = raw
            elif raw:
                errors[field] = _("Alegeți un răspuns din listă.")
        if question.get("required") and code not in values and field not in errors:
            errors[field] = (_("Alegeți o notă de la 1 la 5.") if kind == "scale"
                             else _("Răspundeți la întrebarea „%(question)s”.") % {"question": _(question["label"] or "")})
    return values, errors


def answer(*, actor, invitation_id, data, by_link: bool = False, ip=None) -> Answer:
    """The applicant's answer, once. `by_link`: the caller holds the invitation's signed link (checked by
    `from_token`), which stands for the applicant without an account; otherwise the actor must be the invitation's
    account. Every wrong value gets its message and nothing is saved."""
    invitation = Invitation.objects.select_related("question_set").filter(pk=invitation_id).first()
    if invitation is None:
        raise DomainError(_(INVALID))
    if not by_link:
        rules.require(actor, invitation, "answer")
    values, errors = check_values(invitation.question_set, data)
    if errors:
        raise DomainError(errors)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("question_set", "report")
                      .get(pk=invitation_id))
        problem = refusal(invitation)
        if problem:
            raise DomainError(problem)
        now = timezone.now()
        answer = Answer.objects.create(invitation=invitation, question_set=invitation.question_set,
                                       overall=values["overall"], comment=values.pop("comment", ""), values=values,
                                       source=Answer.Source.SURVEY, answered_at=now)
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
        audit(actor=user, action="satisfaction.answer", target=invitation, institution_id=invitation.institution_id,
              ip_address=ip, source=answer.source, by_link=by_link)
        record_event("survey.answered", invitation, invitation_id=invitation.pk, overall=answer.overall)
        report = invitation.report
        if report is not None and report.rating is None and report.status == "resolved":
            # The survey's overall mark is the report's rating of its resolution: asked once, kept in both.
            from primaria.reports import services as reports

            # Only the mark: the survey's comment goes to the leaders, without names, never to the report's
            # handlers next to the reporter's identity. A savepoint: a rating given meanwhile on the report's page
            # stays as it is, and the answer is kept.
            try:
                with transaction.atomic():
                    reports.rate(actor=user, report_id=report.pk, rating=answer.overall, comment="",
                                 email=report.email, ip=ip)
            except DomainError:
                pass
    return answer
