from django import template
from django.utils.translation import gettext as _

from primaria.core import rules
from primaria.workflow import diagram, selectors, services
from primaria.workflow.models import Kind

register = template.Library()


@register.inclusion_tag("workflow/_office_panel.html", takes_context=True)
def workflow_office_panel(context, req):
    request = context["request"]
    instance = selectors.instance_of(req)
    if instance is None:
        return {"instance": None}
    tasks = selectors.current_tasks(req)
    drawing = diagram.render(instance.definition.bpmn_xml, selectors.step_states(instance), dom_id="proces-cerere",
                             title=_("Procesul cererii (versiunea %(version)s)") % {"version": instance.definition.version})
    return {
        "instance": instance, "req": req, "drawing": drawing, "csrf_token": context.get("csrf_token"),
        "current_step": selectors.current_step_label(req), "next": request.get_full_path(),
        "tasks": [{"task": t, "may": rules.can(request.user, t, "complete"),
                   "outcomes": (services.OPINION_OUTCOMES if t.kind == Kind.OPINION else
                                services.APPROVAL_OUTCOMES if t.kind == Kind.APPROVAL else {})} for t in tasks],
    }


@register.inclusion_tag("workflow/_applicant_step.html")
def workflow_applicant_step(req):
    return {"label": selectors.current_step_label(req) if req.is_open else ""}
