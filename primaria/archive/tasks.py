"""Periodic work of the archive. What follows a change (archiving, OCR, indexing) is in handlers.py."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(month="1", day="15", hour="8", minute="0"))
def yearly_disposal_proposals():
    """On 15 January: close last year's units and propose the expired ones to the archive commission."""
    from primaria.institutions.models import Institution

    services.close_past_units()
    for institution in Institution.objects.all():
        services.propose_disposal(actor=None, institution=institution)
