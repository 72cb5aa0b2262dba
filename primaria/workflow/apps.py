from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "primaria.workflow"
    label = "workflow"
    verbose_name = "Procese (fluxuri de lucru)"

    def ready(self):
        from primaria.requests.services import request_changed

        from . import guards, handlers  # noqa: F401  (guards registers the process guard)

        request_changed.connect(handlers.request_changed, dispatch_uid="workflow.request_changed")
