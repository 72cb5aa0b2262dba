from django.contrib import admin, messages

from .models import Notification
from .services import deliver


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "address", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["address", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    @admin.action(description="Retrimite notificările selectate")
    def send_again(self, request, queryset):
        sent = 0
        for notification in queryset:
            if notification.status != Notification.Status.PENDING:
                Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING, attempts=0)
            sent += deliver(notification.pk)
        messages.info(request, f"Au fost trimise {sent} notificări.")

    def has_add_permission(self, request):
        return False
