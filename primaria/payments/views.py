"""The resident's pages: the basket (/plati/), the return from the gateway, the history; and the endpoint where
payment providers post their notifications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from primaria.accounts.selectors import acting_party
from primaria.core import rules
from primaria.core.errors import DomainError, field_errors

from . import selectors, services
from .models import Payment, Verdict
from .providers import GatewayError

# NETOPIA's answer to an IPN (its SDK): errorType 0 = processed, 1 = temporary (send again), 2 = permanent.
IPN_ANSWERS = {Verdict.ACCEPTED: (0, None), Verdict.REPEATED: (0, None), Verdict.FAILED: (1, 0x10000101),
               Verdict.REFUSED: (2, 0x10000101)}


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@login_required
@require_http_methods(["GET", "POST"])
def basket(request):
    party = acting_party(request)
    methods = selectors.payment_methods()
    errors, chosen = {}, set()
    if request.method == "POST":
        chosen = set(request.POST.getlist("item"))
        provider_id = request.POST.get("provider") or (methods[0].identifier if methods else "")
        try:
            if party is None:
                raise DomainError(_("Contul nu are încă o persoană asociată; completați-vă profilul."))
            _payment, url = services.start_payment(actor=request.user, party=party, provider_id=provider_id,
                                                   keys=sorted(chosen), ip=_ip(request))
            return HttpResponseRedirect(url)
        except DomainError as exc:
            errors = field_errors(exc)
        except PermissionDenied as exc:
            errors = {"__all__": str(exc) or _("Nu puteți plăti în numele acestui solicitant.")}
    entries = selectors.basket(party)
    return render(request, "payments/basket.html", {
        "party": party, "entries": entries, "methods": methods, "errors": errors, "chosen": chosen,
        "total": sum((e.item.amount for e in entries if e.open_payment is None), 0),
        "iban": settings.PRIMARIA_PAYMENTS_IBAN,
    }, status=400 if errors else 200)


def _payment_for(request, public_id) -> Payment:
    payment = Payment.objects.select_related("party").filter(public_id=public_id).first()
    if payment is None or not rules.can(request.user, payment, "view"):
        raise Http404()
    return payment


@login_required
def payment_return(request, public_id):
    """Where the gateway sends the payer back. Their arrival proves nothing: the provider is asked."""
    payment = _payment_for(request, public_id)
    if payment.is_open:
        try:
            payment, _changed = services.refresh(payment_id=payment.pk, via="întoarcerea plătitorului",  # i18n: ro (audit record)
                                                 actor=request.user, ip=_ip(request))
        except (GatewayError, DomainError):
            messages.warning(request, _("Nu am putut afla acum starea plății de la procesator; o verificăm automat "
                                      "în câteva minute."))
    back = request.GET.get("inapoi", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                                 require_https=request.is_secure()):
        return redirect(back)
    return render(request, "payments/payment.html", {"payment": payment, "lines": payment.lines.all()})


@login_required
def history(request):
    party = acting_party(request)
    return render(request, "payments/history.html", {"party": party, "payments": selectors.payments_of(party)})


@login_required
@require_POST
def check_again(request, public_id):
    payment = _payment_for(request, public_id)
    return redirect("payments:return", public_id=payment.public_id)


@csrf_exempt
@require_POST
def notify(request, provider_id):
    """A provider's server-to-server notification (NETOPIA's IPN). Always logged; applied at most once."""
    log = services.receive_notification(provider_id=provider_id, body=request.body, headers=request.headers,
                                        ip=_ip(request))
    error_type, error_code = IPN_ANSWERS.get(log.verdict, (1, 0x10000101))
    return JsonResponse({"errorType": error_type, "errorCode": error_code,
                         "errorMessage": "" if error_type == 0 else log.reason})
