from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from primaria.accounts.selectors import acting_party, mandates_in_folder
from primaria.audit.services import record
from primaria.core import rules
from primaria.core.files import file_response
from primaria.privacy.services import access_details

from .models import Document
from .selectors import folder_of


@login_required
def folder(request):
    party = acting_party(request)
    if party is None:
        raise Http404()
    mandates = list(mandates_in_folder(party))
    if getattr(party, "mandate_services", None) is not None:
        # Under a mandate for some services only: that mandate, not the others the party gave.
        mandates = [m for m in mandates if m.user_id == request.user.pk]
    return render(request, "documents/folder.html", {
        "party": party, "documents": rules.documents_visible_to(request.user, folder_of(party)), "mandates": mandates,
        # Either side may end a mandate from here (core.rules: the holder, the person represented, another
        # representative of the company with a mandate for every service).
        "revocable": {m.pk for m in mandates if rules.can(request.user, m, "revoke")},
    })


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
           ip_address=request.META.get("REMOTE_ADDR"),
           **access_details(request, what=f"Documentul „{document.title}”", party=document.owner))
    return file_response(document.file, filename=document.original_name or document.title, mime=document.mime)
