"""Every change of public participation: debates (announce, register a written request, register to speak, a
proposal, the minute) and newsletters (subscribe, confirm, unsubscribe, send an announcement to a topic).

Each function is one transaction with its audit entry and its outbox event `participation.<step>`; the debate's row
is locked where it changes or where its registers take their next number. Uploaded documents are stored before the
transaction (`documents.services.store_generated`), and removed again if it fails.
"""

from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.audit.services import record
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.phrases import as_phrase
from primaria.core.validators import clean_text, typed_int
from primaria.council import proposals
from primaria.institutions import tenancy
from primaria.institutions.selectors import main_institution
from primaria.outbox.services import record as record_event

from . import terms
from .models import (
    Debate,
    DebateDocument,
    DebateProposal,
    DebateRequest,
    NewsletterSend,
    SpeakerRegistration,
    Subscription,
    Topic,
)

TITLE_MIN_LENGTH = 10
TEXT_MIN_LENGTH = 10
CONFIRM_SALT = "participation.subscription.confirm"
UNSUBSCRIBE_SALT = "participation.subscription.unsubscribe"
# Shown, and kept as accepted, in the language of the page (a privacy.ConsentText, when there is one, as written).
DEFAULT_CONSENT = gettext_noop("Sunt de acord să primesc prin e-mail anunțurile primăriei pe temele alese. Pot "
                               "renunța oricând prin legătura de dezabonare din fiecare mesaj.")


def _now():
    return timezone.now()


def _today() -> date:
    return timezone.localdate(_now())


def _text(value, *, multiline=False) -> str:
    return clean_text(value or "", multiline=multiline).strip()


def _email(value) -> str:
    return _text(value).lower()


def _valid_url(value) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except Exception:  # noqa: BLE001
        return False
    return True


def _locked_debate(debate_id) -> Debate:
    debate = Debate.objects.select_for_update().filter(pk=getattr(debate_id, "pk", debate_id)).first()
    if debate is None:
        raise DomainError(_("Dezbaterea nu există."))
    return debate


def _log(actor, action, target, ip, institution_id, **data):
    data = {key: value.isoformat() if isinstance(value, date | datetime) else value for key, value in data.items()}
    record(actor=actor if getattr(actor, "is_authenticated", False) else None, action=f"participation.{action}",
           target=target, institution_id=institution_id, ip_address=ip, **data)
    record_event(f"participation.{action}", target, **{f"{target._meta.model_name}_id": target.pk}, **data)


# --- written requests for a debate (art. 7 alin. (9)) --------------------------------------------------------------


def register_debate_request(*, actor, requester, requester_kind, subject, email="", draft_id=None,
                            received_on=None, channel="email", institution=None, ip=None) -> DebateRequest:
    """Register a written request for a public debate from an association or another public authority: it takes a
    number in the institution's register, and the debate becomes mandatory (art. 7 alin. (9))."""
    from primaria.council.models import Draft
    from primaria.registry.models import Channel, Direction
    from primaria.registry.services import register

    institution = institution or main_institution()
    rules.require(actor, DebateRequest(institution=institution), "manage")
    received_on = received_on or _today()
    requester, subject, email = _text(requester), _text(subject, multiline=True), _email(email)
    errors = {}
    if len(requester) < 3:
        errors["requester"] = _("Scrieți denumirea asociației sau a autorității care cere dezbaterea.")
    if requester_kind not in DebateRequest.Requester.values:
        errors["requester_kind"] = _("Alegeți cine cere dezbaterea: o asociație legal constituită sau o altă "
                                     "autoritate publică.")
    if len(subject) < TEXT_MIN_LENGTH:
        errors["subject"] = _("Scrieți pe scurt ce dezbatere se cere.")
    if email and not proposals.valid_email(email):
        errors["email"] = _("Scrieți o adresă de e-mail validă.")
    if not isinstance(received_on, date):
        errors["received_on"] = _("Scrieți data primirii cererii.")
    elif received_on > _today():
        errors["received_on"] = _("Data primirii nu poate fi în viitor.")
    draft = None
    if draft_id:
        draft = Draft.objects.filter(pk=getattr(draft_id, "pk", draft_id), institution=institution).first()
        if draft is None:
            errors["draft"] = _("Proiectul ales nu există.")
    if channel not in Channel.values:
        channel = Channel.EMAIL
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        entry = register(institution=institution, direction=Direction.INBOUND, channel=channel, actor=actor,
                         sender=requester, sender_date=received_on,
                         summary=f"Cerere de organizare a unei dezbateri publice: {subject}")  # i18n: ro (register)
        request = DebateRequest.objects.create(
            institution=institution, registry_entry=entry, requester_kind=requester_kind, requester=requester,
            email=email, draft=draft, subject=subject, received_on=received_on)
        _log(actor, "debate_requested", request, ip, institution.pk, number=entry.number, year=entry.year)
    return request


# --- the debate ----------------------------------------------------------------------------------------------------


def announce_debate(*, actor, title, starts_at, agenda, place="", online_url="", subject=Debate.Subject.OTHER,
                    draft_id=None, request_id=None, announced_on=None, proposals_until=None, documents=(),
                    institution=None, ip=None) -> Debate:
    """Announce a public debate with its date and time, place and/or online link, agenda and documents
    (`documents`: (title, filename, bytes, mime) already checked with `core.files`). The debate must be announced at
    least 3 calendar days before it takes place and take place within 10 days of the announcement."""
    from primaria.council.models import Draft
    from primaria.documents.models import Document
    from primaria.documents.services import files_removed_on_error, store_generated

    institution = institution or main_institution()
    rules.require(actor, Debate(institution=institution), "manage")
    announced_on = announced_on or _today()
    title, agenda = _text(title), _text(agenda, multiline=True)
    place, online_url = _text(place), _text(online_url)
    errors = {}
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = _("Scrieți subiectul dezbaterii (cel puțin %(count)s caractere).") % {"count": TITLE_MIN_LENGTH}
    if len(agenda) < TEXT_MIN_LENGTH:
        errors["agenda"] = _("Scrieți ordinea de zi a dezbaterii.")
    if not place and not online_url:
        errors["place"] = _("Scrieți locul dezbaterii sau legătura la care se poate urmări online.")
    if online_url and not _valid_url(online_url):
        errors["online_url"] = _("Scrieți o adresă web completă, care începe cu https://.")
    if subject not in Debate.Subject.values:
        errors["subject"] = _("Alegeți subiectul dezbaterii.")
    if not isinstance(announced_on, date):
        errors["announced_on"] = _("Scrieți data anunțului.")
    elif announced_on > _today():
        errors["announced_on"] = _("Data anunțului nu poate fi în viitor.")
    if not isinstance(starts_at, datetime):
        errors["starts_at"] = _("Scrieți data și ora dezbaterii.")
    elif "announced_on" not in errors:
        day = timezone.localdate(starts_at)
        earliest, latest = terms.earliest_debate(announced_on), terms.latest_debate(announced_on)
        if terms.notice_given(announced_on, day) < terms.NOTICE_DAYS:
            errors["starts_at"] = _("Dezbaterea publică se anunță cu cel puțin %(days)s zile calendaristice "
                                    "înainte: anunțată la %(announced)s, poate avea loc cel mai devreme la "
                                    "%(earliest)s (%(basis)s).") % {
                "days": terms.NOTICE_DAYS, "announced": f"{announced_on:%d.%m.%Y}",
                "earliest": f"{earliest.day:%d.%m.%Y}", "basis": earliest.basis}
        elif day > latest.day:
            errors["starts_at"] = _("Dezbaterea trebuie să aibă loc cel târziu la %(latest)s (%(basis)s).") % {
                "latest": f"{latest.day:%d.%m.%Y}", "basis": latest.basis}
    if not errors:
        proposals_until = proposals_until or timezone.localdate(starts_at)
        if not isinstance(proposals_until, date) or proposals_until < announced_on:
            errors["proposals_until"] = _("Termenul pentru propuneri nu poate fi înaintea anunțului.")
    if errors:
        raise DomainError(errors)
    with files_removed_on_error():
        stored = [(doc_title, store_generated(
            owner=None, institution=institution, data=data, title=f"{doc_title} – {title}",
            source=Document.Source.INTERNAL, created_by=actor, filename=filename, mime=mime, save=False))
            for doc_title, filename, data, mime in documents]
        with transaction.atomic():
            draft = request = None
            if draft_id:
                draft = Draft.objects.select_for_update().filter(pk=getattr(draft_id, "pk", draft_id),
                                                                 institution=institution).first()
                if draft is None:
                    raise DomainError({"draft": _("Proiectul ales nu există.")})
                if draft.status not in (Draft.Status.CONSULTATION, Draft.Status.READY):
                    raise DomainError({"draft": _("Se dezbate public un proiect aflat în consultare publică; "
                                                  "proiectul ales este %(status)s.") % {
                                                      "status": draft.get_status_display()}})
                subject = Debate.Subject.DRAFT
            if request_id:
                request = DebateRequest.objects.select_for_update().filter(
                    pk=getattr(request_id, "pk", request_id), institution=institution).first()
                if request is None:
                    raise DomainError({"request": _("Cererea aleasă nu există.")})
                if Debate.objects.filter(request=request).exists():
                    raise DomainError({"request": _("Pentru această cerere s-a anunțat deja o dezbatere.")})
                draft = draft or request.draft
            debate = Debate.objects.create(
                institution=institution, subject=subject, draft=draft, request=request, title=title,
                starts_at=starts_at, place=place, online_url=online_url, agenda=agenda, announced_on=announced_on,
                proposals_until=proposals_until, announced_by=actor)
            for doc_title, document in stored:
                document.save()
                DebateDocument.objects.create(debate=debate, title=_text(doc_title)[:250] or "Document",
                                              document=document)
            _log(actor, "debate_announced", debate, ip, institution.pk, starts_at=starts_at,
                 announced_on=announced_on, draft_id=draft.pk if draft else None, documents=len(stored))
    return debate


def register_speaker(*, debate_id, topic, name="", email="", organisation="", user=None, ip=None):
    """A resident asks to speak at the debate; the order of registration is the order of speaking."""
    now = _now()
    name, email, user = proposals.sender(name, email, user)
    topic, organisation = _text(topic), _text(organisation)
    with transaction.atomic():
        debate = _locked_debate(debate_id)
        if now >= debate.starts_at or debate.status != Debate.Status.ANNOUNCED:
            raise DomainError(_("Înscrierile la cuvânt s-au încheiat: dezbaterea a început sau a avut loc."))
        errors = proposals.sender_errors(name, email)
        if len(topic) < 3:
            errors["topic"] = _("Scrieți pe scurt despre ce doriți să vorbiți.")
        if errors:
            raise DomainError(errors)
        number = proposals.next_number(debate.speakers)
        speaker = SpeakerRegistration.objects.create(debate=debate, number=number, user=user, name=name,
                                                     email=email, organisation=organisation[:200],
                                                     topic=topic[:500], registered_at=now)
        _log(user, "speaker_registered", speaker, ip, debate.institution_id, debate_id=debate.pk, number=number)
    return speaker


def submit_proposal(*, debate_id, text, name="", email="", user=None, ip=None) -> DebateProposal:
    """A proposal on a debate that stands alone, received only from the announcement to the end of its window;
    outside it nothing is saved. A debate on a draft sends proposals to the draft's consultation (one register per
    draft: `council.services.submit_proposal`)."""
    now = _now()
    today = timezone.localdate(now)
    name, email, user = proposals.sender(name, email, user)
    text = _text(text, multiline=True)
    with transaction.atomic():
        debate = _locked_debate(debate_id)
        if debate.draft_id:
            raise DomainError(_("Propunerile la acest proiect se trimit pe pagina consultării publice a proiectului."))
        if today < debate.announced_on:
            raise DomainError(_("Propunerile se primesc începând cu %(day)s.") % {
                "day": f"{debate.announced_on:%d.%m.%Y}"})
        if today > debate.proposals_until:
            raise DomainError(_("Termenul pentru propuneri s-a încheiat la %(day)s (%(basis)s). Propunerea nu a fost "
                                "înregistrată.") % {"day": f"{debate.proposals_until:%d.%m.%Y}",
                                                     "basis": terms.BASIS_PROPOSALS})
        errors = proposals.proposal_errors(name, email, text)
        if errors:
            raise DomainError(errors)
        number = proposals.next_number(debate.proposals)
        proposal = DebateProposal.objects.create(debate=debate, number=number, user=user, name=name, email=email,
                                                 text=text, received_at=now)
        _log(user, "proposal_received", proposal, ip, debate.institution_id, debate_id=debate.pk, number=number)
    return proposal


def publish_minutes(*, actor, debate_id, minutes, recording_url="", ip=None) -> Debate:
    """After the debate, its minute (and the recording, if any) is published on its page."""
    minutes, recording_url = _text(minutes, multiline=True), _text(recording_url)
    with transaction.atomic():
        debate = _locked_debate(debate_id)
        rules.require(actor, debate, "manage")
        if _now() < debate.starts_at:
            raise DomainError(_("Minuta se publică după desfășurarea dezbaterii."))
        errors = {}
        if len(minutes) < TEXT_MIN_LENGTH:
            errors["minutes"] = _("Scrieți minuta dezbaterii: cine a participat, ce s-a propus, ce s-a răspuns.")
        if recording_url and not _valid_url(recording_url):
            errors["recording_url"] = _("Scrieți o adresă web completă, care începe cu https://.")
        if errors:
            raise DomainError(errors)
        debate.minutes, debate.recording_url = minutes, recording_url
        debate.minutes_published_at, debate.status = _now(), Debate.Status.HELD
        debate.save(update_fields=["minutes", "recording_url", "minutes_published_at", "status"])
        _log(actor, "minutes_published", debate, ip, debate.institution_id, recording=bool(recording_url))
    return debate


def debate_terms(debate: Debate) -> list[terms.Term]:
    """The terms of a debate with their legal basis, for its pages."""
    out = [terms.Term(_("Anunțată la"), debate.announced_on, terms.BASIS_NOTICE),
           terms.earliest_debate(debate.announced_on),
           terms.Term(_("Are loc la"), timezone.localdate(debate.starts_at), terms.BASIS_LATEST)]
    if not debate.draft_id:
        out.append(terms.Term(_("Propuneri primite până la"), debate.proposals_until, terms.BASIS_PROPOSALS))
    if debate.request_id:
        out.append(terms.Term(_("Cerută în scris la"), debate.request.received_on, terms.BASIS_REQUEST))
    if debate.minutes_published_at:
        out.append(terms.Term(_("Minuta publicată la"), timezone.localdate(debate.minutes_published_at),
                              terms.BASIS_MINUTES))
    return out


# --- newsletters: double opt-in, one-click unsubscribe -------------------------------------------------------------


def confirm_hours() -> int:
    return int(getattr(settings, "PRIMARIA_NEWSLETTER_CONFIRM_HOURS", 48))


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(subscription: Subscription, *, site: str | None = None) -> str:
    """The link that stops `subscription`, on its city hall's address (`site` when the caller has it already)."""
    if site is None:
        site = tenancy.site_url(tenancy.city_hall_of(subscription.institution))
    return site.rstrip("/") + reverse("participation:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})


def consent_text() -> tuple[str, int]:
    from primaria.privacy.models import Purpose
    from primaria.privacy.selectors import current_text

    text = current_text(Purpose.NEWSLETTER)
    return (text.text, text.version) if text is not None else (_(DEFAULT_CONSENT), 0)


def subscribe(*, email, topic_ids, user=None, agree=False, ip=None, city_hall=None, language="") -> list[Subscription]:
    """Ask for newsletters on `topic_ids` at `email`, from `city_hall` (the one the request serves): the
    subscriptions wait for the confirmation link sent to that address (valid `confirm_hours()`); nothing else is
    sent before. Topics already confirmed are left as they are. The subscriptions keep `language` (by default the
    page's): the confirmation and the newsletters are written in it."""
    from primaria.notifications.services import message_language, page_language

    language = message_language(language or page_language())
    city_hall = city_hall or main_institution()
    user = user if getattr(user, "is_authenticated", False) else None
    email = _email(email) or (user.email.lower() if user else "")
    ids = sorted({n for n in (typed_int(str(t), positive=True) for t in topic_ids) if n is not None})
    errors = {}
    if not proposals.valid_email(email):
        errors["email"] = _("Scrieți o adresă de e-mail validă.")
    topics = list(Topic.objects.filter(pk__in=ids, active=True))
    if not topics:
        errors["topics"] = _("Alegeți cel puțin o temă.")
    if not agree:
        errors["agree"] = _("Bifați acordul pentru a primi mesajele alese.")
    if errors:
        raise DomainError(errors)
    text, version = consent_text()
    now = _now()
    with transaction.atomic():
        pending = []
        for topic in topics:
            live = Subscription.objects.select_for_update().filter(
                email=email, topic=topic, institution=city_hall, status__in=[Subscription.Status.PENDING, Subscription.Status.CONFIRMED]
            ).first()
            if live is not None and live.status == Subscription.Status.CONFIRMED:
                continue
            if live is None:
                try:
                    with transaction.atomic():
                        live = Subscription.objects.create(
                            email=email, topic=topic, institution=city_hall, user=user, consent_text=text, consent_version=version,
                            requested_at=now, requested_ip=ip, language=language)
                except IntegrityError:
                    raise DomainError(_("Cererea de abonare se înregistrează deja; reîncercați peste câteva "
                                        "secunde.")) from None
            elif live.language != language:  # the new request's page decides the language of its messages
                live.language = language
                live.save(update_fields=["language"])
            pending.append(live)
        if pending:
            from primaria.notifications.services import notify

            token = confirm_token(email, pending)
            notify(address=email, template="participation_confirm", recipient=user, related=pending[0],
                   language=language, context={
                "topics": ", ".join(s.topic.name for s in pending), "hours": confirm_hours(),
                "confirm_url": tenancy.site_url(city_hall) + reverse("participation:confirm",
                                                                       kwargs={"token": token})})
            for subscription in pending:
                record(actor=user, action="participation.subscription_requested", target=subscription,
                       ip_address=ip, topic=subscription.topic.slug)
            record_event("participation.subscription_requested", pending[0],
                         subscription_ids=[s.pk for s in pending])
    return pending


def confirm_token(email: str, subscriptions) -> str:
    """The signed link's token: the address and the subscriptions it confirms, dated (checked with max_age)."""
    return signing.dumps({"e": email, "s": [s.pk for s in subscriptions]}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_hours() * 3600)
    except signing.SignatureExpired:
        raise DomainError(_("Legătura de confirmare a expirat (este valabilă %(hours)s de ore). Abonați-vă din nou "
                            "și folosiți legătura din noul mesaj.") % {"hours": confirm_hours()}) from None
    except signing.BadSignature:
        raise DomainError(_("Legătura de confirmare nu este validă. Copiați-o întreagă din mesaj sau abonați-vă "
                            "din nou.")) from None


def confirm(*, token, ip=None) -> list[Subscription]:
    """The address confirms by the signed link: its subscriptions waiting for it start to receive messages."""
    data = read_confirm_token(token)
    now = _now()
    with transaction.atomic():
        subscriptions = list(Subscription.objects.select_for_update().filter(
            pk__in=data.get("s", []), email=data.get("e", ""), status=Subscription.Status.PENDING))
        for subscription in subscriptions:
            subscription.status, subscription.confirmed_at = Subscription.Status.CONFIRMED, now
            subscription.confirmed_ip = ip
            subscription.save(update_fields=["status", "confirmed_at", "confirmed_ip"])
            record(actor=None, action="participation.subscription_confirmed", target=subscription, ip_address=ip,
                   topic=subscription.topic.slug, consent_version=subscription.consent_version)
            record_event("participation.subscription_confirmed", subscription, subscription_id=subscription.pk)
    return subscriptions


def read_unsubscribe_token(token: str) -> Subscription:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise DomainError(_("Legătura de dezabonare nu este validă. Copiați-o întreagă din mesaj.")) from None
    subscription = Subscription.objects.select_related("topic").filter(pk=data.get("s"),
                                                                       email=data.get("e")).first()
    if subscription is None:
        raise DomainError(_("Abonamentul nu există."))
    return subscription


def unsubscribe(*, token=None, subscription_id=None, user=None, method="legătura din mesaj", ip=None):  # i18n: ro
    """Stop one subscription, by the signed token of its messages or from the signed-in owner's account. Doing it
    again changes nothing."""
    if token is not None:
        subscription_id = read_unsubscribe_token(token).pk
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
        if subscription is None or (token is None and (user is None or subscription.user_id != user.pk)):
            raise DomainError(_("Abonamentul nu există."))
        if subscription.status == Subscription.Status.UNSUBSCRIBED:
            return subscription
        subscription.status, subscription.unsubscribed_at = Subscription.Status.UNSUBSCRIBED, _now()
        subscription.unsubscribe_method = method[:60]
        subscription.save(update_fields=["status", "unsubscribed_at", "unsubscribe_method"])
        record(actor=user, action="participation.unsubscribed", target=subscription, ip_address=ip,
               topic=subscription.topic.slug, method=method)
        record_event("participation.unsubscribed", subscription, subscription_id=subscription.pk)
    return subscription


def send_to_topic(*, feed: str, key: str, subject, summary, url: str, related=None, city_hall=None) -> int:
    """One message per confirmed address subscribed to a topic of `feed` on `city_hall`'s site (the one whose
    announcement it is), at most once per `key` and address (`NewsletterSend`), in the caller's transaction.
    `subject` and `summary` are phrases (`primaria.core.phrases`, read in each subscription's language) or text
    shown as written. Returns how many were stored for sending."""
    subject, summary = as_phrase(subject), as_phrase(summary)
    lines = {**subject.fields("subject"), **summary.fields("summary")}
    from primaria.notifications.services import notify

    sent = 0
    city_hall = tenancy.city_hall_of(city_hall) if city_hall is not None else main_institution()
    subscriptions = Subscription.objects.filter(status=Subscription.Status.CONFIRMED, topic__feed=feed,
                                                institution=city_hall,
                                                topic__active=True).select_related("topic").order_by("pk")
    already = set(NewsletterSend.objects.filter(key=key).values_list("email", flat=True))
    site = tenancy.site_url(city_hall)  # one city hall's subscribers: its address, asked once
    for subscription in subscriptions:
        if subscription.email in already:
            continue
        already.add(subscription.email)
        send = NewsletterSend.objects.create(key=key, email=subscription.email, subscription=subscription)
        link = unsubscribe_url(subscription, site=site)
        send.notification = notify(address=subscription.email, template="participation_newsletter",
                                   related=related, language=subscription.language, city_hall=city_hall, context={
                                       "topic": subscription.topic.name, **lines, "url": url,
                                       "unsubscribe_url": link})
        send.save(update_fields=["notification"])
        sent += 1
    return sent
