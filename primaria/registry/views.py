import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.models import Department, Institution, Role
from primaria.institutions.selectors import has_role, institution_ids_of

from . import services
from .models import Channel, Direction
from .selectors import parse_date, search_entries

CSV_HEADER = [  # i18n: ro (the register's export is a copy of a legal record)
    "Nr. înregistrare", "Data înregistrării", "Instituția", "Sens", "Canal", "Emitent", "Nr. și data emitentului",
    "Conținut pe scurt", "Nr. file", "Anexe", "Compartiment", "Destinatar", "Mod de rezolvare", "Data rezolvării", "Conexat cu",
]


def _filters(request):
    return {
        "query": request.GET.get("q", ""), "direction": request.GET.get("sens", ""),
        "year": int(request.GET["an"]) if request.GET.get("an", "").isdigit() else None,
        "date_from": parse_date(request.GET.get("de_la", "")), "date_to": parse_date(request.GET.get("pana_la", "")),
        "department_id": int(request.GET["compartiment"]) if request.GET.get("compartiment", "").isdigit() else None,
    }


@official_required()
def entry_list(request):
    filters = _filters(request)
    qs = search_entries(institution_ids_of(request.user), **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(request, "registry/list.html", {
        "page": page, "filters": filters, "directions": Direction.choices, "query": request.GET,
        "departments": Department.objects.filter(institution_id__in=institution_ids_of(request.user)).order_by("name"),
        "can_register": has_role(request.user, Role.REGISTRY_CLERK),
    })


def _romanian_labels(entry):
    with translation.override("ro"):
        return str(entry.get_direction_display()), str(entry.get_channel_display())


class _Echo:
    def write(self, value):
        return value


@official_required()
def export_csv(request):
    filters = _filters(request)
    qs = search_entries(institution_ids_of(request.user), **filters)
    record(actor=request.user, action="registry.export", ip_address=request.META.get("REMOTE_ADDR"),
           filters={k: str(v) for k, v in filters.items() if v})
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow(CSV_HEADER)
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow([
                e.number, timezone.localtime(e.registered_at).strftime("%d.%m.%Y %H:%M"), e.institution.name,
                *_romanian_labels(e), e.sender,
                " / ".join(x for x in [e.sender_reference, e.sender_date.strftime("%d.%m.%Y") if e.sender_date else ""] if x),
                e.summary, e.pages, e.annexes, e.department.name if e.department else "", e.recipient, e.outcome,
                timezone.localtime(e.closed_at).strftime("%d.%m.%Y") if e.closed_at else "",
                e.in_reply_to.reference if e.in_reply_to else "",
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registru-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@official_required(Role.REGISTRY_CLERK)
def register_document(request):
    """A clerk registers a letter that came by post or e-mail, an outgoing letter, or an internal document."""
    institutions = Institution.objects.filter(pk__in=institution_ids_of(request.user))
    departments = Department.objects.filter(institution__in=institutions).order_by("name")
    errors, values = {}, {}
    if request.method == "POST":
        values = request.POST
        institution = institutions.filter(pk=request.POST.get("institution") or 0).first() or institutions.first()
        try:
            entry = services.register_manual(
                actor=request.user, institution=institution, direction=request.POST.get("direction", ""),
                channel=request.POST.get("channel", ""), summary=request.POST.get("summary", ""),
                sender=request.POST.get("sender", ""), sender_reference=request.POST.get("sender_reference", ""),
                sender_date=request.POST.get("sender_date", ""), pages=request.POST.get("pages", "1"),
                annexes=request.POST.get("annexes", ""), recipient=request.POST.get("recipient", ""),
                department=departments.filter(pk=request.POST.get("department") or 0).first(),
            )
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Documentul a fost înregistrat cu nr. %(number)s.") % {"number": entry.reference})
            return redirect("registry:list")
    return render(request, "registry/register.html", {
        "errors": errors, "values": values, "institutions": institutions, "departments": departments,
        "directions": Direction.choices, "channels": Channel.choices,
    })
