from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render

from primaria.accounts.selectors import acting_party, party_ids_of
from primaria.audit.services import record
from primaria.institutions.selectors import is_official, visible_department_ids

from .models import Document
from .selectors import folder_of


@login_required
def folder(request):
    party = acting_party(request)
    if party is None:
        raise Http404()
    return render(request, "documents/folder.html", {"party": party, "documents": folder_of(party)})


def _document_for(user, public_id) -> Document:
    """A document the user may open: one in their own or their companies' folders, or, for an official,
    one attached to or answering a request of a department they see."""
    document = Document.objects.filter(public_id=public_id).first()
    if document is None:
        raise Http404()
    if document.owner_id and document.owner_id in party_ids_of(user):
        return document
    if is_official(user):
        departments = visible_department_ids(user)
        from primaria.requests.models import Request

        linked = Request.objects.filter(department_id__in=departments).exclude(status="draft").filter(
            Q(attachments__document=document) | Q(answer_document=document)
        )
        if linked.exists():
            return document
    raise Http404()


@login_required
def download(request, public_id):
    document = _document_for(request.user, public_id)
    record(actor=request.user, action="documents.download", target=document, institution_id=document.institution_id,
           ip_address=request.META.get("REMOTE_ADDR"))
    return FileResponse(document.file.open("rb"), content_type=document.mime, filename=document.original_name)
