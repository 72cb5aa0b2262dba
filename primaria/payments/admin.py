"""Payments are financial records: the admin shows them and changes nothing (refunds and statements are
handled on /birou/plati/, through `payments.services`)."""

from django.contrib import admin

from primaria.core.admin import ReadOnlyAdmin

from .models import (
    BankStatement,
    Payment,
    PaymentLine,
    ProviderNotification,
    Refund,
    ServiceFee,
    StatementLine,
)


class LineInline(admin.TabularInline):
    model = PaymentLine
    fields = ["source", "reference", "label", "amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "created_at", "party", "provider", "amount", "status", "settled_at"]
    list_filter = ["status", "provider"]
    search_fields = ["order_id", "provider_reference", "party__name", "lines__reference"]
    inlines = [LineInline]


@admin.register(ProviderNotification)
class ProviderNotificationAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "provider", "order_id", "verdict", "reason"]
    list_filter = ["verdict", "provider"]
    search_fields = ["order_id", "reason"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "payment", "amount", "status", "actor"]
    list_filter = ["status"]


@admin.register(BankStatement)
class BankStatementAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "filename", "format", "uploaded_by"]


@admin.register(StatementLine)
class StatementLineAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "amount", "currency", "payer", "status", "reason"]
    list_filter = ["status"]
    search_fields = ["transaction_id", "details", "payer"]


@admin.register(ServiceFee)
class ServiceFeeAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "amount", "paid_at", "payment"]
