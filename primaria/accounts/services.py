"""Creating accounts, confirming e-mail addresses and linking people to the companies they represent."""

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from primaria.audit.services import record
from primaria.core import validators
from primaria.core.errors import DomainError
from primaria.notifications.services import notify

from .models import Party, PartyKind, Representation, User

VERIFY_SALT = "accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


@transaction.atomic
def register_person(*, email, password, first_name, last_name, cnp, phone="", address="", ip=None) -> User:
    """Open a resident's account; they must confirm their e-mail address before filing."""
    errors = {}
    email = validators.collect(errors, "email", validators.clean_email, email)
    cnp = validators.collect(errors, "cnp", validators.clean_cnp, cnp)
    if phone:
        phone = validators.collect(errors, "phone", validators.clean_phone, phone)
    first_name, last_name, address = (first_name or "").strip(), (last_name or "").strip(), (address or "").strip()
    if not first_name:
        errors["first_name"] = "Completați prenumele."
    if not last_name:
        errors["last_name"] = "Completați numele de familie."
    if len(address) < 5:
        errors["address"] = "Scrieți adresa de domiciliu (localitatea, strada, numărul)."
    if "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = "Există deja un cont cu această adresă de e-mail. Puteți recupera parola."
    if "cnp" not in errors and Party.objects.filter(kind=PartyKind.PERSON, cnp=cnp, user__isnull=False).exists():
        errors["cnp"] = "Există deja un cont pentru acest CNP."
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise DomainError(errors)
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name, phone=phone)
    Party.objects.create(kind=PartyKind.PERSON, name=f"{first_name} {last_name}", cnp=cnp, email=email, phone=phone,
                         address=address, user=user)
    record(actor=user, action="accounts.register", target=user, ip_address=ip)
    send_verification(user)
    return user


def verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def send_verification(user):
    from django.conf import settings

    link = settings.SITE_URL + reverse("accounts:verify", args=[verification_token(user)])
    notify(address=user.email, recipient=user, template="verify_email", context={"user": user, "link": link}, related=user)


@transaction.atomic
def verify_email(token: str) -> User:
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError("Linkul de confirmare a expirat. Cereți unul nou din contul dumneavoastră.")
    except signing.BadSignature:
        raise DomainError("Linkul de confirmare nu este valid.")
    user = User.objects.select_for_update().filter(pk=payload["u"], email=payload["e"]).first()
    if user is None:
        raise DomainError("Linkul de confirmare nu mai corespunde unui cont.")
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        record(actor=user, action="accounts.verify_email", target=user)
    return user


@transaction.atomic
def add_company(*, actor, cui, name, address, capacity, registration_code="", ip=None) -> Party:
    """Declare that the user represents a company (administrator or with a power of attorney)."""
    errors = {}
    cui = validators.collect(errors, "cui", validators.clean_cui, cui)
    name, address, capacity = (name or "").strip(), (address or "").strip(), (capacity or "").strip()
    if len(name) < 2:
        errors["name"] = "Scrieți denumirea firmei."
    if len(address) < 5:
        errors["address"] = "Scrieți sediul social al firmei."
    if not capacity:
        errors["capacity"] = "Alegeți calitatea în care reprezentați firma."
    if errors:
        raise DomainError(errors)
    company, _ = Party.objects.get_or_create(
        kind=PartyKind.COMPANY, cui=cui,
        defaults={"name": name, "address": address, "registration_code": registration_code, "email": actor.email},
    )
    representation, created = Representation.objects.get_or_create(
        user=actor, company=company, defaults={"capacity": capacity}
    )
    if not created:
        raise DomainError({"cui": "Reprezentați deja această firmă."})
    record(actor=actor, action="accounts.add_company", target=company, ip_address=ip, capacity=capacity)
    actor.__dict__.pop("_parties_cache", None)
    return company
