"""Public participation in the REST API, over the same domain functions as the pages (no account needed):

* `/api/v1/debates/`: the public debates with their date, place, online link, agenda, documents and terms with their
  legal basis; `…/<id>/proposals/` the register of a debate that stands alone (GET) and a proposal inside its window
  (POST); `…/<id>/speakers/` registration to speak (POST);
* `/api/v1/newsletter-topics/`: the topics; `POST …/subscribe/` asks for newsletters (the confirmation link goes by
  e-mail: nothing is sent before it is confirmed).
Outside a window or with bad input: 400 with the Romanian message of the domain function.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from primaria.api.errors import validated
from primaria.institutions.selectors import main_institution

from . import services
from .models import Debate, DebateProposal, Topic

TAGS = ["participare publică"]  # i18n: ro (the API schema's group name, an identifier)


class DebateTermSerializer(serializers.Serializer):
    label = serializers.CharField()
    day = serializers.DateField()
    basis = serializers.CharField()


class DebateSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(read_only=True, help_text="proiect, buget, urbanism, altul")
    status = serializers.CharField(read_only=True, help_text="announced, held")
    draft = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    terms = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Debate
        fields = ["id", "title", "subject", "starts_at", "place", "online_url", "agenda", "announced_on",
                  "proposals_until", "status", "minutes", "recording_url", "draft", "documents", "terms", "url"]

    def get_draft(self, debate) -> str:
        return f"/consultare-publica/{debate.draft_id}/" if debate.draft_id else ""

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_documents(self, debate) -> list[dict]:
        return [{"title": d.title, "url": f"/dezbateri-publice/{debate.pk}/documente/{d.pk}/"}
                for d in debate.documents.all()]

    @extend_schema_field(DebateTermSerializer(many=True))
    def get_terms(self, debate) -> list[dict]:
        return [{"label": t.label, "day": t.day, "basis": t.basis} for t in services.debate_terms(debate)]

    def get_url(self, debate) -> str:
        return debate.get_absolute_url()


class DebateProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = DebateProposal
        fields = ["number", "received_at", "text"]


class NewDebateProposalSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    text = serializers.CharField(max_length=20000)


class NewSpeakerSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    topic = serializers.CharField(max_length=500)


class SpeakerNumberSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=gettext_lazy("ordinea la cuvânt"))


class SubscribedSerializer(serializers.Serializer):
    pending = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("temele care așteaptă confirmarea"))
    detail = serializers.CharField()


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description"]


class SubscribeSerializer(serializers.Serializer):
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    topics = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    agree = serializers.BooleanField(help_text=gettext_lazy("acordul cu textul de consimțământ al buletinului informativ"))


@extend_schema_view(list=extend_schema(summary="Dezbaterile publice", tags=TAGS),
                    retrieve=extend_schema(summary=gettext_lazy("O dezbatere publică, cu termenele și temeiul legal"), tags=TAGS))
class DebateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DebateSerializer
    permission_classes = [AllowAny]
    queryset = Debate.objects.none()

    def get_queryset(self):
        return Debate.objects.filter(institution=main_institution()).prefetch_related("documents")

    def get_object(self):
        debate = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if debate is None:
            raise Http404
        return debate

    @extend_schema(methods=["GET"], summary="Registrul propunerilor", tags=TAGS,
                   responses={200: DebateProposalSerializer(many=True)})
    @extend_schema(methods=["POST"], summary=gettext_lazy("Trimite o propunere (doar în perioada anunțată)"), tags=TAGS,
                   request=NewDebateProposalSerializer, responses={201: DebateProposalSerializer})
    @action(detail=True, methods=["get", "post"])
    def proposals(self, request, pk=None):
        debate = self.get_object()
        if request.method == "GET":
            return Response(DebateProposalSerializer(debate.proposals.order_by("number"), many=True).data)
        data = validated(NewDebateProposalSerializer, request.data)
        proposal = services.submit_proposal(debate_id=debate.pk, text=data["text"], name=data.get("name", ""),
                                            email=data.get("email", ""), user=request.user,
                                            ip=request.META.get("REMOTE_ADDR"))
        return Response(DebateProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Înscriere la cuvânt"), tags=TAGS, request=NewSpeakerSerializer,
                   responses={201: SpeakerNumberSerializer})
    @action(detail=True, methods=["post"])
    def speakers(self, request, pk=None):
        debate = self.get_object()
        data = validated(NewSpeakerSerializer, request.data)
        speaker = services.register_speaker(debate_id=debate.pk, topic=data["topic"], name=data.get("name", ""),
                                            email=data.get("email", ""), organisation=data.get("organisation", ""),
                                            user=request.user, ip=request.META.get("REMOTE_ADDR"))
        return Response({"number": speaker.number}, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="Temele buletinului informativ", tags=TAGS))
class TopicViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TopicSerializer
    permission_classes = [AllowAny]
    queryset = Topic.objects.none()

    def get_queryset(self):
        return Topic.objects.filter(active=True)

    @extend_schema(summary=gettext_lazy("Abonare (confirmată prin legătura trimisă pe e-mail)"), tags=TAGS,
                   request=SubscribeSerializer, responses={202: SubscribedSerializer})
    @action(detail=False, methods=["post"])
    def subscribe(self, request):
        data = validated(SubscribeSerializer, request.data)
        pending = services.subscribe(email=data.get("email", ""), topic_ids=data["topics"], user=request.user,
                                     agree=data["agree"], ip=request.META.get("REMOTE_ADDR"))
        return Response({"pending": [s.topic.slug for s in pending],
                         "detail": _("V-am trimis un e-mail cu legătura de confirmare.")}, status=status.HTTP_202_ACCEPTED)
