"""Reports in the REST API, over the same domain functions and selectors as the pages:

* `/api/v1/report-categories/`: the categories and their extra questions (public);
* `/api/v1/reports/`: the public reports (the public map's data: no personal data), and making one
  (`POST`, multipart for photos; without an account the `email` field is required);
* `/api/v1/office/reports/`: the reports of the caller's departments, and moving one
  (`POST …/<public_id>/act/` with `action` = take, resolve, reject or file and the `message` to the reporter).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from primaria.api.parsers import JSONParser
from primaria.institutions.selectors import main_institution

from . import selectors, services
from .models import Category

TAGS = ["sesizări"]  # i18n: ro (the API's group name, an identifier)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "hint", "kind", "questions"]


def _public(report) -> dict:
    lat, lon = selectors.public_point(report)
    return selectors.public_item(report) | {"latitude": lat, "longitude": lon}


class PublicReportSerializer(serializers.Serializer):
    """What anyone may know of a report (the public map's data); the point is rounded to about 10 m."""

    id = serializers.UUIDField()
    category = serializers.CharField()
    category_slug = serializers.CharField()
    status = serializers.CharField(help_text="new, in_progress, resolved, rejected, filed")
    status_label = serializers.CharField()
    district = serializers.CharField()
    created = serializers.DateField()
    changed = serializers.DateField()
    photos = serializers.ListField(child=serializers.CharField())
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class OfficeReportSerializer(PublicReportSerializer):
    reference = serializers.CharField()
    department = serializers.CharField()
    description = serializers.CharField()
    answers = serializers.DictField()
    due_date = serializers.DateField(allow_null=True)
    rating = serializers.IntegerField(allow_null=True)


PUBLIC_REPORT = PublicReportSerializer
NEW_REPORT = inline_serializer("NewReport", fields={
    "category": serializers.SlugField(), "latitude": serializers.CharField(required=False),
    "longitude": serializers.CharField(required=False), "address": serializers.CharField(required=False),
    "description": serializers.CharField(), "email": serializers.EmailField(required=False),
    "name": serializers.CharField(required=False), "postal_address": serializers.CharField(required=False),
    "photos": serializers.ListField(child=serializers.FileField(), required=False)})


@extend_schema_view(list=extend_schema(summary=gettext_lazy("Categoriile de sesizări și întrebările lor"), tags=TAGS))
class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return Category.objects.filter(active=True, city_hall=main_institution())


class ReportViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicReportSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.public_reports(selectors.filters(self.request.query_params))

    @extend_schema(summary=gettext_lazy("Sesizările publice (fără date personale)"), tags=TAGS,
                   responses=PublicReportSerializer(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_public(r) for r in page])

    @extend_schema(summary=gettext_lazy("Faceți o sesizare"), tags=TAGS, request=NEW_REPORT, responses=PUBLIC_REPORT)
    def create(self, request):
        data = request.data
        category = Category.objects.filter(slug=data.get("category", ""), active=True,
                                           city_hall=main_institution()).first()
        report = services.submit(
            actor=request.user, category_id=category.pk if category else None, latitude=data.get("latitude", ""),
            longitude=data.get("longitude", ""), address=data.get("address", ""),
            description=data.get("description", ""), data=data, uploads=request.FILES.getlist("photos"),
            email=data.get("email", ""), name=data.get("name", ""), postal_address=data.get("postal_address", ""),
            ip=request.META.get("REMOTE_ADDR"))
        return Response(_public(report) | {"reference": report.reference, "status_label": report.get_status_display()},
                        status=status.HTTP_201_CREATED)


class OfficeReportViewSet(viewsets.GenericViewSet):
    lookup_field = "public_id"
    serializer_class = OfficeReportSerializer
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self):
        return selectors.office_reports(self.request.user).order_by("-created_at")

    def _item(self, report) -> dict:
        return _public(report) | {"reference": report.reference, "department": report.department.name,
                                  "description": report.description, "answers": report.answers,
                                  "latitude": float(report.latitude), "longitude": float(report.longitude),
                                  "due_date": report.due_date, "rating": report.rating}

    @extend_schema(summary=gettext_lazy("Sesizările compartimentelor mele"), tags=TAGS,
                   responses=OfficeReportSerializer(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([self._item(r) for r in page])

    @extend_schema(summary=gettext_lazy("Soluționarea unei sesizări"), tags=TAGS, request=inline_serializer(
        "ReportAction", fields={"action": serializers.ChoiceField(choices=sorted(services.TRANSITIONS)),
                                "message": serializers.CharField(required=False)}),
        responses=OfficeReportSerializer)
    @action(detail=True, methods=["post"])
    def act(self, request, public_id=None):
        report = get_object_or_404(self.get_queryset(), public_id=public_id)
        report = services.act(actor=request.user, report_id=report.pk, action=request.data.get("action", ""),
                              message=request.data.get("message", ""), ip=request.META.get("REMOTE_ADDR"))
        return Response(self._item(report))
