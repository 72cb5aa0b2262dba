"""The cached inbox pages (requests.selectors.INBOX) follow every change of a request or of an applicant.

Every change of a request goes through `Request.save()` (the domain functions, the admin): its department's
inbox is renewed, and the one it left when it moved. Drafts never show in an inbox, so saving a draft renews
nothing. An applicant's new name shows in every inbox. Code that changes these rows without signals
(`QuerySet.update()`, raw SQL) must call `INBOX.changed(...)` itself; none does.
"""

from .models import UNREAD, Status


def request_saved(sender, instance, **kwargs):
    from primaria.workflow.selectors import ASKED

    from .selectors import INBOX

    read_department, read_status = getattr(instance, "_read_as", (None, None))
    if instance.status == Status.DRAFT and read_status in (Status.DRAFT, None):
        return  # a draft, or a new draft: in nobody's inbox
    if read_department is UNREAD:
        INBOX.changed(INBOX_ALL)
    else:
        INBOX.changed(*{instance.department_id, read_department} - {None})
        if read_department is not None and read_department != instance.department_id:
            ASKED.changed()  # the opinions asked of other departments are relative to the request's own
    instance._read_as = (instance.department_id, instance.status)


def applicant_saved(sender, instance, **kwargs):
    from .selectors import INBOX

    INBOX.changed(INBOX_ALL)


INBOX_ALL = "all"


def connect_inbox_signals():
    from django.db.models.signals import post_delete, post_save

    from primaria.accounts.models import Party

    from .models import Request

    post_save.connect(request_saved, sender=Request, dispatch_uid="requests.inbox.request_saved")
    post_delete.connect(request_saved, sender=Request, dispatch_uid="requests.inbox.request_deleted")
    post_save.connect(applicant_saved, sender=Party, dispatch_uid="requests.inbox.party_saved")
