"""The cached inbox pages and applicants' lists (requests.selectors.INBOX, MINE) follow every change.

Every change of a request goes through `Request.save()` (the domain functions, the admin): its department's
inbox and its applicant's list are renewed, and those it left when it moved. Drafts never show in an inbox,
so saving a draft renews only the applicant's list. An applicant's new name shows in every inbox, a
service's new name in every list. Code that changes these rows without signals (`QuerySet.update()`, raw
SQL) must call `INBOX.changed(...)` / `MINE.changed(...)` itself; none does.
"""

from .models import UNREAD, Status


def request_saved(sender, instance, **kwargs):
    from primaria.workflow.selectors import ASKED

    from .selectors import INBOX, MINE

    read_department, read_status, read_applicant = getattr(instance, "_read_as", (None, None, None))
    instance._read_as = (instance.department_id, instance.status, instance.applicant_id)
    # The applicant's list, and the one it left if the request changed hands (a counter request claimed).
    if read_applicant is UNREAD:
        MINE.changed(EVERYONE)
    else:
        MINE.changed(*{instance.applicant_id, read_applicant} - {None})
    if instance.status == Status.DRAFT and read_status in (Status.DRAFT, None):
        return  # a draft, or a new draft: in nobody's inbox
    if read_department is UNREAD:
        INBOX.changed(EVERYONE)
    else:
        INBOX.changed(*{instance.department_id, read_department} - {None})
        if read_department is not None and read_department != instance.department_id:
            ASKED.changed()  # the opinions asked of other departments are relative to the request's own


def applicant_saved(sender, instance, **kwargs):
    from .selectors import INBOX

    INBOX.changed(EVERYONE)


def service_saved(sender, instance, **kwargs):
    from .selectors import MINE

    MINE.changed(EVERYONE)  # the applicants' lists show the service's name


EVERYONE = "all"  # the part of a generation that every inbox and every list depends on


def connect_inbox_signals():
    from django.db.models.signals import post_delete, post_save

    from primaria.accounts.models import Party
    from primaria.catalog.models import Service

    from .models import Request

    post_save.connect(request_saved, sender=Request, dispatch_uid="requests.inbox.request_saved")
    post_delete.connect(request_saved, sender=Request, dispatch_uid="requests.inbox.request_deleted")
    post_save.connect(applicant_saved, sender=Party, dispatch_uid="requests.inbox.party_saved")
    post_save.connect(service_saved, sender=Service, dispatch_uid="requests.mine.service_saved")
