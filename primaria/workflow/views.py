"""Back-office pages of processes: my steps, completing a step, a service's process and its versions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from primaria.catalog.models import Service
from primaria.core import rules
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.models import Role
from primaria.institutions.selectors import has_role, institution_ids_of
from primaria.requests.selectors import request_for_official

from . import diagram, selectors, services
from .models import ProcessDefinition, WorkflowTask


@official_required()
def my_tasks(request):
    return render(request, "workflow/tasks.html", {"tasks": services.tasks_for(request.user)})


@official_required()
def complete(request, pk):
    if request.method != "POST":
        raise Http404()
    task = get_object_or_404(WorkflowTask.objects.select_related("request"), pk=pk)
    # Only someone who can see the request learns that the step exists.
    req = request_for_official(request.user, task.request.public_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = ""
    try:
        services.complete_step(actor=request.user, task_id=task.pk, outcome=request.POST.get("outcome", ""),
                               note=request.POST.get("note", ""), ip=request.META.get("REMOTE_ADDR"))
    except DomainError as exc:
        for message in field_errors(exc).values():
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pasul „%(step)s” a fost încheiat.") % {"step": task.label})
        if not rules.can(request.user, req, "view"):
            return redirect("workflow:tasks")  # the request is no longer theirs to see
    return redirect(target or "office:request", **({} if target else {"public_id": req.public_id}))


def _services_of(user):
    return Service.objects.filter(institution_id__in=institution_ids_of(user))


@official_required()
def process_list(request):
    rows = []
    for service in _services_of(request.user).select_related("department").order_by("name"):
        current = services.current_definition(service)
        rows.append({"service": service, "current": current})
    return render(request, "workflow/processes.html", {"rows": rows})


@official_required()
def process_detail(request, slug):
    service = get_object_or_404(_services_of(request.user), slug=slug)
    versions = list(ProcessDefinition.objects.filter(service=service).select_related("published_by"))
    definition = next((d for d in versions if d.is_current), versions[0] if versions else None)
    req = None
    if request.GET.get("cerere"):
        try:
            req = request_for_official(request.user, request.GET["cerere"])
        except Exception:  # noqa: BLE001 - a wrong or foreign id: show the process without a request
            raise Http404()
        instance = selectors.instance_of(req)
        if instance is not None:
            definition = instance.definition
    elif request.GET.get("versiune", "").isdigit():
        definition = next((d for d in versions if d.version == int(request.GET["versiune"])), definition)
    drawing = None
    if definition is not None:
        states = selectors.step_states(selectors.instance_of(req)) if req else {}
        values = {"service": service.name, "version": definition.version, "number": req.reference if req else ""}
        title = (_("Procesul „%(service)s”, versiunea %(version)s, cererea nr. %(number)s") if req
                 else _("Procesul „%(service)s”, versiunea %(version)s")) % values
        drawing = diagram.render(definition.bpmn_xml, states, title=title)
    return render(request, "workflow/process.html", {
        "service": service, "definition": definition, "versions": versions, "drawing": drawing, "req": req,
        "current_step": selectors.current_step_label(req) if req else "",
        "can_upload": _may_publish(request.user),
    })


def _may_publish(user):
    return user.is_superuser or has_role(user, Role.IT_ADMIN)


@official_required()
def download(request, slug, version):
    service = get_object_or_404(_services_of(request.user), slug=slug)
    definition = get_object_or_404(ProcessDefinition, service=service, version=version)
    response = HttpResponse(definition.bpmn_xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{service.slug}-v{version}.bpmn"'
    return response


@official_required()
def upload(request, slug):
    if not _may_publish(request.user):
        raise Http404()
    service = get_object_or_404(_services_of(request.user), slug=slug)
    errors = {}
    if request.method == "POST":
        upload_file = request.FILES.get("bpmn")
        if upload_file is None:
            errors["bpmn"] = _("Alegeți fișierul .bpmn al procesului.")
        elif upload_file.size > 2 * 1024 * 1024:
            errors["bpmn"] = _("Fișierul este prea mare (cel mult 2 MB).")
        else:
            try:
                definition = services.publish(service=service, bpmn_xml=upload_file.read(), actor=request.user,
                                              note=request.POST.get("note", ""))
            except DomainError as exc:
                errors["bpmn"] = field_errors(exc).get("__all__") or next(iter(field_errors(exc).values()))
            else:
                messages.success(request, _("Versiunea %(version)s a fost publicată. Cererile noi o urmează; cererile "
                                            "în curs rămân pe versiunea cu care au început.")
                                 % {"version": definition.version})
                return redirect("workflow:process", slug=service.slug)
    return render(request, "workflow/upload.html", {"service": service, "errors": errors})
