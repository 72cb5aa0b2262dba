"""The council in the REST API.

* `/api/v1/consultations/`: anyone reads the drafts under consultation with their terms and legal basis, the register
  of proposals and the synthesis, and sends a proposal through the same `services.submit_proposal` as the page (only
  inside the window).
* `/api/v1/office/council/drafts/` and `/api/v1/office/council/sessions/`: the back office steps of the circuit for
  the officials the rules of `council/rules.py` allow, through the same domain functions as the pages. Who may not
  gets 403 with the rule's Romanian message; a step out of order gets 400 with the domain's message.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from primaria.api.parsers import JSONParser
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.institutions.selectors import main_institution
from primaria.security.tokens import OTP_HEADER, require_fresh_second_factor

from . import services
from .models import Addressee, Decision, Draft, Majority, Proposal, Session


class TermSerializer(serializers.Serializer):
    label = serializers.CharField()
    day = serializers.DateField()
    basis = serializers.CharField()
    late = serializers.BooleanField(help_text=gettext_lazy("pasul a fost făcut după termenul legal"))


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
        return (c.announced_on <= today <= c.proposals_until and c.synthesis_published_at is None
                and draft.status != Draft.Status.WITHDRAWN)

    @extend_schema_field(TermSerializer(many=True))
    def get_terms(self, draft) -> list[dict]:
        return [{"label": t.label, "day": t.day, "basis": t.basis, "late": t.late} for t in services.timeline(draft)]

    def get_url(self, draft) -> str:
        return f"/consultare-publica/{draft.pk}/"


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = ["number", "received_at", "text"]


class NewProposalSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                 help_text=gettext_lazy("fără cont: numele și prenumele"))
    email = serializers.CharField(required=False, allow_blank=True, max_length=254, help_text=gettext_lazy("fără cont: e-mailul"))
    text = serializers.CharField(max_length=20000)


PUBLIC_TAG = ["consultare publică"]  # i18n: ro (the API group's name, a stable identifier)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Proiectele de acte normative supuse consultării publice"), tags=PUBLIC_TAG),
    retrieve=extend_schema(summary=gettext_lazy("Un proiect în consultare, cu termenele și temeiul legal"),
                           tags=PUBLIC_TAG),
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

    @extend_schema(methods=["GET"], summary=gettext_lazy("Registrul propunerilor"), tags=PUBLIC_TAG,
                   responses={200: ProposalSerializer(many=True)})
    @extend_schema(methods=["POST"], summary=gettext_lazy("Trimite o propunere (doar în perioada anunțată)"),
                   tags=PUBLIC_TAG, request=NewProposalSerializer, responses={201: ProposalSerializer})
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


# --- back office ---------------------------------------------------------------------------------------------------

OFFICE_TAG = ["birou: consiliul local"]
SIGNING = (gettext_lazy("Cere al doilea factor proaspăt: cu token, codul curent în antetul X-OTP-Code; cu sesiune, o confirmare "
           "recentă. Altfel 403."))


def _validate(serializer_class, data) -> dict:
    form = serializer_class(data=data)
    if not form.is_valid():
        raise DomainError({key: str(errors[0]) for key, errors in form.errors.items()})
    return form.validated_data


def _ip(request):
    return request.META.get("REMOTE_ADDR")


class CouncilAddresseeSerializer(serializers.ModelSerializer):
    registry_reference = serializers.CharField(source="registry_entry.reference", default="")

    class Meta:
        model = Addressee
        fields = ["id", "name", "address", "email", "channel", "communicated_on", "registry_reference"]


class CouncilDecisionSerializer(serializers.ModelSerializer):
    addressees = CouncilAddresseeSerializer(many=True, read_only=True)
    act_url = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "number", "adopted_on", "status", "in_office", "present", "votes_for", "votes_against",
                  "abstentions", "required", "prefect_due_on", "communicated_prefect_on", "communicated_on",
                  "addressees", "act_url"]

    def get_act_url(self, decision) -> str:
        return decision.act.get_absolute_url() if decision.act_id else ""


class CouncilOfficeDraftSerializer(serializers.ModelSerializer):
    decision = serializers.SerializerMethodField()
    terms = serializers.SerializerMethodField()

    class Meta:
        model = Draft
        fields = ["id", "kind", "number", "year", "registered_on", "initiator", "title", "body", "normative",
                  "majority", "referat", "report", "status", "withdrawn_on", "withdrawal_reason", "decision", "terms"]

    @extend_schema_field(CouncilDecisionSerializer(allow_null=True))
    def get_decision(self, draft):
        decision = Decision.objects.filter(draft=draft).select_related("act").first()
        return CouncilDecisionSerializer(decision).data if decision else None

    @extend_schema_field(TermSerializer(many=True))
    def get_terms(self, draft) -> list[dict]:
        return [{"label": t.label, "day": t.day, "basis": t.basis, "late": t.late} for t in services.timeline(draft)]


class CouncilNewDraftSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Draft.Kind.choices, default=Draft.Kind.DECISION)
    title = serializers.CharField(max_length=500)
    initiator = serializers.CharField(max_length=200)
    body = serializers.CharField()
    normative = serializers.BooleanField(default=False)
    majority = serializers.ChoiceField(choices=Majority.choices, default=Majority.SIMPLE)
    referat = serializers.CharField(required=False, allow_blank=True, default="")
    report = serializers.CharField(required=False, allow_blank=True, default="")
    referat_pdf = serializers.FileField(required=False, help_text=gettext_lazy("referatul de aprobare, PDF semnat"))
    report_pdf = serializers.FileField(required=False, help_text=gettext_lazy("raportul compartimentului de specialitate, PDF"))
    registered_on = serializers.DateField(required=False)
    initiator_user = serializers.IntegerField(required=False, help_text=gettext_lazy("id-ul contului inițiatorului (retragere)"))


class CouncilConsultationOpenSerializer(serializers.Serializer):
    announced_on = serializers.DateField(required=False)
    proposals_until = serializers.DateField(required=False)


class CouncilSynthesisSerializer(serializers.Serializer):
    synthesis = serializers.CharField()


class CouncilOpinionSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=["favorable", "unfavorable"])
    given_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CouncilOnSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class CouncilWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()
    on = serializers.DateField(required=False)


class CouncilNewAddresseeSerializer(serializers.Serializer):
    party = serializers.IntegerField(required=False, help_text=gettext_lazy("id-ul persoanei sau firmei din platformă"))
    name = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.CharField(required=False, allow_blank=True, default="")


class CouncilSessionSerializer(serializers.ModelSerializer):
    drafts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "date", "kind", "chair", "drafts", "convocation_sent_on"]


class CouncilNewSessionSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    drafts = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    chair = serializers.IntegerField(required=False)
    sent_on = serializers.DateField(required=False)


class CouncilVotesSerializer(serializers.Serializer):
    draft = serializers.IntegerField()
    votes = serializers.DictField(child=serializers.CharField(),
                                  help_text=gettext_lazy("id-ul consilierului → pentru / impotriva / abtinere (absenții lipsesc)"))


def _require_office(user):
    if not rules.council_office(user):
        raise PermissionDenied(_("Doar aparatul de specialitate al secretarului general gestionează circuitul "
                               "hotărârilor."))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Proiectele de hotărâri și dispoziții"), tags=OFFICE_TAG),
    retrieve=extend_schema(summary=gettext_lazy("Un proiect, cu termenele, temeiul legal și hotărârea"), tags=OFFICE_TAG),
    create=extend_schema(summary=gettext_lazy("Înregistrează un proiect cu referatul și raportul (text sau PDF)"), tags=OFFICE_TAG,
                         request=CouncilNewDraftSerializer, responses={201: CouncilOfficeDraftSerializer}),
)
class OfficeDraftViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """The circuit of a draft, step by step, through `council.services`."""

    permission_classes = [IsAuthenticated]
    serializer_class = CouncilOfficeDraftSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Draft.objects.none()

    def get_queryset(self):
        return Draft.objects.filter(institution=main_institution()).order_by("-year", "-number")

    def list(self, request, *args, **kwargs):
        _require_office(request.user)
        return super().list(request, *args, **kwargs)

    def get_object(self):
        draft = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if draft is None:
            raise Http404
        decision = Decision.objects.filter(draft=draft).select_related("session").first()
        if not (rules.council_office(self.request.user) or rules.can(self.request.user, draft, "withdraw")
                or (draft.kind == Draft.Kind.DISPOSITION and rules.can(self.request.user, draft, "issue"))
                or (decision is not None and (rules.can(self.request.user, decision, "sign_chair")
                                              or rules.can(self.request.user, decision, "countersign")))):
            raise PermissionDenied(_("Proiectul este văzut de aparatul secretarului general și de semnatari."))
        return draft

    def _answer(self, draft, code=status.HTTP_200_OK):
        draft.refresh_from_db()
        return Response(CouncilOfficeDraftSerializer(draft).data, status=code)

    def _decision(self, draft) -> Decision:
        decision = Decision.objects.filter(draft=draft).first()
        if decision is None:
            raise DomainError(_("Operațiunea se face după votul consiliului (sau după emiterea dispoziției)."))
        return decision

    def create(self, request, *args, **kwargs):
        from primaria.core.files import check_upload

        # Who may register a draft is asked before the body (and its PDFs of up to 30 MB each) is read and checked.
        rules.require(request.user, Draft(institution=main_institution()), "manage")
        data = _validate(CouncilNewDraftSerializer, request.data)
        files = {}
        for field in ("referat_pdf", "report_pdf"):
            upload = data.get(field)
            if upload is not None:
                try:
                    check_upload(upload, allowed_kinds=["pdf"], max_size_mb=30)
                except Exception as exc:  # noqa: BLE001 - the check's message is returned as is
                    raise DomainError({field: getattr(exc, "messages", [str(exc)])[0]}) from exc
                upload.seek(0)
                files[field] = upload.read()
        draft = services.create_draft(
            actor=request.user, title=data["title"], initiator=data["initiator"], body=data["body"],
            normative=data["normative"], majority=data["majority"], referat=data["referat"], report=data["report"],
            referat_pdf=files.get("referat_pdf"), report_pdf=files.get("report_pdf"), kind=data["kind"],
            registered_on=data.get("registered_on"), initiator_user=data.get("initiator_user"), ip=_ip(request))
        return self._answer(draft, status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Anunță consultarea publică (proiect normativ)"), tags=OFFICE_TAG,
                   request=CouncilConsultationOpenSerializer, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def consultation(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilConsultationOpenSerializer, request.data)
        services.open_consultation(actor=request.user, draft_id=draft.pk, announced_on=data.get("announced_on"),
                                   proposals_until=data.get("proposals_until"), ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Publică sinteza propunerilor"), tags=OFFICE_TAG, request=CouncilSynthesisSerializer,
                   responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def synthesis(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilSynthesisSerializer, request.data)
        services.publish_synthesis(actor=request.user, draft_id=draft.pk, synthesis=data["synthesis"],
                                   ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Înregistrează avizul unei comisii de specialitate"), tags=OFFICE_TAG,
                   request=CouncilOpinionSerializer, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def opinions(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilOpinionSerializer, request.data)
        services.record_opinion(actor=request.user, draft_id=draft.pk, committee_id=data["committee"],
                                verdict=data["verdict"], given_on=data.get("given_on"), note=data["note"],
                                ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Retrage proiectul (inițiatorul sau primarul), cu motivul"), tags=OFFICE_TAG,
                   request=CouncilWithdrawSerializer, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilWithdrawSerializer, request.data)
        services.withdraw_draft(actor=request.user, draft_id=draft.pk, reason=data["reason"], on=data.get("on"),
                                ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Primarul emite și semnează dispoziția"), description=SIGNING, tags=OFFICE_TAG,
                   parameters=[OpenApiParameter(OTP_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                                                required=False)],
                   request=CouncilOnSerializer, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilOnSerializer, request.data)
        rules.require(request.user, draft, "issue")
        require_fresh_second_factor(request)
        services.issue_disposition(actor=request.user, draft_id=draft.pk, on=data.get("on"), ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Semnătura președintelui de ședință"), description=SIGNING, tags=OFFICE_TAG,
                   parameters=[OpenApiParameter(OTP_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                                                required=False)],
                   request=None, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        draft = self.get_object()
        decision = self._decision(draft)
        rules.require(request.user, decision, "sign_chair")
        require_fresh_second_factor(request)
        services.sign_as_chair(actor=request.user, decision_id=decision.pk, ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Contrasemnătura secretarului general"), description=SIGNING, tags=OFFICE_TAG,
                   parameters=[OpenApiParameter(OTP_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                                                required=False)],
                   request=None, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def countersign(self, request, pk=None):
        draft = self.get_object()
        decision = self._decision(draft)
        rules.require(request.user, decision, "countersign")
        require_fresh_second_factor(request)
        services.countersign(actor=request.user, decision_id=decision.pk, ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Înregistrează comunicarea către prefect (cel mult 10 zile lucrătoare)"), tags=OFFICE_TAG,
                   request=CouncilOnSerializer, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def prefect(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilOnSerializer, request.data)
        services.communicate_to_prefect(actor=request.user, decision_id=self._decision(draft).pk,
                                        on=data.get("on"), ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Publică actul în Monitorul Oficial Local"), tags=OFFICE_TAG, request=None,
                   responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        draft = self.get_object()
        services.publish(actor=request.user, decision_id=self._decision(draft).pk, ip=_ip(request))
        return self._answer(draft)

    @extend_schema(summary=gettext_lazy("Adaugă o persoană căreia i se adresează actul individual (art. 199)"), tags=OFFICE_TAG,
                   request=CouncilNewAddresseeSerializer, responses={201: CouncilAddresseeSerializer})
    @action(detail=True, methods=["post"])
    def addressees(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilNewAddresseeSerializer, request.data)
        addressee = services.add_addressee(actor=request.user, decision_id=self._decision(draft).pk,
                                           party_id=data.get("party"), name=data["name"], address=data["address"],
                                           email=data["email"], ip=_ip(request))
        return Response(CouncilAddresseeSerializer(addressee).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Comunică actul celor cărora li se adresează (5 zile de la comunicarea către prefect)"),
                   tags=OFFICE_TAG, request=CouncilOnSerializer, responses={200: CouncilOfficeDraftSerializer})
    @action(detail=True, methods=["post"])
    def communicate(self, request, pk=None):
        draft = self.get_object()
        data = _validate(CouncilOnSerializer, request.data)
        services.communicate_to_addressees(actor=request.user, decision_id=self._decision(draft).pk,
                                           on=data.get("on"), ip=_ip(request))
        return self._answer(draft)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Ședințele consiliului"), tags=OFFICE_TAG),
    retrieve=extend_schema(summary=gettext_lazy("O ședință"), tags=OFFICE_TAG),
    create=extend_schema(summary=gettext_lazy("Convoacă o ședință (convocarea prin e-mail fiecărui consilier)"), tags=OFFICE_TAG,
                         request=CouncilNewSessionSerializer, responses={201: CouncilSessionSerializer}),
)
class OfficeSessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                           viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = CouncilSessionSerializer
    queryset = Session.objects.none()

    def get_queryset(self):
        _require_office(self.request.user)
        return Session.objects.filter(institution=main_institution()).order_by("-date")

    def create(self, request, *args, **kwargs):
        data = _validate(CouncilNewSessionSerializer, request.data)
        session = services.convene(actor=request.user, session_date=data["date"], kind=data["kind"],
                                   draft_ids=data["drafts"], chair_id=data.get("chair"), sent_on=data.get("sent_on"),
                                   ip=_ip(request))
        return Response(CouncilSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Înregistrează votul fiecărui consilier asupra unui proiect"), tags=OFFICE_TAG,
                   request=CouncilVotesSerializer, responses={200: CouncilDecisionSerializer})
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        session = self.get_object()
        data = _validate(CouncilVotesSerializer, request.data)
        decision = services.record_votes(actor=request.user, session_id=session.pk, draft_id=data["draft"],
                                         votes=data["votes"], ip=_ip(request))
        return Response(CouncilDecisionSerializer(decision).data)
