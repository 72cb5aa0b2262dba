"""REST API v1: the catalog, the applicant's requests and the back office.

Every change goes through `primaria.requests.services` (the same functions the pages call); the views
only read the input, pick the objects the caller may see (through the selectors) and shape the answer.
DomainError becomes 400 with a message per field, PermissionDenied 403 (see errors.py).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from primaria.accounts import login_context
from primaria.accounts.models import User
from primaria.accounts.selectors import parties_of, person_of
from primaria.catalog.models import Service
from primaria.catalog.selectors import published_services, service_by_slug
from primaria.core.errors import DomainError
from primaria.institutions.selectors import institution_ids_of, is_official, main_institution
from primaria.requests import selectors
from primaria.requests import services as domain
from primaria.requests.models import Request, Status
from primaria.security.tokens import OTP_HEADER, require_fresh_second_factor

from . import serializers as s
from .parsers import JSONParser


def _ip(request):
    return request.META.get("REMOTE_ADDR")


# --- catalog -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Serviciile publicate"), tags=["catalog"]),
    retrieve=extend_schema(summary=gettext_lazy("Un serviciu, cu formularul și documentele necesare"), tags=["catalog"]),
)
class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    queryset = Service.objects.none()
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        institution = main_institution()
        if institution is None:
            return Service.objects.none()
        return published_services(institution).prefetch_related("fields", "required_documents__document_type")

    def get_serializer_class(self):
        return s.ServiceDetailSerializer if self.action == "retrieve" else s.ServiceSerializer

    def get_object(self):
        service = self.get_queryset().filter(slug=self.kwargs["slug"])
        # The city hall's own service first, should a subordinate institution use the same slug.
        service = service.order_by(F("institution__parent_id").asc(nulls_first=True), "pk").first()
        if service is None:
            raise Http404(_("Serviciul nu există."))
        return service


# --- applicant -----------------------------------------------------------------------------------


def _validate(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Cererile mele (și ale firmelor pe care le reprezint)"), tags=["cereri"]),
    retrieve=extend_schema(summary=gettext_lazy("O cerere"), tags=["cereri"]),
)
class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in applicant's requests. Another user's request answers 404."""

    queryset = Request.objects.none()
    serializer_class = s.RequestSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.requests_of_applicant(self.request.user)

    def get_serializer_class(self):
        return s.RequestListSerializer if self.action == "list" else s.RequestSerializer

    def get_object(self):
        return selectors.request_for_applicant(self.request.user, self.kwargs["public_id"])

    def _answer(self, code=status.HTTP_200_OK):
        return Response(s.RequestSerializer(self.get_object()).data, status=code)

    @extend_schema(summary=gettext_lazy("Începe o cerere (ciornă)"), tags=["cereri"], request=s.RequestCreateSerializer,
                   responses={201: s.RequestSerializer})
    def create(self, request):
        data = _validate(s.RequestCreateSerializer, request.data)
        user = request.user
        try:
            service = service_by_slug(main_institution(), data["service"])
        except Http404:
            raise DomainError({"service": _("Serviciul nu există în catalog sau nu mai este disponibil online.")})
        parties = parties_of(user)
        if data.get("party"):
            party = next((p for p in parties if p.public_id == data["party"]), None)
            if party is None:
                raise DomainError({"party": _("Nu puteți depune cereri în numele acestui solicitant.")})
        else:
            party = person_of(user) or (parties[0] if parties else None)
            if party is None:
                raise DomainError({"party": _("Contul nu este asociat niciunui solicitant (persoană sau firmă).")})
        try:
            draft = domain.start_draft(actor=user, party=party, service=service, login=login_context(request))
        except PermissionDenied as exc:
            # The party is one the caller acts for (checked above): what is refused is the service, outside
            # the mandate's scope.
            raise DomainError({"service": str(exc)})
        self.kwargs["public_id"] = draft.public_id
        return self._answer(status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Salvează ciorna"), tags=["cereri"], request=s.RequestUpdateSerializer,
                   responses={200: s.RequestSerializer})
    def partial_update(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.RequestUpdateSerializer, request.data)
        bad = [k for k, v in data["answers"].items() if isinstance(v, dict | list)]
        if bad:
            raise DomainError({k: _("Răspunsul trebuie să fie un text, un număr sau da/nu.") for k in bad})
        domain.save_draft(
            actor=request.user, request_id=req.pk, answers=data["answers"], reuse=data["reuse"],
            remove=data["remove"], urgent=req.urgent if data["urgent"] is None else data["urgent"], ip=_ip(request),
        )
        return self._answer()

    @extend_schema(summary=gettext_lazy("Atașează un fișier la ciornă"), tags=["cereri"], request=s.AttachmentUploadSerializer,
                   responses={201: s.RequestSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.AttachmentUploadSerializer, request.data)
        if data["slot"] not in s.file_slots(req.service):
            raise DomainError({"slot": _("Serviciul nu are un document sau un câmp de tip fișier cu această cheie.")})
        domain.save_draft(actor=request.user, request_id=req.pk, answers={}, uploads={data["slot"]: data["file"]},
                          urgent=req.urgent, ip=_ip(request))
        return self._answer(status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Depune cererea"), tags=["cereri"], request=None, responses={200: s.RequestSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, public_id=None):
        req = self.get_object()
        domain.submit(actor=request.user, request_id=req.pk, ip=_ip(request), login=login_context(request))
        return self._answer()

    @extend_schema(summary=gettext_lazy("Istoricul cererii"), tags=["cereri"], responses={200: s.TimelineEventSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request, public_id=None):
        req = self.get_object()
        return Response(s.TimelineEventSerializer(selectors.public_timeline(req), many=True).data)

    @extend_schema(summary=gettext_lazy("Trimite completările cerute"), tags=["cereri"], request=s.CompleteSerializer,
                   responses={200: s.RequestSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def complete(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.CompleteSerializer, request.data)
        uploads = {"file": data["file"]} if data["file"] else {}
        domain.complete(actor=request.user, request_id=req.pk, answers={}, uploads=uploads, reply=data["reply"],
                        ip=_ip(request))
        return self._answer()

    @extend_schema(summary=gettext_lazy("Retrage cererea"), tags=["cereri"], request=s.WithdrawSerializer,
                   responses={200: s.RequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.WithdrawSerializer, request.data)
        domain.withdraw(actor=request.user, request_id=req.pk, reason=data["reason"], ip=_ip(request))
        return self._answer()


# --- back office ---------------------------------------------------------------------------------


class IsOfficial(permissions.BasePermission):
    """Back office only; everyone else is told the address does not exist."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not is_official(request.user):
            raise NotFound()
        return True


INBOX_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=[v for v in Status.values if v != Status.DRAFT],
                     description=gettext_lazy("Starea; implicit toate cererile în lucru.")),
    OpenApiParameter("service", OpenApiTypes.STR, description=gettext_lazy("Serviciul (slug sau id).")),
    OpenApiParameter("assignee", OpenApiTypes.STR, enum=["me", "none"],
                     description=gettext_lazy("me: repartizate mie; none: nerepartizate.")),
    OpenApiParameter("overdue", OpenApiTypes.STR, enum=["1"], description=gettext_lazy("1: doar cele cu termenul depășit.")),
    OpenApiParameter("department", OpenApiTypes.INT, description=gettext_lazy("Id-ul compartimentului.")),
    OpenApiParameter("q", OpenApiTypes.STR, description=gettext_lazy("Nr. de înregistrare, solicitant sau serviciu.")),
]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Cererile de lucru ale compartimentului"), tags=["birou"], parameters=INBOX_PARAMETERS),
    retrieve=extend_schema(summary=gettext_lazy("O cerere, cu istoricul complet"), tags=["birou"]),
)
class OfficeRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests of the departments an official sees. Non-officials get 404."""

    permission_classes = [permissions.IsAuthenticated, IsOfficial]
    queryset = Request.objects.none()
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_serializer_class(self):
        return s.OfficeRequestListSerializer if self.action == "list" else s.OfficeRequestSerializer

    def get_object(self):
        from primaria.privacy.services import note_access

        request = selectors.request_for_official(self.request.user, self.kwargs["public_id"])
        note_access(self.request, target=request, what=f"Cererea nr. {request.reference} ({request.service.name}), prin API",
                    party=request.applicant, institution_id=request.institution_id)  # i18n: ro (access log, a legal record)
        return request

    def get_queryset(self):
        user, params = self.request.user, self.request.query_params
        errors = {}
        wanted_status = params.get("status", "")
        if wanted_status and (wanted_status not in Status.values or wanted_status == Status.DRAFT):
            errors["status"] = _("Stare necunoscută.")
        service_id = None
        if params.get("service"):
            wanted = params["service"]
            service = Service.objects.filter(institution_id__in=institution_ids_of(user))
            service = service.filter(pk=int(wanted)) if wanted.isdigit() else service.filter(slug=wanted)
            service_id = service.values_list("pk", flat=True).first()
            if service_id is None:
                errors["service"] = _("Serviciul nu există.")
        assignee = params.get("assignee", "")
        if assignee not in ("", "me", "none"):
            errors["assignee"] = _("Folosiți „me” (repartizate mie) sau „none” (nerepartizate).")
        department = params.get("department", "")
        if department and not department.isdigit():
            errors["department"] = _("Compartimentul se dă prin id (un număr).")
        if errors:
            raise DomainError(errors)
        return selectors.inbox(
            user, department_ids=[int(department)] if department else None, status=wanted_status or None,
            service_id=service_id, assignee=assignee or None, overdue=params.get("overdue") == "1",
            query=params.get("q", "").strip(),
        ).select_related("assignee")

    def _answer(self):
        return Response(s.OfficeRequestSerializer(self.get_object()).data)

    @extend_schema(summary=gettext_lazy("Repartizează cererea (sau o preiau: assignee = id-ul propriu)"), tags=["birou"],
                   request=s.AssignSerializer, responses={200: s.OfficeRequestSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.AssignSerializer, request.data)
        if data["assignee"] == request.user.pk:
            assignee = request.user
        else:
            assignee = User.objects.filter(pk=data["assignee"], is_active=True).first()
        if assignee is None:
            raise DomainError({"assignee": _("Alegeți specialistul.")})
        domain.assign(actor=request.user, request_id=req.pk, assignee=assignee, ip=_ip(request))
        return self._answer()

    @extend_schema(summary=gettext_lazy("Cere completări solicitantului"), tags=["birou"], request=s.AskCompletionSerializer,
                   responses={200: s.OfficeRequestSerializer})
    @action(detail=True, methods=["post"], url_path="ask-completion")
    def ask_completion(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.AskCompletionSerializer, request.data)
        domain.ask_completion(actor=request.user, request_id=req.pk, what=data["what"], ip=_ip(request))
        return self._answer()

    @extend_schema(summary=gettext_lazy("Redactează răspunsul din șablonul serviciului și îl trimite la semnat"), tags=["birou"],
                   request=s.ProposeSerializer, responses={200: s.OfficeRequestSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.ProposeSerializer, request.data)
        domain.propose(actor=request.user, request_id=req.pk, outcome=data["outcome"], resolution=data["resolution"],
                       extra_text=data["extra_text"], ip=_ip(request))
        return self._answer()

    @extend_schema(summary=gettext_lazy("Semnează răspunsul (semnatarul al cărui rând este); după ultima semnătură se emite"),
                   description=gettext_lazy("Cere al doilea factor proaspăt: cu token, codul curent din aplicația de "
                               "autentificare (sau un cod de recuperare) în antetul X-OTP-Code; cu sesiune, o "
                               "confirmare mai nouă de PRIMARIA_SIGNING_REAUTH_MINUTES. Altfel 403."),
                   parameters=[OpenApiParameter(OTP_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                                                description=gettext_lazy("Codul curent din aplicația de autentificare (token)."))],
                   tags=["birou"], request=None, responses={200: s.OfficeRequestSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, public_id=None):
        req = self.get_object()
        require_fresh_second_factor(request)
        domain.sign(actor=request.user, request_id=req.pk, ip=_ip(request))
        return self._answer()

    @extend_schema(summary=gettext_lazy("Refuză semnarea, cu motivul; răspunsul se întoarce la specialist"), tags=["birou"],
                   request=s.RefuseSerializer, responses={200: s.OfficeRequestSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, public_id=None):
        req = self.get_object()
        data = _validate(s.RefuseSerializer, request.data)
        domain.refuse(actor=request.user, request_id=req.pk, reason=data["reason"], ip=_ip(request))
        return self._answer()
