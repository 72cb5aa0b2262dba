from django.utils import timezone

from .models import Document


def folder_of(party):
    """Everything in a party's folder (dosar unic), newest first."""
    return Document.objects.filter(owner=party).select_related("document_type")


def reusable_documents(party, document_type):
    """Still-valid documents of one type already in the folder, to pick instead of uploading again."""
    today = timezone.localdate()
    return [d for d in folder_of(party).filter(document_type=document_type) if d.is_valid_on(today)]
