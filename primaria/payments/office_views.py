"""The tax office's pages: payments and refunds, bank statements, provider notifications, the daily report."""

import csv
from datetime import date
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.selectors import main_institution

from . import selectors, services
from .models import Payment, ProviderNotification, Status
from .payables import shown


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def tax_office_required(view):
    @official_required()
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rules.can(request.user, Payment, "reconcile"):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapper


@tax_office_required
def payments(request):
    query, status = request.GET.get("q", "")[:100], request.GET.get("stare", "")
    status = status if status in Status.values else ""
    return render(request, "payments/office/list.html", {
        "payments": selectors.office_payments(query=query, status=status), "query": query, "status": status,
        "statuses": Status.choices})


@tax_office_required
@require_http_methods(["GET", "POST"])
def payment_detail(request, public_id):
    payment = get_object_or_404(Payment.objects.select_related("party", "payer"), public_id=public_id,
                                city_hall=main_institution())
    errors, values = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            entry = services.refund(actor=request.user, payment_id=payment.pk, amount=request.POST.get("amount", ""),
                                    reason=request.POST.get("reason", ""), ip=_ip(request))
            messages.success(request, _("Au fost rambursați %(amount)s lei.") % {"amount": shown(entry.amount)})
            return redirect("payments_office:detail", public_id=payment.public_id)
        except DomainError as exc:
            errors = field_errors(exc)
        except PermissionDenied as exc:
            errors = {"__all__": str(exc)}
        payment.refresh_from_db()
    return render(request, "payments/office/detail.html", {
        "payment": payment, "lines": payment.lines.all(), "refunds": payment.refunds.select_related("actor"),
        "notifications": payment.notifications.all()[:50], "can_refund": rules.can(request.user, payment, "refund"),
        "errors": errors, "values": values}, status=400 if errors else 200)


@tax_office_required
@require_http_methods(["GET", "POST"])
def statements(request):
    errors, result = {}, None
    if request.method == "POST":
        upload = request.FILES.get("statement")
        try:
            if upload is None:
                raise DomainError({"statement": _("Alegeți fișierul extrasului de cont (MT940 sau CSV).")})
            result = services.import_statement(actor=request.user, filename=upload.name, content=upload.read(),
                                               ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
            if "__all__" in errors:
                errors = {"statement": errors["__all__"]}
    return render(request, "payments/office/statements.html", {
        "errors": errors, "result": result, "unmatched": selectors.unmatched_lines()}, status=400 if errors else 200)


@tax_office_required
def notifications(request):
    return render(request, "payments/office/notifications.html", {
        "notifications": ProviderNotification.objects.select_related("payment").order_by("-received_at", "-pk")[:200]})


@tax_office_required
def report(request):
    text = request.GET.get("zi", "")
    try:
        day = date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        day, text = timezone.localdate(), ""
        messages.error(request, _("Data nu este validă; scrieți-o ca 2026-03-14. Se arată ziua de azi."))
    data = selectors.daily_report(day)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="incasari-{day:%Y-%m-%d}.csv"'
        response.write("\ufeff")  # Excel reads the diacritics as UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow(selectors.REPORT_COLUMNS)
        writer.writerows(selectors.report_rows(data))
        writer.writerow([])
        writer.writerow([_("Total încasat"), "", "", "", "", "", "", "", "", "", f"{data.collected:.2f}"])
        writer.writerow(["Total rambursat", "", "", "", "", "", "", "", "", "", f"{-data.refunded:.2f}"])
        writer.writerow(["Net", "", "", "", "", "", "", "", "", "", f"{data.net:.2f}"])
        return response
    return render(request, "payments/office/report.html", {"report": data, "day": day})
