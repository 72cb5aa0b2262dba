from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from primaria.accounts.selectors import acting_party
from primaria.audit.services import record
from primaria.core import rules
from primaria.core.files import file_response

from .models import Document
from .selectors import folder_of


@login_required
def folder(request):
    party = acting_party(request)
    if party is None:
        raise Http404()
    return render(request, "documents/folder.html", {"party": party, "documents": folder_of(party)})


def _document_for(user, public_id) -> Document:
    """A document the user may open (core.rules): one in the folders of the parties they act for or, for an
    official, one attached to or answering a request they may open, or issued by them. Any other answers 404."""
    document = rules.documents_visible_to(user, Document.objects.filter(public_id=public_id)).first()
    if document is None:
        raise Http404()
    return document


@login_required
def download(request, public_id):
    document = _document_for(request.user, public_id)
    record(actor=request.user, action="documents.download", target=document, institution_id=document.institution_id,
           ip_address=request.META.get("REMOTE_ADDR"))
    return file_response(document.file, filename=document.original_name or document.title, mime=document.mime)
