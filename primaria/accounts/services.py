"""Creating accounts, confirming e-mail addresses and linking people to the companies they represent."""

from datetime import date

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core import validators
from primaria.core.errors import DomainError
from primaria.core.files import check_upload
from primaria.notifications.services import notify

from . import NO_LOGIN, LoginContext
from .models import (
    COMPANY_PROOFS,
    PERSON_PROOFS,
    Party,
    PartyKind,
    ProofKind,
    Representation,
    RepresentationStatus,
    User,
)
from .selectors import may_decide_representations, parties_of, person_of

VERIFY_SALT = "accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


@transaction.atomic
def register_person(*, email, password, first_name, last_name, cnp, phone="", address="", language="", ip=None) -> User:
    """Open a resident's account; they must confirm their e-mail address before filing.

    `language` is the language of the page the person signed up in: their first messages are written in it.
    """
    errors = {}
    email = validators.collect(errors, "email", validators.clean_email, email)
    cnp = validators.collect(errors, "cnp", validators.clean_cnp, cnp)
    if phone:
        phone = validators.collect(errors, "phone", validators.clean_phone, phone)
    first_name, last_name, address = (first_name or "").strip(), (last_name or "").strip(), (address or "").strip()
    if not first_name:
        errors["first_name"] = _("Completați prenumele.")
    if not last_name:
        errors["last_name"] = _("Completați numele de familie.")
    if len(address) < 5:
        errors["address"] = _("Scrieți adresa de domiciliu (localitatea, strada, numărul).")
    if "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("Există deja un cont cu această adresă de e-mail. Puteți recupera parola.")
    if "cnp" not in errors and Party.objects.filter(kind=PartyKind.PERSON, cnp=cnp, user__isnull=False).exists():
        errors["cnp"] = _("Există deja un cont pentru acest CNP.")
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    candidate.cnp = cnp  # the password must not resemble the CNP either (security.passwords)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise DomainError(errors)
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name, phone=phone,
                                    language=account_language(language))
    Party.objects.create(kind=PartyKind.PERSON, name=f"{first_name} {last_name}", cnp=cnp, email=email, phone=phone,
                         address=address, user=user)
    record(actor=user, action="accounts.register", target=user, ip_address=ip)
    send_verification(user)
    return user


def account_language(language: str) -> str:
    """The code of one of the site's languages (en for "en-us"), or "" when `language` is none of them."""
    code = (language or "").split("-")[0].lower()
    return code if code in {known for known, _name in settings.LANGUAGES} else ""


def verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def send_verification(user):
    from primaria.institutions import tenancy

    # asked on a city hall's site (registration, sign-in, "send again"): the link goes back to that site
    link = tenancy.site_url().rstrip("/") + reverse("accounts:verify", args=[verification_token(user)])
    notify(address=user.email, recipient=user, template="verify_email", context={"user": user, "link": link}, related=user)


@transaction.atomic
def verify_email(token: str) -> User:
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError(_("Linkul de confirmare a expirat. Cereți unul nou din contul dumneavoastră."))
    except signing.BadSignature:
        raise DomainError(_("Linkul de confirmare nu este valid."))
    user = User.objects.select_for_update().filter(pk=payload["u"], email=payload["e"]).first()
    if user is None:
        raise DomainError(_("Linkul de confirmare nu mai corespunde unui cont."))
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        record(actor=user, action="accounts.verify_email", target=user)
    return user


# --- representing a company: asked with a proof, checked by the registry ------------------------------

OPEN_STATUSES = (RepresentationStatus.PENDING, RepresentationStatus.VERIFIED)
_UNCHANGED = object()


def _day(errors: dict, key: str, value):
    """A date from a form (ISO, as a date input sends it, or zz.ll.aaaa) or None when left empty."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for parse in (date.fromisoformat, lambda v: date(*reversed([int(part) for part in v.split(".")]))):
        try:
            return parse(text)
        except (ValueError, TypeError, OverflowError):
            continue
    errors[key] = _("Scrieți data în forma zz.ll.aaaa (de exemplu 31.12.2027).")
    return None


def _reason(errors: dict, key: str, value: str, what: str) -> str:
    """The one rule on reasons (core.rules.reason_problem), with the mandate's wording."""
    from primaria.core.rules import reason_problem

    problem = reason_problem(value, what=what, to_applicant=True)
    if problem:
        errors[key] = problem
    return (value or "").strip()


def _main_institution():
    from primaria.institutions.selectors import main_institution

    institution = main_institution()
    if institution is None:
        raise DomainError(_("Platforma nu are încă o instituție configurată."))
    return institution


def _lock(representation_id) -> Representation:
    representation_id = getattr(representation_id, "pk", representation_id)  # an id or the row itself
    representation = Representation.objects.select_for_update().filter(pk=representation_id).first()
    if representation is None:
        raise DomainError(_("Cererea de reprezentare nu există."))
    return representation


def _require_decider(actor, representation: Representation):
    """Only the registry (or the secretary general) of the city hall the claim was made on checks its proof,
    and never their own."""
    if not may_decide_representations(actor, representation):
        raise PermissionDenied(_("Doar registratura sau secretarul general verifică cererile de reprezentare."))
    if representation.user_id == actor.pk:
        raise PermissionDenied(_("Nu puteți verifica propria cerere de reprezentare; o verifică un coleg."))


def _notify(representation: Representation, template: str):
    person = representation.user
    notify(address=person.email, recipient=person, template=template, related=representation,
           context={"representation": representation, "company": representation.company, "user": person})


def _event(action: str, representation: Representation, actor):
    """The event of a mandate's change (`mandate.<action>`), in the change's transaction (primaria.outbox)."""
    from primaria.outbox.services import record as record_event

    record_event(f"mandate.{action}", representation, representation_id=representation.pk,
                 city_hall_id=representation.city_hall_id, user_id=representation.user_id,
                 party_id=representation.company_id, status=representation.status, actor_id=getattr(actor, "pk", None))


def _notify_represented(representation: Representation):
    """A person with an account hears that someone may act for them (or no longer may): a mandate they did not
    give is revoked from their own account."""
    represented = representation.company
    account = represented.user if represented.kind == PartyKind.PERSON else None
    if account is None or account.pk == representation.user_id:
        return
    holder = representation.user
    notify(address=account.email, recipient=account, template="representation_for_you", related=representation,
           context={"representation": representation, "holder": holder.get_full_name() or holder.email,
                    "recipient_name": account.first_name or represented.name})


def _forget_parties(*users):
    # The user objects at hand may hold the list of their parties from before the change (selectors.parties_of).
    for user in users:
        if user is not None:
            user.__dict__.pop("_parties_cache", None)


def _scope(errors: dict, services, city_hall) -> list:
    """The catalog services a mandate is limited to (given as services, ids or slugs), all of them services of
    the city hall the mandate is claimed on; [] for all."""
    from primaria.catalog.models import Service
    from primaria.institutions.tenancy import institution_ids

    wanted = [item for item in (services or []) if item not in (None, "")]
    if not wanted:
        return []
    ours = institution_ids(city_hall)
    found = []
    for item in wanted:
        if isinstance(item, Service):
            service = item
        else:
            lookup = {"pk": int(item)} if str(item).isdigit() else {"slug": str(item).strip()}
            service = (Service.objects.filter(active=True, institution_id__in=ours, **lookup)
                       .order_by("institution__parent_id", "pk").first())
        if service is None:
            errors["services"] = _("Alegeți serviciile din catalog pentru care dați mandatul (sau niciunul: toate).")
            return []
        if service.institution_id not in ours:
            errors["services"] = _("Serviciul „%(service)s” nu este al acestei primării: mandatul cerut aici "
                                   "poate cuprinde doar serviciile ei.") % {"service": service.name}
            return []
        found.append(service)
    return list({service.pk: service for service in found}.values())


def _represented(errors: dict, *, actor, person, kind, cui, cnp, name, address, registration_code):
    """Check who is to be represented; returns (kind, identifier), the party being found or made later."""
    if kind not in PartyKind.values:
        errors["kind"] = _("Alegeți pe cine reprezentați: o firmă sau o persoană.")
        return kind, ""
    if kind == PartyKind.COMPANY:
        identifier = validators.collect(errors, "cui", validators.clean_cui, cui)
        if len(name) < 2 or len(name) > 200:
            errors["name"] = _("Scrieți denumirea firmei (cel mult 200 de caractere).")
        if len(address) < 5 or len(address) > 300:
            errors["address"] = _("Scrieți sediul social al firmei (cel mult 300 de caractere).")
        if len(registration_code) > 40:
            errors["registration_code"] = _("Numărul de ordine din Registrul Comerțului are cel mult 40 de caractere.")
        return kind, identifier
    identifier = validators.collect(errors, "cnp", validators.clean_cnp, cnp)
    if len(name) < 3 or len(name) > 200:
        errors["name"] = _("Scrieți numele și prenumele persoanei pe care o reprezentați.")
    if address and (len(address) < 5 or len(address) > 300):
        errors["address"] = _("Scrieți adresa de domiciliu a persoanei (cel mult 300 de caractere).")
    if "cnp" not in errors and identifier == person.cnp:
        errors["cnp"] = _("Pentru dumneavoastră depuneți cereri direct, fără mandat.")
    return kind, identifier


def _represented_party(*, kind, identifier, name, address, registration_code) -> Party:
    if kind == PartyKind.COMPANY:
        party, _ = Party.objects.get_or_create(
            kind=PartyKind.COMPANY, cui=identifier,
            defaults={"name": name, "address": address, "registration_code": registration_code},
        )
        return party
    # A person with an account is that account's party (they see the mandate and may revoke it); else the
    # party the counter filed them as, or a new one, which their account takes over when they sign up.
    party = (Party.objects.filter(kind=PartyKind.PERSON, cnp=identifier)
             .order_by(models.F("user_id").desc(nulls_last=True), "pk").first())
    return party or Party.objects.create(kind=PartyKind.PERSON, cnp=identifier, name=name, address=address)


def request_representation(*, actor, proof, cui="", name="", address="", capacity="Administrator",
                           proof_kind=ProofKind.ONRC_CERTIFICATE, registration_code="", valid_until=None,
                           kind=PartyKind.COMPANY, cnp="", services=None, valid_from=None,
                           login: LoginContext | None = None, ip=None, reuse=None) -> Representation:
    """A person asks to act for a company or for another person and uploads the document that proves it.

    The claim is made on the city hall of the running request, whose registry checks it, and grants acting
    before that city hall only. `reuse` (one of the person's earlier mandates, or its id) offers that
    mandate's proof again instead of an upload: to ask another city hall to verify the same mandate.

    The mandate may be limited to some services of the catalog (`services`; none: every service) and to a
    period (`valid_from`..`valid_until`). The claim is pending and grants nothing (no requests of the
    represented party seen, none filed for it) until a registry clerk has checked the proof. Every field is
    checked first, the file by its content; if anything is wrong nothing is kept, neither the party nor the
    file.
    """
    person = person_of(actor)
    if person is None:
        raise DomainError(_("Doar un cont de persoană fizică poate cere un mandat."))
    login = login or NO_LOGIN
    institution = _main_institution()
    errors = {}
    reused = None
    if reuse not in (None, ""):
        reuse_id = getattr(reuse, "pk", reuse)
        reused = (Representation.objects.select_related("proof").filter(
            user=actor, pk=int(reuse_id) if str(reuse_id).isdigit() else None, proof__isnull=False).first())
        if reused is None:
            errors["proof"] = _("Documentul ales nu este printre dovezile mandatelor dumneavoastră.")
        else:
            proof = reused.proof
    name, address, capacity = (name or "").strip(), (address or "").strip(), (capacity or "").strip()
    registration_code = (registration_code or "").strip()
    kind, identifier = _represented(errors, actor=actor, person=person, kind=kind or PartyKind.COMPANY, cui=cui,
                                    cnp=cnp, name=name, address=address, registration_code=registration_code)
    if not capacity or len(capacity) > 100:
        errors["capacity"] = _("Alegeți calitatea în care reprezentați firma.") if kind == PartyKind.COMPANY else \
            _("Alegeți calitatea în care reprezentați persoana.")
    accepted = PERSON_PROOFS if kind == PartyKind.PERSON else COMPANY_PROOFS
    if proof_kind not in accepted:
        errors["proof_kind"] = _("Alegeți ce document dovedește calitatea de reprezentant: %(documents)s.") % {
            "documents": ", ".join(str(ProofKind(value).label).lower() for value in accepted)}
    if "proof" in errors or reused is not None:
        pass
    elif proof is None:
        errors["proof"] = _("Încărcați documentul care dovedește mandatul (PDF, JPEG sau PNG).")
    else:
        try:
            check_upload(proof)
        except ValidationError as exc:
            errors["proof"] = exc.messages[0]
    valid_from = _day(errors, "valid_from", valid_from)
    valid_until = _day(errors, "valid_until", valid_until)
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = _("Împuternicirea nu mai este valabilă: data de sfârșit a trecut.")
    elif valid_from is not None and valid_until is not None and valid_from > valid_until:
        errors["valid_until"] = _("Data de sfârșit a mandatului este înaintea datei de început.")
    scope = _scope(errors, services, institution)
    if errors:
        raise DomainError(errors)

    from primaria.documents.models import Document
    from primaria.documents.services import files_removed_on_error, store_document

    with files_removed_on_error(), transaction.atomic():
        represented = _represented_party(kind=kind, identifier=identifier, name=name, address=address,
                                         registration_code=registration_code)
        # One claim at a time per person and represented party: the party's row serialises concurrent attempts.
        Party.objects.select_for_update().filter(pk=represented.pk).first()
        current = (Representation.objects.select_for_update()
                   .filter(user=actor, company=represented, city_hall=institution, status__in=OPEN_STATUSES).first())
        field = "cnp" if kind == PartyKind.PERSON else "cui"
        if current is not None and current.status == RepresentationStatus.PENDING:
            raise DomainError({field: _("Ați cerut deja să reprezentați această firmă; cererea este în verificare.")
                               if kind == PartyKind.COMPANY else
                               _("Ați cerut deja să reprezentați această persoană; cererea este în verificare.")})
        if current is not None and (current.is_in_force() or current.not_yet_valid):
            raise DomainError({field: _("Reprezentați deja această firmă.") if kind == PartyKind.COMPANY
                               else _("Reprezentați deja această persoană.")})
        if current is not None:
            # A mandate whose validity has ended is closed, so that the new proof can be checked in its place.
            current.status = RepresentationStatus.REVOKED
            current.revoked_at = timezone.now()
            current.revocation_reason = f"Mandatul a expirat la {current.valid_until:%d.%m.%Y}; a fost cerut din nou."  # i18n: ro (record)
            current.save(update_fields=["status", "revoked_at", "revocation_reason"])
            record(actor=actor, action="accounts.representation_expired", target=current, ip_address=ip)
            _event("expired", current, actor)
        if reused is not None:
            if reused.company_id != represented.pk:
                raise DomainError({"proof": _("Documentul ales dovedește mandatul pentru alt reprezentat.")})
            document = reused.proof
        else:
            try:
                with translation.override(settings.LANGUAGE_CODE):  # the document's title is a record: in Romanian
                    title = f"{ProofKind(proof_kind).label} – {represented.name}"[:250]
                document = store_document(
                    owner=person, institution=institution, uploaded=proof, source=Document.Source.UPLOADED,
                    title=title, created_by=actor,
                )
            except ValidationError as exc:
                raise DomainError({"proof": exc.messages[0]})
        representation = Representation.objects.create(
            city_hall=institution, user=actor, company=represented, capacity=capacity, status=RepresentationStatus.PENDING,
            proof_kind=proof_kind, proof=document, valid_from=valid_from, valid_until=valid_until,
            login_method=login.method, assurance_level=login.loa,
        )
        if scope:
            representation.services.set(scope)
        record(actor=actor, action="accounts.request_representation", target=representation,
               institution_id=institution.pk, ip_address=ip, company=represented.pk, kind=kind,
               cui=identifier if kind == PartyKind.COMPANY else None, capacity=capacity, proof_kind=proof_kind,
               proof=document.pk, reused_from=reused.pk if reused is not None else None,
               services=[service.pk for service in scope],
               valid_from=str(valid_from) if valid_from else None,
               valid_until=str(valid_until) if valid_until else None,
               login_method=login.method, assurance_level=login.loa)
        _event("requested", representation, actor)
        _notify(representation, "representation_requested")
    _forget_parties(actor)
    return representation


def claim_again_here(*, actor, representation_id, login: LoginContext | None = None, ip=None) -> Representation:
    """Ask the city hall of the running request to verify a mandate another city hall verified (or was asked
    to): the same represented party, capacity, period and proof, for the services of the same names here
    (none named: every service). The claim is checked by this city hall's registry like any other."""
    wanted = getattr(representation_id, "pk", representation_id)
    earlier = (Representation.objects.select_related("company").prefetch_related("services")
               .filter(pk=int(wanted), user=actor).first() if str(wanted).isdigit() else None)
    if earlier is None:
        raise DomainError(_("Cererea de reprezentare nu există."))
    if earlier.status not in (RepresentationStatus.VERIFIED, RepresentationStatus.PENDING):
        # A proof refused, or a mandate revoked, is not offered again: a new claim needs a new proof.
        raise DomainError(_("Acest mandat nu mai poate fi folosit: cereți unul nou, cu un document valabil."))
    party = earlier.company
    valid_until = earlier.valid_until
    if valid_until is not None and valid_until < timezone.localdate():
        raise DomainError(_("Mandatul a expirat: cereți unul nou, cu un document valabil."))
    return request_representation(
        actor=actor, proof=None, reuse=earlier, kind=party.kind, cui=party.cui, cnp=party.cnp, name=party.name,
        address=party.address, registration_code=party.registration_code, capacity=earlier.capacity,
        proof_kind=earlier.proof_kind, valid_from=earlier.valid_from, valid_until=valid_until,
        services=[service.slug for service in earlier.services.all()], login=login, ip=ip)


def verify_representation(*, actor, representation_id, valid_until=_UNCHANGED, note="", ip=None) -> Representation:
    """A registry clerk has checked the proof: from now on the person may act for the company.

    `valid_until` is the last day the proof allows (an împuternicire for a limited time), as read from the
    document; left out, the date the person declared is kept.
    """
    with transaction.atomic():
        representation = _lock(representation_id)
        _require_decider(actor, representation)
        if representation.status != RepresentationStatus.PENDING:
            raise DomainError(_("Cererea de reprezentare a fost deja soluționată."))
        errors = {}
        if valid_until is not _UNCHANGED:
            valid_until = _day(errors, "valid_until", valid_until)
            if valid_until is not None and valid_until < timezone.localdate():
                errors["valid_until"] = _("Data de sfârșit a mandatului a trecut; respingeți cererea în locul aprobării.")
            elif valid_until is not None and representation.valid_from and valid_until < representation.valid_from:
                errors["valid_until"] = _("Data de sfârșit a mandatului este înaintea datei de început.")
            representation.valid_until = valid_until
        note = (note or "").strip()
        if len(note) > 300:
            errors["note"] = _("Observațiile au cel mult 300 de caractere.")
        if errors:
            raise DomainError(errors)
        representation.status = RepresentationStatus.VERIFIED
        representation.decided_by = actor
        representation.decided_at = timezone.now()
        representation.note = note
        representation.save(update_fields=["status", "decided_by", "decided_at", "note", "valid_until"])
        company = representation.company
        if company.kind == PartyKind.COMPANY and not company.email:
            # The company's own requests answer to an address: the representative's, once they are trusted.
            company.email = representation.user.email
            company.save(update_fields=["email"])
        record(actor=actor, action="accounts.verify_representation", target=representation,
               institution_id=representation.city_hall_id, ip_address=ip, user=representation.user_id,
               company=representation.company_id,
               valid_until=str(representation.valid_until) if representation.valid_until else None)
        _event("verified", representation, actor)
        _notify(representation, "representation_verified")
        _notify_represented(representation)
    return representation


def refuse_representation(*, actor, representation_id, reason, ip=None) -> Representation:
    """The proof does not show that the person may act for the company; they may ask again with another."""
    with transaction.atomic():
        representation = _lock(representation_id)
        _require_decider(actor, representation)
        if representation.status != RepresentationStatus.PENDING:
            raise DomainError(_("Cererea de reprezentare a fost deja soluționată."))
        errors = {}
        reason = _reason(errors, "reason", reason, _("Scrieți motivul respingerii"))
        if errors:
            raise DomainError(errors)
        representation.status = RepresentationStatus.REFUSED
        representation.decided_by = actor
        representation.decided_at = timezone.now()
        representation.refusal_reason = reason
        representation.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
        record(actor=actor, action="accounts.refuse_representation", target=representation,
               institution_id=representation.city_hall_id, ip_address=ip, user=representation.user_id,
               company=representation.company_id, reason=reason)
        _event("refused", representation, actor)
        _notify(representation, "representation_refused")
    return representation


def revoke_representation(*, actor, representation_id, reason="", ip=None) -> Representation:
    """End a verified mandate, at once: either side gives it up (the representative, the represented person,
    or for a company another of its representatives with a mandate for every service; a reason is optional),
    or the registry withdraws it (with a reason the person receives). It grants nothing from the next
    request on."""
    from primaria.core import rules

    with transaction.atomic():
        representation = _lock(representation_id)
        rules.require(actor, representation, "revoke")
        by_person = representation.user_id == actor.pk
        represented = representation.company
        by_represented = represented.kind == PartyKind.PERSON and represented.user_id == actor.pk
        by_company = (not by_person and represented.kind == PartyKind.COMPANY
                      and any(entry.pk == represented.pk and entry.mandate_id is not None
                              for entry in parties_of(actor, representation.city_hall)))
        errors = {}
        if by_person:
            reason = (reason or "").strip() or "Renunțare la reprezentare de către titular."  # i18n: ro (record)
        elif by_represented:
            reason = (reason or "").strip() or "Mandat revocat de persoana reprezentată."  # i18n: ro (record)
        elif by_company:
            reason = (reason or "").strip() or (  # i18n: ro (a record, kept as the registry reads it)
                f"Mandat revocat de {actor.get_full_name() or actor.email}, reprezentant al firmei {represented.name}.")
        else:
            reason = _reason(errors, "reason", reason, _("Scrieți motivul revocării"))
        if errors:
            raise DomainError(errors)
        representation.status = RepresentationStatus.REVOKED
        representation.revoked_by = actor
        representation.revoked_at = timezone.now()
        representation.revocation_reason = reason[:2000]
        representation.save(update_fields=["status", "revoked_by", "revoked_at", "revocation_reason"])
        record(actor=actor, action="accounts.revoke_representation", target=representation,
               institution_id=representation.city_hall_id, ip_address=ip, user=representation.user_id,
               company=representation.company_id, reason=reason, by_person=by_person,
               by_represented=by_represented or by_company)
        _event("revoked", representation, actor)
        _notify(representation, "representation_revoked")
        if not by_represented:
            _notify_represented(representation)
    _forget_parties(actor)
    return representation


def choose_language(*, actor: User, language: str) -> bool:
    """Keep the language an account chose on the site: its pages open in it and its messages are written in it.

    Returns whether it changed. An unknown code is refused.
    """
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise DomainError(_("Limba aleasă nu este disponibilă."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if user.language == language:
            return False
        previous, user.language = user.language, language
        user.save(update_fields=["language"])
        record(actor=user, action="accounts.choose_language", target=user, previous=previous, language=language)
    actor.language = language
    return True
