from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "primaria.workflow"
    label = "workflow"
    verbose_name = _("Procese (fluxuri de lucru)")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import guards, handlers  # noqa: F401  (the process guard, the handlers of the request's events)
        from .models import WorkflowTask
        from .selectors import step_changed

        post_save.connect(step_changed, sender=WorkflowTask, dispatch_uid="workflow.step_saved")
        post_delete.connect(step_changed, sender=WorkflowTask, dispatch_uid="workflow.step_deleted")
