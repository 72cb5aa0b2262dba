from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "primaria.workflow"
    label = "workflow"
    verbose_name = "Procese (fluxuri de lucru)"

    def ready(self):
        from primaria.requests.services import request_changed

        from . import guards, handlers  # noqa: F401  (guards registers the process guard)

        request_changed.connect(handlers.request_changed, dispatch_uid="workflow.request_changed")

        from django.db.models.signals import post_delete, post_save

        from .models import WorkflowTask
        from .selectors import step_changed

        post_save.connect(step_changed, sender=WorkflowTask, dispatch_uid="workflow.step_saved")
        post_delete.connect(step_changed, sender=WorkflowTask, dispatch_uid="workflow.step_deleted")
