"""The Monitorul Oficial Local in the REST API (/api/v1/acts/): anyone reads the published acts (list with the same
search as the pages, one act with its relations); the secretary general's staff publish one, through the same
`services.publish_act` as the office page (a PDF signed elsewhere comes as multipart `signed_pdf`)."""

from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from primaria.core.errors import DomainError
from primaria.core.files import check_upload

from . import selectors, services
from .models import Act, Kind, Relation, Section


class ActSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    pdf = serializers.SerializerMethodField()
    kind = serializers.CharField(read_only=True, help_text=", ".join(Kind.values))
    section = serializers.CharField(read_only=True, help_text=", ".join(Section.values))
    status = serializers.CharField(read_only=True, help_text="in_force, amended, repealed")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    amends_or_repeals = serializers.SerializerMethodField()
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = Act
        fields = ["public_id", "label", "kind", "section", "number", "year", "adopted_on", "title", "issuer",
                  "initiator", "status", "status_label", "verification_code", "published_at", "url", "pdf",
                  "amends_or_repeals", "changed_by"]

    def get_pdf(self, act) -> str:
        return f"{act.get_absolute_url()}act.pdf"

    def _relations(self, relations, side):
        return [{"relation": r.kind, "act": (r.target if side == "changes" else r.source).get_absolute_url()}
                for r in relations]

    def get_amends_or_repeals(self, act) -> list[dict]:
        return self._relations(Relation.objects.filter(source=act).select_related("target"), "changes")

    def get_changed_by(self, act) -> list[dict]:
        return self._relations(Relation.objects.filter(target=act).select_related("source"), "changed_by")


class PublishSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=12, help_text=", ".join(Kind.values))
    section = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                    help_text=format_lazy("{}{}", gettext_lazy("goală: secțiunea tipului de act; "),
                                                         ", ".join(Section.values)))
    number = serializers.IntegerField(min_value=1)
    adopted_on = serializers.DateField()
    title = serializers.CharField(max_length=500)
    body = serializers.CharField(required=False, allow_blank=True)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=200)
    initiator = serializers.CharField(required=False, allow_blank=True, max_length=200)
    signed_pdf = serializers.FileField(required=False, help_text=gettext_lazy(
        "PDF-ul semnat electronic (multipart); lipsă: actul se redă din `body` și se sigilează"))
    verification_code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    amends = serializers.ListField(child=serializers.UUIDField(), required=False, help_text="public_id-urile actelor modificate")
    repeals = serializers.ListField(child=serializers.UUIDField(), required=False, help_text="public_id-urile actelor abrogate")


def _acts_by_public_id(ids, field):
    found = list(Act.objects.filter(public_id__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError({field: _("Actul ales nu există în Monitorul Oficial Local al instituției.")})
    return found


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Actele publicate în Monitorul Oficial Local (q: căutare, section: secțiunea)"),
                       tags=["monitorul oficial local"]),
    retrieve=extend_schema(summary="Un act publicat", tags=["monitorul oficial local"]),
)
class ActViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Act.objects.none()
    serializer_class = ActSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_permissions(self):
        return [IsAuthenticated()] if self.action == "create" else [AllowAny()]

    def get_queryset(self):
        section = self.request.query_params.get("section", "")
        section = section if section in Section.values else ""
        if self.request.query_params.get("q", "").strip():
            return selectors.search(self.request.query_params["q"], section=section)[1]
        found = selectors.acts()
        return (found.filter(section=section) if section else found).order_by("-published_at")

    def get_object(self):
        act = selectors.acts().filter(public_id=self.kwargs["public_id"]).first()
        if act is None:
            raise Http404
        return act

    @extend_schema(summary=gettext_lazy("Public un act în Monitorul Oficial Local"), tags=["monitorul oficial local"],
                   request=PublishSerializer, responses={201: ActSerializer})
    def create(self, request):
        form = PublishSerializer(data=request.data)
        if not form.is_valid():
            raise DomainError({key: str(errors[0]) for key, errors in form.errors.items()})
        data = form.validated_data
        signed = None
        if data.get("signed_pdf") is not None:
            check_upload(data["signed_pdf"], allowed_kinds=["pdf"], max_size_mb=30)
            data["signed_pdf"].seek(0)
            signed = data["signed_pdf"].read()
        act = services.publish_act(
            actor=request.user, kind=data["kind"], section=data.get("section", ""), number=data["number"],
            adopted_on=data["adopted_on"], title=data["title"], body=data.get("body", ""),
            issuer=data.get("issuer", ""), initiator=data.get("initiator", ""), signed_pdf=signed,
            verification_code=data.get("verification_code", ""),
            amends=_acts_by_public_id(data.get("amends") or [], "amends"),
            repeals=_acts_by_public_id(data.get("repeals") or [], "repeals"), ip=request.META.get("REMOTE_ADDR"))
        return Response(ActSerializer(act).data, status=status.HTTP_201_CREATED)
