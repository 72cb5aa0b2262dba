from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from .models import Notification
from .services import send_again


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "address", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["address", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Retrimite notificările selectate"))
    def send_again(self, request, queryset):
        count = sum(send_again(actor=request.user, notification_id=pk) for pk in queryset.values_list("pk", flat=True))
        messages.info(request, ngettext("%(count)s notificare a fost pusă din nou la trimis.",
                                        "%(count)s notificări au fost puse din nou la trimis.", count) % {"count": count})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
