"""Shapes of what the API reads and returns. No state changes here: views pass the input to
`primaria.requests.services` and serialize what comes back."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from primaria.catalog.models import FieldKind, FormField, RequiredDocument, Service
from primaria.documents.models import Document
from primaria.requests.models import Attachment, Request, Status, TimelineEvent
from primaria.requests.services import missing_items

# --- catalog -------------------------------------------------------------------------------------


class FormFieldSerializer(serializers.ModelSerializer):
    choices = serializers.ListField(source="choice_list", child=serializers.CharField(), read_only=True)
    allowed_types = serializers.ListField(source="allowed_kinds", child=serializers.CharField(), read_only=True)

    class Meta:
        model = FormField
        fields = ["name", "label", "help_text", "kind", "required", "choices", "max_length", "allowed_types",
                  "max_size_mb"]


class RequiredDocumentSerializer(serializers.ModelSerializer):
    slot = serializers.SerializerMethodField(help_text=gettext_lazy("Cheia sub care se atașează documentul la o cerere."))
    document_type_code = serializers.CharField(source="document_type.code", read_only=True)
    document_type_name = serializers.CharField(source="document_type.name", read_only=True)

    class Meta:
        model = RequiredDocument
        fields = ["id", "slot", "document_type_code", "document_type_name", "required", "note"]

    def get_slot(self, obj) -> str:
        return f"doc_{obj.pk}"


class ServiceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True)
    institution = serializers.CharField(source="institution.name", read_only=True)
    offers_urgent = serializers.BooleanField(read_only=True)
    term_label = serializers.SerializerMethodField()
    urgent_term_label = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "slug", "name", "summary", "category", "institution", "department", "for_persons", "for_companies",
            "term_days", "term_unit", "term_label", "term_extension_days", "offers_urgent", "urgent_term_days",
            "urgent_term_label", "fee", "urgent_fee",
        ]

    def get_term_label(self, obj) -> str:
        return obj.term_label()

    def get_urgent_term_label(self, obj) -> str | None:
        return obj.term_label(urgent=True) if obj.offers_urgent else None


class ServiceDetailSerializer(ServiceSerializer):
    fields = FormFieldSerializer(many=True, read_only=True)
    required_documents = RequiredDocumentSerializer(many=True, read_only=True)

    class Meta(ServiceSerializer.Meta):
        fields = ServiceSerializer.Meta.fields + ["description", "legal_basis", "fields", "required_documents"]


# --- requests: output ----------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["public_id", "title", "original_name", "mime", "size", "pages", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("documents:download", kwargs={"public_id": obj.public_id})


class AttachmentSerializer(serializers.ModelSerializer):
    slot = serializers.SerializerMethodField()
    document = DocumentSerializer(read_only=True)

    class Meta:
        model = Attachment
        fields = ["slot", "reused", "added_at", "document"]

    def get_slot(self, obj) -> str:
        return obj.field_name or f"doc_{obj.required_document_id}"


class TimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEvent
        fields = ["at", "message"]


class OfficeTimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEvent
        fields = ["at", "action", "status_from", "status_to", "actor_label", "message", "note", "public"]


class PartySummarySerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    kind = serializers.CharField()
    name = serializers.CharField()


class OfficePartySerializer(PartySummarySerializer):
    identifier = serializers.CharField(source="masked_identifier")


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.email


class RequestListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text=gettext_lazy("Numărul de înregistrare, de ex. 12/23.11.2026."))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    outcome_label = serializers.SerializerMethodField()
    service = serializers.CharField(source="service.slug", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True, allow_null=True, default=None)
    applicant = PartySummarySerializer(read_only=True)

    class Meta:
        model = Request
        fields = [
            "public_id", "reference", "status", "status_label", "service", "service_name", "applicant", "department",
            "urgent", "due_date", "outcome", "outcome_label", "created_at", "submitted_at", "resolved_at",
        ]

    def get_outcome_label(self, obj) -> str:
        return obj.get_outcome_display() if obj.outcome else ""


class RequestSerializer(RequestListSerializer):
    """A request as its applicant sees it."""

    answers = serializers.DictField(source="data", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField(
        help_text=gettext_lazy("Pentru ciorne: ce mai lipsește înainte de depunere, câte un mesaj pe câmp.")
    )
    answer_document = serializers.SerializerMethodField()
    filed_by = serializers.SerializerMethodField(help_text=gettext_lazy("Cine a depus cererea (numele), dacă se știe."))
    mandate = serializers.SerializerMethodField(
        help_text=gettext_lazy("Numărul mandatului sub care a fost depusă, când cel care a depus-o nu este solicitantul."))

    class Meta(RequestListSerializer.Meta):
        fields = RequestListSerializer.Meta.fields + [
            "answers", "attachments", "completion_request", "resolution_text", "answer_document", "missing",
            "filed_by", "mandate", "login_method", "assurance_level",
        ]

    def get_filed_by(self, obj) -> str:
        user = obj.filed_by
        return (user.get_full_name() or user.email) if user is not None else ""

    def get_mandate(self, obj) -> str:
        return str(obj.mandate_id) if obj.mandate_id else ""

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_missing(self, obj):
        if obj.status != Status.DRAFT:
            return {}
        return missing_items(obj)

    @extend_schema_field(DocumentSerializer(allow_null=True))
    def get_answer_document(self, obj):
        # The applicant sees the answer once it was approved and delivered to their folder.
        if obj.answer_document_id and obj.answer_document.owner_id == obj.applicant_id:
            return DocumentSerializer(obj.answer_document).data
        return None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.status != Status.RESOLVED:  # a proposal is internal until it is approved
            data["resolution_text"] = ""
        return data


class OfficeRequestListSerializer(RequestListSerializer):
    applicant = OfficePartySerializer(read_only=True)
    assignee = UserSummarySerializer(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta(RequestListSerializer.Meta):
        fields = RequestListSerializer.Meta.fields + ["assignee", "overdue", "paused_on", "channel"]


class OfficeRequestSerializer(OfficeRequestListSerializer):
    answers = serializers.DictField(source="data", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    answer_document = DocumentSerializer(read_only=True, allow_null=True)
    proposed_outcome = serializers.CharField(read_only=True)
    timeline = OfficeTimelineEventSerializer(many=True, read_only=True)
    signatures = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_signatures(self, obj):
        """The signature sequence of the answer's current version."""
        document = obj.outgoing_documents.exclude(status="superseded").order_by("-pk").first()
        if document is None:
            return []
        return [
            {"order": step.order, "capacity": step.capacity, "function": step.function,
             "signer": step.signer.get_full_name(), "signer_id": step.signer_id, "status": step.status,
             "acted_at": step.acted_at, "reason": step.reason, "verification_code": document.verification_code}
            for step in document.steps.select_related("signer")
        ]

    class Meta(OfficeRequestListSerializer.Meta):
        fields = OfficeRequestListSerializer.Meta.fields + [
            "answers", "attachments", "completion_request", "proposed_outcome", "resolution_text",
            "answer_document", "signatures", "timeline",
        ]


# --- requests: input -----------------------------------------------------------------------------
# Lenient on purpose: the domain functions check the values and answer in Romanian, per field.


class RequestCreateSerializer(serializers.Serializer):
    service = serializers.SlugField(help_text=gettext_lazy("Identificatorul serviciului din catalog."))
    party = serializers.UUIDField(
        required=False, allow_null=True, error_messages={"invalid": gettext_lazy("Identificatorul solicitantului nu este valid.")},
        help_text=gettext_lazy("Solicitantul (public_id): persoana dumneavoastră sau o firmă pe care o reprezentați."),
    )


class RequestUpdateSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), required=False, default=dict,
        help_text=gettext_lazy("Răspunsurile la întrebările serviciului, după numele câmpului; un text gol șterge răspunsul."),
    )
    urgent = serializers.BooleanField(required=False, allow_null=True, default=None)
    reuse = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict,
        help_text=gettext_lazy("Documente din dosar: {slot (doc_<id>): public_id-ul documentului}."),
    )
    remove = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text=gettext_lazy("Sloturi ale căror anexe se scot.")
    )


class AttachmentUploadSerializer(serializers.Serializer):
    slot = serializers.CharField(help_text=gettext_lazy("Numele câmpului de tip fișier sau doc_<id> al documentului necesar."))
    file = serializers.FileField()


class CompleteSerializer(serializers.Serializer):
    reply = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(help_text=gettext_lazy("Id-ul specialistului; id-ul propriu pentru a prelua cererea."))


class AskCompletionSerializer(serializers.Serializer):
    what = serializers.CharField(required=False, allow_blank=True, default="")


class ProposeSerializer(serializers.Serializer):
    outcome = serializers.CharField(required=False, allow_blank=True, default="", help_text=gettext_lazy("granted sau rejected."))
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    extra_text = serializers.CharField(required=False, allow_blank=True, default="")


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def file_slots(service) -> set[str]:
    """The keys under which a file can be attached to a request for `service` (for checking input only)."""
    slots = {f.name for f in service.fields.all() if f.kind == FieldKind.FILE}
    slots |= {f"doc_{pk}" for pk in service.required_documents.values_list("pk", flat=True)}
    return slots
