"""The process binds the request: the answer is drafted only once the steps before it are done."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.plugins import Plugin, registry

from .models import HUMAN_KINDS, WorkflowTask

guards = registry("request_guards")


@guards.register
class ProcessStepsGuard(Plugin):
    identifier = "workflow"
    verbose_name = gettext_lazy("Pașii procesului serviciului")

    def check(self, request, action) -> str:
        """A message in Romanian when `action` must wait for open steps of the request's process, else ""."""
        if action != "propose":
            return ""
        labels = list(WorkflowTask.objects.filter(request=request, status=WorkflowTask.Status.READY,
                                                  kind__in=list(HUMAN_KINDS)).values_list("label", flat=True))
        if not labels:
            return ""
        return _("Răspunsul se redactează după ce se încheie pașii procesului aflați în curs: %(steps)s.") % {
            "steps": ", ".join(labels)}
