"""The public consultation in the REST API (/api/v1/consultations/): anyone reads the drafts under consultation with
their terms and legal basis, the register of proposals and the synthesis, and sends a proposal through the same
`services.submit_proposal` as the page (only inside the window)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from primaria.core.errors import DomainError
from primaria.institutions.selectors import main_institution

from . import services
from .models import Draft, Proposal


class TermSerializer(serializers.Serializer):
    label = serializers.CharField()
    day = serializers.DateField()
    basis = serializers.CharField()


class ConsultationSerializer(serializers.ModelSerializer):
    announced_on = serializers.DateField(source="consultation.announced_on")
    proposals_until = serializers.DateField(source="consultation.proposals_until")
    earliest_adoption = serializers.DateField(source="consultation.earliest_adoption")
    synthesis = serializers.CharField(source="consultation.synthesis")
    open = serializers.SerializerMethodField()
    terms = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Draft
        fields = ["id", "kind", "number", "year", "title", "initiator", "body", "referat", "report", "announced_on",
                  "proposals_until", "earliest_adoption", "open", "synthesis", "terms", "url"]

    def get_open(self, draft) -> bool:
        today = timezone.localdate()
        c = draft.consultation
        return c.announced_on <= today <= c.proposals_until and c.synthesis_published_at is None

    @extend_schema_field(TermSerializer(many=True))
    def get_terms(self, draft) -> list[dict]:
        return [{"label": t.label, "day": t.day, "basis": t.basis} for t in services.timeline(draft)]

    def get_url(self, draft) -> str:
        return f"/consultare-publica/{draft.pk}/"


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = ["number", "received_at", "text"]


class NewProposalSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                 help_text="fără cont: numele și prenumele")
    email = serializers.CharField(required=False, allow_blank=True, max_length=254, help_text="fără cont: e-mailul")
    text = serializers.CharField(max_length=20000)


@extend_schema_view(
    list=extend_schema(summary="Proiectele de acte normative supuse consultării publice", tags=["consultare publică"]),
    retrieve=extend_schema(summary="Un proiect în consultare, cu termenele și temeiul legal",
                           tags=["consultare publică"]),
)
class ConsultationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ConsultationSerializer
    permission_classes = [AllowAny]
    queryset = Draft.objects.none()

    def get_queryset(self):
        return Draft.objects.filter(institution=main_institution(), consultation__isnull=False).select_related(
            "consultation").order_by("-consultation__announced_on", "-pk")

    def get_object(self):
        draft = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if draft is None:
            raise Http404
        return draft

    @extend_schema(methods=["GET"], summary="Registrul propunerilor", tags=["consultare publică"],
                   responses={200: ProposalSerializer(many=True)})
    @extend_schema(methods=["POST"], summary="Trimite o propunere (doar în perioada anunțată)",
                   tags=["consultare publică"], request=NewProposalSerializer, responses={201: ProposalSerializer})
    @action(detail=True, methods=["get", "post"])
    def proposals(self, request, pk=None):
        draft = self.get_object()
        if request.method == "GET":
            rows = Proposal.objects.filter(consultation__draft=draft).order_by("number")
            return Response(ProposalSerializer(rows, many=True).data)
        form = NewProposalSerializer(data=request.data)
        if not form.is_valid():
            raise DomainError({key: str(errors[0]) for key, errors in form.errors.items()})
        data = form.validated_data
        proposal = services.submit_proposal(draft_id=draft.pk, text=data["text"], name=data.get("name", ""),
                                            email=data.get("email", ""), user=request.user,
                                            ip=request.META.get("REMOTE_ADDR"))
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)
