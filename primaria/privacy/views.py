"""The resident's page on their personal data: a copy of it, consents, and who looked at it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from primaria.accounts.selectors import person_of
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.files import file_response

from . import selectors, services
from .models import DataExport


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@login_required
def my_data(request):
    user = request.user
    return render(request, "privacy/my_data.html", {
        "exports": selectors.exports_of(user),
        "export_days": selectors.export_days(),
        "choices": selectors.consent_choices(user),
        "consents": selectors.consents_of(user),
        "accesses": selectors.accesses_of(user, person_of(user)),
    })


@login_required
@require_POST
def request_export(request):
    export = services.request_export(actor=request.user, ip=_ip(request))
    if export.status == DataExport.Status.READY:
        messages.success(request, _("Copia datelor este gata: o găsiți mai jos și v-am trimis linkul prin e-mail."))
    else:
        messages.success(request, _("Pregătim copia datelor dumneavoastră. Vă trimitem prin e-mail linkul de "
                                    "descărcare când este gata, de obicei în câteva minute."))
    return redirect("privacy:my_data")


@login_required
@require_POST
def consent(request):
    purpose, action = request.POST.get("purpose", ""), request.POST.get("action", "")
    try:
        if action == "give":
            services.give_consent(actor=request.user, purpose=purpose, ip=_ip(request))
            messages.success(request, _("Acordul a fost înregistrat. Îl puteți retrage oricând de pe această pagină."))
        elif action == "withdraw":
            services.withdraw_consent(actor=request.user, purpose=purpose, ip=_ip(request))
            messages.success(request, _("Acordul a fost retras. Nu veți mai primi aceste mesaje."))
        else:
            messages.error(request, _("Operațiune necunoscută."))
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("privacy:my_data")


@login_required
def download(request, public_id):
    """The ZIP, for the account it was made for only (anyone else: 404, as if it did not exist)."""
    export = DataExport.objects.filter(public_id=public_id).first()
    if export is None or export.user_id != request.user.pk:
        raise Http404()
    try:
        rules.require(request.user, export, "download")
    except PermissionDenied:
        raise Http404()
    except DomainError as exc:
        return render(request, "privacy/expired.html", {"message": exc.messages[0]}, status=410)
    services.note_download(actor=request.user, export=export, ip=_ip(request))
    return file_response(export.file, filename=f"datele-mele-{export.ready_at:%Y-%m-%d}.zip", mime="application/zip")
