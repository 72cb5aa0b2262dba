from django.db.models import Q
from django.utils import timezone

from primaria.core.cache import Generation

from .models import Document, SignatureStep

# Who has something to sign changes when a document goes to signing, is signed or refused, and when a
# delegation is given or revoked (documents.apps connects the signals; the day is part of every key).
SIGNING = Generation("signing")


def folder_of(party):
    """Everything in a party's folder (dosar unic), newest first."""
    return Document.objects.filter(owner=party).select_related("document_type")


def folder_listing(documents):
    """The folder as its owner reads it: a draft's files belong to the draft until it is filed (a file the
    draft replaced is removed by the outbox), so files attached only to drafts stay out; each document
    carries the filed requests it went with or answered (`requests`), newest first."""
    from primaria.requests.models import Attachment, Request, Status

    in_drafts = Attachment.objects.filter(request__status=Status.DRAFT).values("document")
    filed = Attachment.objects.exclude(request__status=Status.DRAFT).values("document")
    documents = list(documents.filter(Q(pk__in=filed) | ~Q(pk__in=in_drafts)).select_related("document_type"))
    ids = [d.pk for d in documents]
    links = {}
    related = ("request__registry_entry", "request__service")
    for attachment in (Attachment.objects.filter(document__in=ids).exclude(request__status=Status.DRAFT)
                       .select_related(*related).order_by("request_id")):
        links.setdefault(attachment.document_id, {})[attachment.request_id] = attachment.request
    for answered in Request.objects.filter(answer_document__in=ids).select_related("registry_entry", "service"):
        links.setdefault(answered.answer_document_id, {})[answered.pk] = answered
    for document in documents:
        document.requests = list(links.get(document.pk, {}).values())
    return documents


def reusable_documents(party, document_type):
    """Still-valid documents of one type already in the folder, to pick instead of uploading again."""
    today = timezone.localdate()
    return [d for d in folder_of(party).filter(document_type=document_type) if d.is_valid_on(today)]


def to_sign_count(user) -> int:
    """Documents waiting for the user's signature, their own or a principal's they stand in for."""
    from primaria.institutions.selectors import delegations_held_by

    day = timezone.localdate()

    def count():
        return SignatureStep.objects.filter(
            Q(signer=user) | Q(signer__in=delegations_held_by(user, day).values("principal_id")),
            status=SignatureStep.Status.CURRENT, document__status="signing").count()

    return SIGNING.get(f"{user.pk}:{day.isoformat()}", count)
