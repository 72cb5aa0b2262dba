from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from primaria.institutions.models import Institution

from .selectors import compute_figures, refresh_dashboard


@db_periodic_task(crontab(minute="*"))
def refresh_overview_figures():
    """Keeps the overview's figures at most a minute old and its dashboard at most five, so no page waits."""
    for institution_id in Institution.objects.values_list("pk", flat=True):
        compute_figures([institution_id])
        refresh_dashboard([institution_id])
