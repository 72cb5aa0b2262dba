from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.registry.selectors import parse_date

from . import services
from .models import Delegation, Position
from .selectors import institution_ids_of


@official_required()
def delegations(request):
    """An official hands their signing rights to a deputy while away, and sees who stands in for whom."""
    colleagues = (Position.objects.filter(department__institution_id__in=institution_ids_of(request.user), active=True)
                  .exclude(user=request.user).select_related("user", "department").order_by("user__last_name"))
    errors, values = {}, {}
    if request.method == "POST" and request.POST.get("action") == "revoke":
        try:
            services.revoke_delegation(actor=request.user, delegation_id=int(request.POST.get("delegation", 0)))
            messages.success(request, _("Delegarea a fost revocată."))
        except (Delegation.DoesNotExist, ValueError, PermissionDenied):
            messages.error(request, _("Delegarea nu poate fi revocată."))
        return redirect("institutions:delegations")
    if request.method == "POST":
        values = request.POST
        deputy = next((p.user for p in colleagues if str(p.user_id) == request.POST.get("deputy")), None)
        try:
            services.grant_delegation(
                actor=request.user, principal=request.user, deputy=deputy,
                starts_on=parse_date(request.POST.get("starts_on", "")), ends_on=parse_date(request.POST.get("ends_on", "")),
                capacity=request.POST.get("capacity", ""), reason=request.POST.get("reason", ""),
                ip=request.META.get("REMOTE_ADDR"),
            )
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Delegarea a fost înregistrată."))
            return redirect("institutions:delegations")
    return render(request, "institutions/delegations.html", {
        "colleagues": colleagues, "errors": errors, "values": values,
        "given": Delegation.objects.filter(principal=request.user).select_related("deputy")[:20],
        "received": Delegation.objects.filter(deputy=request.user, revoked=False).select_related("principal")[:20],
    })
