"""Logging in with an electronic identity, linking it to an account, and opening an account from it.

Each change is one function with one transaction, a row lock, an audit entry and its outbox event. A
person whose CNP already has an account links it by confirming that account's password; a person new
to the platform gets an account whose identity and e-mail address the provider has already vouched for.
"""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.accounts.models import Party, PartyKind, User
from primaria.accounts.services import account_language
from primaria.audit.services import record as audit
from primaria.core import validators
from primaria.core.errors import DomainError
from primaria.outbox.services import record as event

from .models import ClaimMapping, EidLink, Target
from .providers import Identity

NO_CNP = gettext_noop("ROeID nu a trimis CNP-ul dumneavoastră (sau acesta nu este valid), deci nu vă putem identifica. "
                     "Nu v-am autentificat. Verificați că ați acceptat transmiterea datelor de identificare în ROeID.")


def mapped_fields(identity: Identity) -> dict:
    """The account and person fields the identity's claims fill, as the ClaimMapping table says."""
    fields = {}
    for mapping in ClaimMapping.objects.filter(provider=identity.provider):
        value = identity.claims.get(mapping.claim)
        if isinstance(value, str | int) and str(value).strip() and mapping.target not in fields:
            fields[mapping.target] = str(value).strip()
    return fields


def person_data(identity: Identity) -> dict:
    """What the platform keeps about the person: CNP (required, checked), names, contact, full address."""
    fields = mapped_fields(identity)
    try:
        cnp = validators.clean_cnp(fields.get(Target.CNP, ""))
    except ValidationError:
        raise DomainError(_(NO_CNP))
    email = fields.get(Target.EMAIL, "")
    try:
        email = validators.clean_email(email) if email else ""
    except ValidationError:
        email = ""
    try:
        phone = validators.clean_phone(fields[Target.PHONE]) if fields.get(Target.PHONE) else ""
    except ValidationError:
        phone = ""
    parts = [fields.get(Target.ADDRESS, ""), fields.get(Target.LOCALITY, "")]
    if fields.get(Target.COUNTY):
        parts.append(f"jud. {fields[Target.COUNTY]}")
    return {
        "cnp": cnp, "first_name": fields.get(Target.FIRST_NAME, "")[:150], "last_name": fields.get(Target.LAST_NAME, "")[:150],
        "email": email, "phone": phone, "address": ", ".join(p for p in parts if p)[:300],
    }


def account_with_cnp(cnp: str) -> User | None:
    party = Party.objects.filter(kind=PartyKind.PERSON, cnp=cnp, user__isnull=False).select_related("user").first()
    return party.user if party else None


def link_of(identity: Identity) -> EidLink | None:
    return EidLink.objects.filter(issuer=identity.issuer, subject=identity.subject).select_related("user").first()


def _payload(identity: Identity) -> dict:
    return {"provider": identity.provider, "issuer": identity.issuer, "loa": identity.level_of_assurance}


@transaction.atomic
def sign_in(*, identity: Identity, ip=None) -> User:
    """An identity already linked to an account opens it."""
    link = EidLink.objects.select_for_update().filter(issuer=identity.issuer, subject=identity.subject).first()
    if link is None:
        raise DomainError(_("Această identitate ROeID nu este legată de niciun cont."))
    user = link.user
    if not user.is_active:
        raise DomainError(_("Contul legat de această identitate este dezactivat. Adresați-vă primăriei."))
    link.last_login_at = timezone.now()
    link.save(update_fields=["last_login_at"])
    audit(actor=user, action="identity.login", target=user, ip_address=ip, **_payload(identity))
    event("identity.login", user, user=user.pk, **_payload(identity))
    return user


@transaction.atomic
def link_account(*, identity: Identity, password: str, request=None, ip=None) -> User:
    """Tie the account of the identity's CNP to the identity, once its owner has confirmed the password.

    The password goes through the authentication backends, so failed attempts count towards the same
    lockout as on the login page.
    """
    data = person_data(identity)
    party = (Party.objects.select_for_update().select_related("user")
             .filter(kind=PartyKind.PERSON, cnp=data["cnp"], user__isnull=False).first())
    if party is None:
        raise DomainError(_("Nu există un cont pentru CNP-ul dumneavoastră."))
    user = User.objects.select_for_update().get(pk=party.user_id)
    if not password:
        raise DomainError({"password": _("Scrieți parola contului.")})
    if authenticate(request, username=user.email, password=password) != user:
        raise DomainError({"password": _("Parola nu este corectă. Contul nu a fost legat de ROeID.")})
    if EidLink.objects.filter(user=user).exists():
        raise DomainError(_("Contul este deja legat de o altă identitate ROeID. Adresați-vă primăriei."))
    if EidLink.objects.filter(issuer=identity.issuer, subject=identity.subject).exists():
        raise DomainError(_("Această identitate ROeID este deja legată de alt cont."))
    link = EidLink.objects.create(user=user, provider=identity.provider, issuer=identity.issuer,
                                  subject=identity.subject, last_login_at=timezone.now())
    audit(actor=user, action="identity.link", target=user, ip_address=ip, **_payload(identity))
    event("identity.linked", user, user=user.pk, link=link.pk, **_payload(identity))
    return user


@transaction.atomic
def create_account(*, identity: Identity, email: str = "", language: str = "", ip=None) -> User:
    """Open an account for a person new to the platform, identified by the provider.

    The e-mail address counts as confirmed when it is the one the provider sent; another address the
    person writes must be confirmed by the usual link. `language` is the language of the page the person
    signed up in: their first messages are written in it.
    """
    data = person_data(identity)
    errors = {}
    email = validators.collect(errors, "email", validators.clean_email, email or data["email"])
    if not data["first_name"] or not data["last_name"]:
        errors["__all__"] = _("ROeID nu a trimis numele și prenumele dumneavoastră, deci nu putem crea contul.")
    if "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("Există deja un cont cu această adresă de e-mail, pentru alt CNP. "
                             "Scrieți altă adresă de e-mail.")
    if errors:
        raise DomainError(errors)
    if account_with_cnp(data["cnp"]) is not None:
        raise DomainError(_("Există deja un cont pentru CNP-ul dumneavoastră: legați-l de ROeID cu parola lui."))
    if EidLink.objects.filter(issuer=identity.issuer, subject=identity.subject).exists():
        raise DomainError(_("Această identitate ROeID este deja legată de alt cont."))
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, first_name=data["first_name"],
                                            last_name=data["last_name"], phone=data["phone"],
                                            email_verified=email == data["email"],
                                            language=account_language(language))
            # A person the city hall already knows without an account (filed on paper at the counter,
            # represented under a mandate) is the same person: the CNP is the one the eID vouches for, so the
            # new account takes that party, with its requests and mandates, instead of a second one.
            party = (Party.objects.select_for_update().filter(kind=PartyKind.PERSON, cnp=data["cnp"],
                                                              user__isnull=True).order_by("pk").first()
                     or Party(kind=PartyKind.PERSON, cnp=data["cnp"]))
            party.name = f"{data['first_name']} {data['last_name']}"
            party.email, party.phone, party.user = email, data["phone"] or party.phone, user
            party.address = data["address"] or party.address
            party.save()
            link = EidLink.objects.create(user=user, provider=identity.provider, issuer=identity.issuer,
                                          subject=identity.subject, last_login_at=timezone.now())
    except IntegrityError:  # the same person, in another tab, a moment earlier
        raise DomainError(_("Contul tocmai a fost creat. Intrați din nou cu ROeID."))
    audit(actor=user, action="identity.account_created", target=user, ip_address=ip, **_payload(identity))
    event("identity.account_created", user, user=user.pk, link=link.pk, email_verified=user.email_verified,
          party=party.pk, **_payload(identity))
    if not user.email_verified:
        from primaria.accounts.services import send_verification

        send_verification(user)
    return user


def record_refusal(*, provider: str, reason: str, ip=None):
    """Keep a refused identity answer in the audit log: repeated refusals may be an attack."""
    audit(actor=None, action="identity.refused", ip_address=ip, provider=provider, reason=reason)
