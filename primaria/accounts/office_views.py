"""The registry's queue of representation claims: check the proof, then approve, refuse or revoke.

Only those who may decide (accounts.selectors.may_decide_representations) see these pages; everyone else
gets 404, as for every back-office page. They list and open only the claims made on the city hall the page
serves (`representations_here`): another city hall's claim answers 404.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from primaria.audit.services import record
from primaria.core import validators
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import file_response
from primaria.privacy.services import access_details

from . import services
from .selectors import (
    may_decide_representations,
    pending_representations,
    representations_here,
    verified_representations_of_company,
)


def deciders_only(view):
    @wraps(view)
    @official_required()
    def wrapper(request, *args, **kwargs):
        if not may_decide_representations(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapper


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _page(request, *, errors=None, failed=None, values=None):
    cui = (request.GET.get("cui") or request.POST.get("cui") or "").strip()
    company_mandates, cui_error = None, ""
    if cui:
        try:
            identifier = validators.clean_cnp(cui) if len(cui) == 13 and cui.isdigit() else validators.clean_cui(cui)
            company_mandates = list(verified_representations_of_company(identifier))
        except ValidationError as exc:
            cui_error = exc.messages[0]
    return render(request, "accounts/office/queue.html", {
        "pending": pending_representations(), "errors": errors or {}, "failed": failed, "values": values or {},
        "cui": cui, "cui_error": cui_error, "company_mandates": company_mandates,
    })


@deciders_only
def queue(request):
    return _page(request)


def _decide(request, pk, decide, success):
    representation = get_object_or_404(representations_here(), pk=pk)
    try:
        decide(representation)
    except DomainError as exc:
        return _page(request, errors=field_errors(exc), failed=representation.pk, values=request.POST)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success % {"user": representation.user.get_full_name() or representation.user.email,
                                             "company": representation.company.name})
    # Back to where the clerk was: the queue, or the mandates of the company they looked up.
    cui = request.POST.get("cui", "").strip()
    return redirect(f"{reverse('mandates:queue')}?{urlencode({'cui': cui})}" if cui else "mandates:queue")


@deciders_only
@require_POST
def verify(request, pk):
    return _decide(request, pk, lambda r: services.verify_representation(
        actor=request.user, representation_id=r.pk, valid_until=request.POST.get("valid_until", ""),
        note=request.POST.get("note", ""), ip=_ip(request),
    ), _("Ați aprobat: %(user)s poate acționa în numele firmei %(company)s. L-am anunțat prin e-mail."))


@deciders_only
@require_POST
def refuse(request, pk):
    return _decide(request, pk, lambda r: services.refuse_representation(
        actor=request.user, representation_id=r.pk, reason=request.POST.get("reason", ""), ip=_ip(request),
    ), _("Ați respins cererea lui %(user)s pentru firma %(company)s. Motivul i-a fost trimis prin e-mail."))


@deciders_only
@require_POST
def revoke(request, pk):
    return _decide(request, pk, lambda r: services.revoke_representation(
        actor=request.user, representation_id=r.pk, reason=request.POST.get("reason", ""), ip=_ip(request),
    ), _("Ați revocat mandatul lui %(user)s pentru firma %(company)s. L-am anunțat prin e-mail."))


@deciders_only
def proof(request, pk):
    """The proof a claim was filed with, for the clerk who checks it (it is not in any folder they see)."""
    representation = get_object_or_404(representations_here().select_related("proof"), pk=pk)
    document = representation.proof
    if document is None:
        raise Http404()
    record(actor=request.user, action="documents.download", target=document, institution_id=document.institution_id,
           ip_address=_ip(request), representation=representation.pk,
           **access_details(request, what=f"Dovada mandatului pentru {representation.company.name}",  # i18n: ro (audit)
                            party=representation.company))
    return file_response(document.file, filename=document.original_name, mime=document.mime)
