from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from primaria.accounts.selectors import acting_party, mandates_in_folder
from primaria.audit.services import record
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.files import file_response
from primaria.privacy.services import access_details

from . import services
from .models import Document
from .selectors import folder_listing, folder_of


@login_required
def folder(request):
    party = acting_party(request)
    if party is None:
        raise Http404()
    mandates = list(mandates_in_folder(party))
    if getattr(party, "mandate_services", None) is not None:
        # Under a mandate for some services only: that mandate, not the others the party gave.
        mandates = [m for m in mandates if m.user_id == request.user.pk]
    documents = folder_listing(rules.documents_visible_to(request.user, folder_of(party)))
    # A link to a request only where the user may open it (a mandate for some services shows only theirs).
    linked = {r.pk for d in documents for r in d.requests}
    allowed = set(rules.applicant_requests(request.user).filter(pk__in=linked).values_list("pk", flat=True))
    for document in documents:
        document.requests = [r for r in document.requests if r.pk in allowed]
        document.removable = rules.can(request.user, document, "remove")
    return render(request, "documents/folder.html", {
        "party": party, "documents": documents, "mandates": mandates,
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
           **access_details(request, what=f"Documentul „{document.title}”", party=document.owner))  # i18n: ro (audit)
    return file_response(document.file, filename=document.original_name or document.title, mime=document.mime)


@login_required
@require_POST
def remove(request, public_id):
    """Remove from the folder a file the resident uploaded that nothing needs (core.rules, "remove")."""
    document = _document_for(request.user, public_id)
    try:
        services.remove_upload(actor=request.user, document_id=document.pk, ip=request.META.get("REMOTE_ADDR"))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, DomainError) else str(exc))
    else:
        messages.success(request, _("Documentul „%(title)s” a fost șters din dosar.") % {"title": document.title})
    return redirect("documents:folder")
