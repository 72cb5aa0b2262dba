"""Huey tasks of the archive. The state of every job is in the database (`Job`); huey only carries the id."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import jobs, services


@db_task()
def run_job(job_id):
    jobs.run(job_id)


@db_periodic_task(crontab(minute="*"))
def requeue_archive_jobs():
    """Jobs whose worker died (lease expired) or that no worker took: run them again."""
    jobs.requeue_due()


@db_periodic_task(crontab(month="1", day="15", hour="8", minute="0"))
def yearly_disposal_proposals():
    """On 15 January: close last year's units and propose the expired ones to the archive commission."""
    from primaria.institutions.models import Institution

    services.close_past_units()
    for institution in Institution.objects.all():
        services.propose_disposal(actor=None, institution=institution)
