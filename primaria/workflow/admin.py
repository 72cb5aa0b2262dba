from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from primaria.core.admin import LegalRecordAdmin

from .models import ProcessDefinition, ProcessInstance, WorkflowTask


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):
    """Versions are read-only here: a new one is uploaded as a BPMN file on the process page."""

    list_display = ["service", "version", "is_current", "published_at", "published_by", "upload_link"]
    list_filter = ["is_current"]
    search_fields = ["service__name", "process_id"]
    readonly_fields = ["service", "version", "process_id", "bpmn_xml", "published_at", "published_by", "is_current", "note"]

    @admin.display(description=_("versiune nouă"))
    def upload_link(self, obj):
        return format_html(_('<a href="{}">Încarcă fișier BPMN</a>'), reverse("workflow:upload", args=[obj.service.slug]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProcessInstance)
class ProcessInstanceAdmin(LegalRecordAdmin, admin.ModelAdmin):
    """Read-only: a request's process moves only through primaria.workflow.services."""

    list_display = ["request", "definition", "finished", "updated_at"]
    readonly_fields = ["request", "definition", "finished", "started_at", "updated_at"]
    exclude = ["state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkflowTask)
class WorkflowTaskAdmin(LegalRecordAdmin, admin.ModelAdmin):
    list_display = ["request", "label", "department", "assignee", "status", "due_at", "outcome"]
    list_filter = ["status", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
