from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "primaria.documents"
    label = "documents"
    verbose_name = _("Documente și dosarul unic")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from primaria.institutions.models import Delegation

        from . import handlers  # noqa: F401  (the handlers of its events)
        from .models import OutgoingDocument, SignatureStep
        from .selectors import SIGNING

        for model in (OutgoingDocument, SignatureStep, Delegation):
            for signal in (post_save, post_delete):
                signal.connect(SIGNING.receiver, sender=model, weak=False,
                               dispatch_uid=f"signing-{signal is post_save}-{model._meta.label}")
