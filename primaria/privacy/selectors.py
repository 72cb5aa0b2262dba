"""Reads about a person's data: consents, what is theirs, who looked at it, which accounts may be anonymised."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Consent, ConsentText, DataExport, Purpose

ACCESS = "privacy.access"  # audit action: an official opened a person's request or folder
# The audit lines of a look at a person's data; those of an official carry "official" (services.access_details).
ACCESS_ACTIONS = [ACCESS, "documents.download", "documents.view_outgoing"]
ANONYMOUS_DOMAIN = "anonimizat.invalid"  # e-mail addresses of anonymised accounts (a reserved domain)


def has_consent(user, purpose: str) -> bool:
    """Whether `user` agreed to receive `purpose` messages (newsletter, alerte) and has not withdrawn it.
    Whoever sends such messages asks this, right before sending."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def current_text(purpose: str) -> ConsentText | None:
    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def consent_choices(user) -> list[dict]:
    """Each purpose with its current text and the person's active consent, if any (the page's rows)."""
    active = {c.purpose: c for c in Consent.objects.filter(user=user, withdrawn_at__isnull=True)}
    texts = {}
    for text in ConsentText.objects.order_by("purpose", "-version"):
        texts.setdefault(text.purpose, text)
    return [{"purpose": value, "label": label, "text": texts.get(value), "consent": active.get(value)}
            for value, label in Purpose.choices]


def consents_of(user):
    return Consent.objects.filter(user=user).order_by("-given_at", "-pk")


def exports_of(user):
    return DataExport.objects.filter(user=user).order_by("-requested_at", "-pk")[:5]


def export_days() -> int:
    return int(getattr(settings, "PRIMARIA_DATA_EXPORT_DAYS", 7))


# --- what is the person's -----------------------------------------------------------------------------

def requests_of(user, party):
    """The requests that are the person's: filed for them (as applicant) or filed by them (for a company
    they represent). Another representative's requests for the same company are not."""
    from primaria.requests.models import Request

    condition = Q(filed_by=user)
    if party is not None:
        condition |= Q(applicant=party)
    return Request.objects.filter(condition)


def documents_of(user, party):
    """The files that are the person's: their folder, what is attached to or answers their requests, and the
    proofs of their mandates."""
    from primaria.accounts.models import Representation
    from primaria.documents.models import Document

    requests = requests_of(user, party)
    condition = (Q(attachments__request__in=requests) | Q(answered_requests__in=requests)
                 | Q(pk__in=Representation.objects.filter(user=user, proof__isnull=False).values("proof")))
    if party is not None:
        condition |= Q(owner=party)
    return Document.objects.filter(pk__in=Document.objects.filter(condition).values("pk"))


def accesses_of(user, party) -> list[dict]:
    """Who among the officials opened the person's requests, folder or documents: newest first."""
    from primaria.audit.models import AuditEntry
    from primaria.documents.models import OutgoingDocument

    requests = requests_of(user, party)
    request_ids = [str(pk) for pk in requests.values_list("pk", flat=True)]
    document_ids = [str(pk) for pk in documents_of(user, party).values_list("pk", flat=True)]
    outgoing_ids = [str(pk) for pk in OutgoingDocument.objects.filter(request__in=requests).values_list("pk", flat=True)]
    target = (Q(object_type="requests.request", object_id__in=request_ids)
              | Q(object_type="documents.document", object_id__in=document_ids)
              | Q(object_type="documents.outgoingdocument", object_id__in=outgoing_ids))
    if party is not None:
        target |= Q(object_type="accounts.party", object_id=str(party.pk))
    entries = (AuditEntry.objects.filter(target, action__in=ACCESS_ACTIONS, data__has_key="official")
               .exclude(actor=user).order_by("-at", "-pk"))
    return [{
        "at": entry.at,
        "official": entry.data.get("official", ""),
        "positions": entry.data.get("positions", []),
        "what": entry.data.get("what", ""),
        "view": entry.data.get("view", ""),
    } for entry in entries[:500]]


# --- anonymisation ------------------------------------------------------------------------------------

def inactive_before():
    """Accounts not used since this moment are inactive (PRIMARIA_INACTIVE_ACCOUNT_DAYS for tests and small
    deployments, else PRIMARIA_INACTIVE_ACCOUNT_YEARS, 3 by default)."""
    days = getattr(settings, "PRIMARIA_INACTIVE_ACCOUNT_DAYS", None)
    if days is None:
        days = 365 * int(getattr(settings, "PRIMARIA_INACTIVE_ACCOUNT_YEARS", 3))
    return timezone.now() - timedelta(days=int(days))


def without_legal_records(users):
    """The accounts of `users` tied to nothing the law keeps: no request they filed or that was filed for
    them, no registry entry or issued/filed document of their folder (a mandate used in a filing shows as
    the request it filed), and not an official (no position ever held, not staff). Any other account is
    never anonymised here."""
    from primaria.accounts.models import Party
    from primaria.documents.models import Document
    from primaria.institutions.models import Position
    from primaria.registry.models import RegistryEntry
    from primaria.requests.models import Request

    own_party = Party.objects.filter(user=OuterRef("pk")).values("pk")
    return users.filter(is_staff=False, is_superuser=False).exclude(
        Exists(Request.objects.filter(Q(applicant__in=own_party) | Q(filed_by=OuterRef("pk"))))
    ).exclude(
        Exists(RegistryEntry.objects.filter(Q(document__owner__user=OuterRef("pk")) | Q(registered_by=OuterRef("pk"))))
    ).exclude(
        Exists(Document.kept(Document.objects.filter(owner__user=OuterRef("pk"))))
    ).exclude(
        Exists(Position.objects.filter(user=OuterRef("pk")))
    )


def inactive_accounts(before=None):
    """Accounts unused since `before` (last log-in, or creation if they never logged in), not yet anonymised."""
    from primaria.accounts.models import User

    before = before or inactive_before()
    return (User.objects.annotate(last_seen=Coalesce("last_login", "date_joined"))
            .filter(last_seen__lt=before).exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}"))


def anonymisable_accounts(before=None):
    return without_legal_records(inactive_accounts(before))


def inactive_with_legal_records(before=None):
    """Inactive accounts kept for their legal records: only their unused optional data is tidied."""
    inactive = inactive_accounts(before)
    return inactive.exclude(pk__in=without_legal_records(inactive).values("pk"))
