"""Changes to a person's data rights: consents, exports, anonymisation; and noting an official's look."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaria.audit.services import record as audit
from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.outbox.services import record

from . import selectors
from .models import Consent, DataExport, Purpose
from .selectors import ACCESS, ANONYMOUS_DOMAIN


def _lock_user(user):
    from primaria.accounts.models import User

    return User.objects.select_for_update().get(pk=user.pk)


# --- consents -----------------------------------------------------------------------------------------

def give_consent(*, actor, purpose: str, method: str = "formular online", ip=None) -> Consent:  # i18n: ro (record)
    """`actor` agrees to receive `purpose` messages, under the current text of that purpose (copied with
    its version). Agreeing again while a consent is in force changes nothing."""
    if purpose not in Purpose.values:
        raise DomainError({"purpose": _("Alegeți un tip de mesaje din listă.")})
    with transaction.atomic():
        user = _lock_user(actor)
        existing = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
        if existing is not None:
            return existing
        text = selectors.current_text(purpose)
        if text is None:
            raise DomainError({"purpose": _("Acest tip de mesaje nu are încă un text de acord publicat.")})
        consent = Consent.objects.create(user=user, purpose=purpose, text=text.text, text_version=text.version,
                                         given_at=timezone.now(), method=method[:60], ip_address=ip)
        audit(actor=actor, action="privacy.consent_given", target=consent, ip_address=ip, purpose=purpose,
              text_version=text.version)
        record("privacy.consent_given", consent, user_id=user.pk, purpose=purpose, text_version=text.version)
    return consent


def withdraw_consent(*, actor, purpose: str, method: str = "formular online", ip=None) -> Consent | None:  # i18n: ro
    """`actor` withdraws their consent to `purpose` messages (from now on; what was sent stays sent)."""
    if purpose not in Purpose.values:
        raise DomainError({"purpose": _("Alegeți un tip de mesaje din listă.")})
    with transaction.atomic():
        user = _lock_user(actor)
        consent = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
        if consent is None:
            return None
        consent.withdrawn_at = timezone.now()
        consent.withdrawal_method = method[:60]
        consent.save(update_fields=["withdrawn_at", "withdrawal_method"])
        audit(actor=actor, action="privacy.consent_withdrawn", target=consent, ip_address=ip, purpose=purpose)
        record("privacy.consent_withdrawn", consent, user_id=user.pk, purpose=purpose)
    return consent


# --- exports ------------------------------------------------------------------------------------------

def request_export(*, actor, ip=None, city_hall=None) -> DataExport:
    """The person asks for a copy of their data; a worker builds it (handler `privacy.build_export`) and
    e-mails a link, on the address of `city_hall` (by default the one the running request serves). While one
    is being prepared, asking again returns it."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("Intrați în cont ca să cereți datele dumneavoastră."))
    with transaction.atomic():
        user = _lock_user(actor)
        pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
        if pending is not None and pending.requested_at > timezone.now() - timedelta(days=1):
            return pending
        if pending is not None:  # its building failed for a day (see the outbox's failed deliveries): start anew
            DataExport.objects.filter(pk=pending.pk).update(status=DataExport.Status.EXPIRED)
        city_hall = tenancy.city_hall_of(city_hall) if city_hall is not None else tenancy.current()
        export = DataExport.objects.create(user=user, city_hall=city_hall)
        audit(actor=actor, action="privacy.export_requested", target=export, ip_address=ip)
        record("privacy.export_requested", export, export_id=export.pk)
    return export


def build_export(export_id: int) -> bool:
    """Build the ZIP with no lock held, then store it on the export and e-mail the link in one short
    transaction that re-checks the export is still waiting. A repeat after a crash builds it again."""
    from primaria.notifications.services import notify

    from . import export as builder

    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return False
    now = timezone.now()
    name, size = builder.build_to_storage(export, now=now)
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export_id)
        if export.status != DataExport.Status.PENDING:
            return False
        export.status = DataExport.Status.READY
        export.file.name = name
        export.size = size
        export.ready_at = now
        export.expires_at = now + timedelta(days=selectors.export_days())
        export.save(update_fields=["status", "file", "size", "ready_at", "expires_at"])
        audit(actor=None, action="privacy.export_ready", target=export, size=size)
        user = export.user
        site = tenancy.site_url(export.city_hall) if export.city_hall_id else settings.SITE_URL
        link = site.rstrip("/") + reverse("privacy:download", args=[export.public_id])
        notify(address=user.email, recipient=user, template="privacy_export_ready", related=export,
               context={"user": user, "link": link, "expires_at": export.expires_at.isoformat(),
                        "days": selectors.export_days()})
    return True


def note_download(*, actor, export, ip=None):
    with transaction.atomic():
        DataExport.objects.filter(pk=export.pk).update(downloads=F("downloads") + 1)
        audit(actor=actor, action="privacy.export_downloaded", target=export, ip_address=ip)


def expire_exports(now=None) -> int:
    """Exports past their term: the file is removed, the row stays as the record of the request."""
    now = now or timezone.now()
    expired = 0
    for pk in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            export = DataExport.objects.select_for_update().get(pk=pk)
            if export.status != DataExport.Status.READY:
                continue
            name = export.file.name
            export.status = DataExport.Status.EXPIRED
            export.file = ""
            export.save(update_fields=["status", "file"])
            audit(actor=None, action="privacy.export_expired", target=export)
            record("privacy.export_expired", export, file=name)
        expired += 1
    return expired


# --- an official's look at a person's data ------------------------------------------------------------

def official_details(user) -> dict:
    """Who an official is, as the person will read it later: name and positions (institution, department)
    at the time of the look. Empty for someone who holds no position."""
    from primaria.institutions.selectors import positions_of

    positions = positions_of(user)
    if not positions:
        return {}
    return {
        "official": user.get_full_name() or user.email,
        "positions": [{"institution": p.department.institution.name, "department": p.department.name,
                       "role": p.get_role_display()} for p in positions],
    }


def access_details(request, *, what: str, party=None) -> dict:
    """What the audit line of an official's look at a person's data carries: the official's name and
    positions, what was opened and from which page. Empty when the signed-in user is no official, or looks
    at a party they act for themselves (their own folder or their company): nothing to show anyone."""
    from primaria.accounts.selectors import can_act_for

    user = request.user
    details = official_details(user)
    if not details or (party is not None and can_act_for(user, party)):
        return {}
    match = getattr(request, "resolver_match", None)
    return {**details, "what": what[:300], "view": match.view_name if match else ""}


def note_access(request, *, target, what: str, party=None, institution_id=None):
    """Record that the signed-in official opened `target` (a request, a party) holding a person's data: one
    audit line (action privacy.access), no outbox (a read changes nothing). The person reads it on
    /cont/datele-mele/ (selectors.accesses_of)."""
    details = access_details(request, what=what, party=party)
    if not details:
        return None
    return audit(actor=request.user, action=ACCESS, target=target, institution_id=institution_id,
                 ip_address=request.META.get("REMOTE_ADDR"), **details)


# --- anonymisation ------------------------------------------------------------------------------------

def anonymise_account(*, user_id, actor=None, reason: str = "cont inactiv") -> bool:
    """Erase the personal data of an account tied to no legal record: names, e-mail (replaced by a unique
    address that cannot receive mail), phone, address, CNP; the password becomes unusable and the account
    inactive (Django refuses it at log-in and on every request of an open session); its unused uploads,
    consents, exports, messages, second factors, API tokens and link to an electronic identity are removed.
    Refused (False) for an account with legal records, checked again under the lock."""
    from primaria.accounts.models import Party, User
    from primaria.documents.services import discard_drafts
    from primaria.notifications.models import Notification

    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.email.endswith(f"@{ANONYMOUS_DOMAIN}"):
            return False
        if not selectors.without_legal_records(User.objects.filter(pk=user.pk)).exists():
            return False
        party = Party.objects.select_for_update().filter(user=user).first()
        user.first_name = user.last_name = user.phone = ""
        user.email = f"anonim-{user.pk}-{timezone.now():%Y%m%d%H%M%S}@{ANONYMOUS_DOMAIN}"
        user.email_verified = False
        user.is_active = False
        user.set_unusable_password()
        user.save()
        if party is not None:
            discard_drafts(owner=party, actor=actor, reason=reason)
            party.name = "Persoană anonimizată"  # i18n: ro (stored data)
            party.cnp = party.email = party.phone = party.address = ""
            party.save(update_fields=["name", "cnp", "email", "phone", "address"])
        files = [name for name in DataExport.objects.filter(user=user).values_list("file", flat=True) if name]
        DataExport.objects.filter(user=user).delete()
        Consent.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        _remove_login_means(user)
        audit(actor=actor, action="privacy.anonymised", target=user, reason=reason)
        record("privacy.account_anonymised", user, files=files)
    return True


# What lets an account sign in or ties it to a person elsewhere: second factors, API tokens, the link to an
# electronic identity (its subject identifies the person). Removed with the account's personal data.
LOGIN_MEANS = [("otp_totp", "TOTPDevice"), ("otp_static", "StaticDevice"), ("django_otp_webauthn", "WebAuthnCredential"),
               ("django_otp_webauthn", "WebAuthnUserHandle"), ("knox", "AuthToken"), ("identity", "EidLink")]


def _remove_login_means(user):
    from django.apps import apps

    for app_label, model_name in LOGIN_MEANS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:  # an app this deployment does not install
            continue
        model._default_manager.filter(user=user).delete()


def tidy_kept_account(*, user_id) -> int:
    """An inactive account kept for its legal records loses only its unused optional data: consents it
    withdrew. Its requests, documents, registry entries and the account itself stay."""
    with transaction.atomic():
        removed = Consent.objects.filter(user_id=user_id, withdrawn_at__isnull=False).delete()[0]
        if removed:
            audit(actor=None, action="privacy.withdrawn_consents_removed", consents=removed, user_id=user_id)
    return removed


def anonymise_inactive(*, before=None, dry_run=False) -> dict:
    """The periodic clean-up: anonymise inactive accounts without legal records, tidy the kept ones, and
    remove expired exports. Each account in its own transaction."""
    before = before or selectors.inactive_before()
    candidates = list(selectors.anonymisable_accounts(before).values_list("pk", flat=True))
    kept = list(selectors.inactive_with_legal_records(before).values_list("pk", flat=True))
    if dry_run:
        return {"anonymised": len(candidates), "kept": len(kept), "expired_exports": 0}
    anonymised = sum(1 for pk in candidates if anonymise_account(user_id=pk))
    for pk in kept:
        tidy_kept_account(user_id=pk)
    return {"anonymised": anonymised, "kept": len(kept), "expired_exports": expire_exports()}
