"""Archive pages: officials' search and units, the nomenclator, digitisation batches, disposal; the public
search over published documents. Thin adapters over selectors (reads) and services (changes)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import file_response
from primaria.institutions.models import Department
from primaria.institutions.selectors import institution_ids_of

from . import selectors, services, uploads
from .models import ArchiveUnit, DisposalProposal, NomenclatorEntry, Retention, ScanBatch


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _int(value):
    return int(value) if str(value or "").isdigit() else None


def _managed_institution(user):
    """The institution whose archive the user manages (the first one, for people with one institution)."""
    from primaria.institutions.models import Institution

    ids = services.institutions_with_role(user, services.MANAGER_ROLES)
    return Institution.objects.filter(pk__in=ids).order_by("pk").first()


def _search_context(request, *, public):
    form = {
        "q": request.GET.get("q", "").strip(), "year": _int(request.GET.get("an")), "entry": _int(request.GET.get("pozitie")),
        "type": request.GET.get("tip", "").strip(), "department": _int(request.GET.get("compartiment")),
    }
    page = None
    if form["q"]:
        page = selectors.search(
            user=None if public else request.user, public=public, text=form["q"], year=form["year"], entry_id=form["entry"],
            doc_type=form["type"], department_id=None if public else form["department"], page=_int(request.GET.get("pagina")) or 1,
        )
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return {"form": form, "results": page, "choices": selectors.search_choices(None if public else request.user, public=public),
            "querystring": querystring.urlencode(), "public": public}


# --- officials -------------------------------------------------------------------------------------------


@official_required()
def search(request):
    context = _search_context(request, public=False)
    context["can_manage"] = bool(services.institutions_with_role(request.user, services.MANAGER_ROLES))
    return render(request, "archive/search.html", context)


def _file_response(document, file, *, inline=True, filename=None):
    """The reading copy is always a PDF (the PDF/A made at digitisation, or an original that already was a
    PDF with text) and opens in the browser, so search results can link to one of its pages (#page=N);
    the original scan or upload is handed over as an attachment, with its stored type."""
    if not file:
        raise Http404()
    return file_response(file, filename=filename or f"{document.identifier}.pdf",
                         mime="application/pdf" if inline else document.mime, inline=inline)


@official_required()
def document(request, public_id):
    doc = selectors.document_for_official(request.user, public_id)
    if doc is None:
        raise Http404()
    services.record_access(actor=request.user, document=doc, action="view", ip=_ip(request))
    return render(request, "archive/document.html", {"doc": doc, "pages": doc.pages.all(), "public": False})


@official_required()
def document_pdf(request, public_id):
    doc = selectors.document_for_official(request.user, public_id)
    if doc is None or doc.file_for_reading is None:
        raise Http404()
    services.record_access(actor=request.user, document=doc, action="download", ip=_ip(request), file="pdf")
    return _file_response(doc, doc.file_for_reading)


@official_required()
def document_original(request, public_id):
    doc = selectors.document_for_official(request.user, public_id)
    if doc is None:
        raise Http404()
    file = doc.original or (doc.document.file if doc.document_id else None)
    services.record_access(actor=request.user, document=doc, action="download", ip=_ip(request), file="original")
    return _file_response(doc, file, inline=False, filename=doc.original_name or f"{doc.identifier}-original")


@official_required()
def units(request):
    qs = selectors.units_for(request.user).order_by("-year", "entry__index", "volume")
    year, entry = _int(request.GET.get("an")), _int(request.GET.get("pozitie"))
    if year:
        qs = qs.filter(year=year)
    if entry:
        qs = qs.filter(entry_id=entry)
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    entries = NomenclatorEntry.objects.filter(institution_id__in=institution_ids_of(request.user)).order_by("index")
    return render(request, "archive/units.html", {"page": page, "entries": entries, "year": year, "entry": entry,
                                                  "years": qs.values_list("year", flat=True).distinct().order_by("-year")})


@official_required()
def unit(request, public_id):
    found = selectors.unit_for_official(request.user, public_id)
    if found is None:
        raise Http404()
    documents = Paginator(found.documents.filter(disposed_at__isnull=True).order_by("pk"), 50).get_page(request.GET.get("pagina"))
    return render(request, "archive/unit.html", {"unit": found, "page": documents})


# --- the nomenclator -------------------------------------------------------------------------------------


@official_required()
def nomenclator(request):
    entries = NomenclatorEntry.objects.filter(institution_id__in=institution_ids_of(request.user)).select_related(
        "department").prefetch_related("services").order_by("index")
    return render(request, "archive/nomenclator.html", {
        "entries": entries, "can_manage": bool(services.institutions_with_role(request.user, services.MANAGER_ROLES)),
    })


@official_required(*services.MANAGER_ROLES)
def entry_edit(request, pk=None):
    institution = _managed_institution(request.user)
    if institution is None:
        raise Http404()
    entry = None
    if pk is not None:
        entry = NomenclatorEntry.objects.filter(pk=pk, institution=institution).first()
        if entry is None:
            raise Http404()
    errors, values = {}, None
    if request.method == "POST":
        values = {
            "department": request.POST.get("department"), "index": request.POST.get("index", ""),
            "title": request.POST.get("title", ""), "retention_years": request.POST.get("retention_years"),
            "services": request.POST.getlist("services"), "default_for_department": request.POST.get("default_for_department") == "1",
            "active": request.POST.get("active") == "1", "approval": request.POST.get("approval", ""),
        }
        try:
            saved = services.save_entry(actor=request.user, institution=institution, data=values,
                                        entry_id=entry.pk if entry else None, ip=_ip(request))
        except (DomainError, PermissionDenied) as exc:
            errors = field_errors(exc) if isinstance(exc, DomainError) else {"__all__": str(exc)}
        else:
            messages.success(request, _("Poziția %(index)s a fost salvată în nomenclator.") % {"index": saved.index})
            return redirect("archive:nomenclator")
    if values is None:
        values = {
            "department": str(entry.department_id) if entry else "", "index": entry.index if entry else "",
            "title": entry.title if entry else "", "retention_years": str(entry.retention_years) if entry else "",
            "services": [str(s.pk) for s in entry.services.all()] if entry else [],
            "default_for_department": entry.default_for_department if entry else False,
            "active": entry.active if entry else True, "approval": entry.approval if entry else "",
        }
    from primaria.catalog.models import Service

    return render(request, "archive/entry_form.html", {
        "entry": entry, "values": values, "errors": errors, "retentions": Retention.choices,
        "departments": Department.objects.filter(institution=institution).order_by("name"),
        "services": Service.objects.filter(institution=institution).order_by("name"),
    })


# --- digitisation batches ----------------------------------------------------------------------------------


@official_required(*services.MANAGER_ROLES)
def batches(request):
    institution = _managed_institution(request.user)
    errors = {}
    if request.method == "POST" and institution is not None:
        manifest = request.FILES.get("manifest")
        scans = request.FILES.getlist("files")
        if manifest is None:
            errors["manifest"] = _("Atașați manifestul CSV al lotului.")
        elif not scans:
            errors["files"] = _("Atașați fișierele scanate (PDF, TIFF, JPEG sau PNG).")
        else:
            try:
                # Sizes first: Django keeps large uploads in temporary files, so an oversized file is
                # refused here without ever being read into memory.
                uploads.check_sizes({f.name: f.size for f in scans})
                files = {f.name: f.read() for f in scans}
                batch, created = services.import_batch(
                    actor=request.user, institution=institution, title=request.POST.get("title", ""),
                    manifest=manifest.read(), files=files, source="încărcare", ip=_ip(request),  # i18n: ro (stored)
                )
            except DomainError as exc:
                errors = field_errors(exc)
            else:
                messages.success(request, _("Lotul a fost pus în lucru.") if created else
                                 _("Lotul exista deja: nu s-a adăugat nimic; s-au reluat doar fișierele neterminate."))
                return redirect("archive:batch", public_id=batch.public_id)
    items = selectors.batches_for(request.user).order_by("-created_at")
    return render(request, "archive/batches.html", {
        "page": Paginator(items, 30).get_page(request.GET.get("pagina")), "errors": errors,
        "jobs": selectors.job_summary(institution_ids_of(request.user)),
    })


def _batch_for(user, public_id):
    batch = ScanBatch.objects.filter(public_id=public_id, institution_id__in=institution_ids_of(user)).first()
    if batch is None:
        raise Http404()
    return batch


@official_required(*services.MANAGER_ROLES)
def batch(request, public_id):
    found = _batch_for(request.user, public_id)
    progress = selectors.batch_progress(found)
    if request.htmx or request.GET.get("fragment") == "progres":
        return render(request, "archive/_progress.html", {"batch": found, "progress": progress})
    items = Paginator(found.items.select_related("document").order_by("position"), 100).get_page(request.GET.get("pagina"))
    return render(request, "archive/batch.html", {"batch": found, "progress": progress, "page": items})


# --- retention and disposal -----------------------------------------------------------------------------------


@official_required()
def disposal(request):
    institution = _managed_institution(request.user)
    if request.method == "POST":
        if institution is None:
            raise Http404()
        try:
            proposal = services.propose_disposal(actor=request.user, institution=institution, ip=_ip(request))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("archive:disposal")
        if proposal is None:
            messages.success(request, _("Nicio unitate arhivistică nu are termenul de păstrare împlinit."))
            return redirect("archive:disposal")
        messages.success(request, _("Propunerea de eliminare pe %(year)s a fost trimisă comisiei.") % {"year": proposal.year})
        return redirect("archive:proposal", public_id=proposal.public_id)
    proposals = selectors.proposals_for(request.user).select_related("record")
    return render(request, "archive/disposal.html", {"proposals": proposals, "can_manage": institution is not None})


@official_required()
def proposal(request, public_id):
    found = DisposalProposal.objects.filter(public_id=public_id, institution_id__in=institution_ids_of(request.user)).first()
    if found is None:
        raise Http404()
    can_decide = services.can_decide_disposal(request.user, found.institution_id)
    errors = {}
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            services.decide_disposal(
                actor=request.user, proposal_id=found.pk, approve=decision == "approve",
                keep_unit_ids=[k for k in request.POST.getlist("keep") if k.isdigit()], note=request.POST.get("note", ""),
                ip=_ip(request),
            )
        except PermissionDenied as exc:
            errors = {"__all__": str(exc)}
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Decizia comisiei a fost înregistrată."))
            return redirect("archive:proposal", public_id=found.public_id)
    units_list = found.units.select_related("entry__department").order_by("year", "entry__index", "volume")
    return render(request, "archive/proposal.html", {
        "proposal": found, "units": units_list, "can_decide": can_decide, "errors": errors,
        "record": getattr(found, "record", None) if found.status == DisposalProposal.Status.APPROVED else None,
        "disposed_status": ArchiveUnit.Status.DISPOSED,
    })


# --- the public --------------------------------------------------------------------------------------------------


def public_search(request):
    return render(request, "archive/public_search.html", _search_context(request, public=True))


def public_document(request, public_id):
    doc = selectors.published_document(public_id)
    if doc is None:
        raise Http404()
    services.record_access(actor=request.user, document=doc, action="view", ip=_ip(request), public=True)
    return render(request, "archive/document.html", {"doc": doc, "pages": doc.pages.all(), "public": True})


def public_document_pdf(request, public_id):
    doc = selectors.published_document(public_id)
    if doc is None or doc.file_for_reading is None:
        raise Http404()
    services.record_access(actor=request.user, document=doc, action="download", ip=_ip(request), file="pdf", public=True)
    return _file_response(doc, doc.file_for_reading)

