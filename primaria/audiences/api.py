"""Audiences in the REST API (/api/v1/audiences/): the applicant's side, over the same domain functions as the
pages: list and read one's audiences, ask for one, confirm the proposed slot or ask for another."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from primaria.accounts.models import User
from primaria.accounts.selectors import parties_of, person_of
from primaria.core.errors import DomainError

from . import selectors, services
from .models import Audience, Topic

TAGS = ["audiențe"]  # i18n: ro (the API's group name, an identifier)


class AudienceSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="registered, proposed, reschedule, confirmed, refused, "
                                                             "referred, held, absent")
    category = serializers.CharField(read_only=True, help_text="domeniul: " + ", ".join(Topic.values))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    party = serializers.UUIDField(source="applicant.public_id", read_only=True)
    official = serializers.CharField(source="official.get_full_name", read_only=True, default="")
    follow_up = serializers.CharField(source="follow_up.reference", read_only=True, default="")

    class Meta:
        model = Audience
        fields = ["public_id", "reference", "party", "category", "topic", "preferred_days", "status", "status_label",
                  "official", "starts_at", "location", "refusal_reason", "decision", "follow_up", "created_at"]


class AskSerializer(serializers.Serializer):
    party = serializers.UUIDField(required=False, help_text=gettext_lazy("public_id-ul persoanei sau firmei; implicit persoana contului"))
    official = serializers.IntegerField(required=False, allow_null=True,
                                        help_text=gettext_lazy("cine acordă audiența; lipsă: persoana competentă"))
    category = serializers.ChoiceField(choices=Topic.choices)
    topic = serializers.CharField()
    preferred_days = serializers.ListField(child=serializers.IntegerField(), required=False,
                                           help_text=gettext_lazy("0 = luni … 4 = vineri"))


class AnotherSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Audiențele mele (și ale celor pe care îi reprezint)"), tags=TAGS),
    retrieve=extend_schema(summary=gettext_lazy("O audiență"), tags=TAGS),
)
class AudienceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Audience.objects.none()
    serializer_class = AudienceSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.audiences_of(self.request.user, parties_of(self.request.user))

    def get_object(self):
        audience = self.get_queryset().filter(public_id=self.kwargs["public_id"]).first()
        if audience is None:
            raise Http404
        return audience

    @extend_schema(summary=gettext_lazy("Cer o audiență"), tags=TAGS, request=AskSerializer,
                   responses={201: AudienceSerializer})
    def create(self, request):
        form = AskSerializer(data=request.data)
        if not form.is_valid():
            raise DomainError({key: str(errors[0]) for key, errors in form.errors.items()})
        data, user = form.validated_data, request.user
        parties = parties_of(user)
        if data.get("party"):
            party = next((p for p in parties if p.public_id == data["party"]), None)
            if party is None:
                raise DomainError({"party": _("Nu puteți cere audiențe în numele acestui solicitant.")})
        else:
            party = person_of(user) or (parties[0] if parties else None)
            if party is None:
                raise DomainError({"party": _("Contul nu este asociat niciunui solicitant (persoană sau firmă).")})
        official = None
        if data.get("official"):
            official = User.objects.filter(pk=data["official"]).first()
            if official is None:
                raise DomainError({"official": _("Alegeți o persoană care acordă audiențe.")})
        audience = services.ask(actor=user, party=party, official=official, category=data["category"],
                                topic=data["topic"], preferred_days=data.get("preferred_days") or [],
                                ip=request.META.get("REMOTE_ADDR"))
        return Response(AudienceSerializer(audience).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Confirm programarea propusă"), tags=TAGS, request=None,
                   responses={200: AudienceSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, public_id=None):
        audience = services.confirm(actor=request.user, audience_id=self.get_object().pk,
                                    ip=request.META.get("REMOTE_ADDR"))
        return Response(AudienceSerializer(audience).data)

    @extend_schema(summary=gettext_lazy("Cer altă programare"), tags=TAGS, request=AnotherSerializer,
                   responses={200: AudienceSerializer})
    @action(detail=True, methods=["post"], url_path="another")
    def another(self, request, public_id=None):
        form = AnotherSerializer(data=request.data)
        note = form.validated_data.get("note", "") if form.is_valid() else ""
        audience = services.ask_another(actor=request.user, audience_id=self.get_object().pk, note=note,
                                        ip=request.META.get("REMOTE_ADDR"))
        return Response(AudienceSerializer(audience).data)
