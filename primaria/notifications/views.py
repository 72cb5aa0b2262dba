"""The resident's in-app notices: "Notificările mele" (/cont/notificari/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services


@login_required
def inbox(request):
    page = Paginator(services.notices_of(request.user), 20).get_page(request.GET.get("pagina"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": services.unread_count(request.user)})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("notificare") if "toate" not in request.POST else None
    count = services.mark_read(actor=request.user, notification_ids=ids)
    if count:
        messages.success(request, _("Notificările au fost marcate ca citite.") if count > 1 else
                         _("Notificarea a fost marcată ca citită."))
    return redirect("notifications:inbox")
