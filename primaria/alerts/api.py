"""Local alerts in the REST API, over the same domain functions and selectors as the pages:

* `/api/v1/alerts/`: the current and upcoming alerts of the city hall the request serves (public data, each with
  its GeoJSON geometry);
* `/api/v1/alert-subscriptions/`: the caller's subscriptions: list, make (`POST`, the fields of the page:
  `kind` = area | address | district, `geojson` | `address` + `radius_m` | `district_id`, `topics`, `channels`,
  `phone_id`), delete.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from primaria.api.errors import validated
from primaria.api.parsers import JSONParser

from . import selectors, services
from .models import Channel, Topic
from .views import feature, site_base


class AlertSerializer(serializers.Serializer):
    type = serializers.CharField()
    geometry = serializers.DictField()
    properties = serializers.DictField()


def _subscription(s) -> dict:
    return {"id": s.pk, "label": str(s), "kind": s.kind, "topics": s.topics, "channels": s.channels,
            "address": s.address, "radius_m": s.radius_m, "district": s.district.name if s.district_id else "",
            "geometry": s.geometry, "phone": s.phone.number if s.phone_id else "", "created_at": s.created_at}


class AlertViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    serializer_class = AlertSerializer
    lookup_field = "public_id"

    def get_queryset(self):
        return selectors.current_and_upcoming()

    @extend_schema(summary=_("Alertele locale în vigoare și anunțate (GeoJSON Feature)"), tags=["alerte"],
                   responses=AlertSerializer(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        base = site_base()
        return self.get_paginated_response([feature(a, base) for a in page])

    @extend_schema(summary=_("O alertă locală"), tags=["alerte"], responses=AlertSerializer)
    def retrieve(self, request, public_id=None):
        return Response(feature(get_object_or_404(selectors.public_alerts(), public_id=public_id), site_base()))


class SubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text="area, address, district")
    topics = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())
    address = serializers.CharField()
    radius_m = serializers.IntegerField(allow_null=True)
    district = serializers.CharField()
    geometry = serializers.DictField(allow_null=True)
    phone = serializers.CharField()
    created_at = serializers.DateTimeField()


class NewSubscriptionSerializer(serializers.Serializer):
    """The shape of the request; what the values mean (a topic, an area inside the city...) the domain function
    checks, with the page's messages."""
    kind = serializers.CharField(max_length=20, help_text="area, address, district")
    label = serializers.CharField(required=False, allow_blank=True, max_length=120)
    geojson = serializers.JSONField(required=False, allow_null=True, help_text=_("GeoJSON (obiect sau text)"))
    address = serializers.CharField(required=False, allow_blank=True, max_length=250)
    radius_m = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100_000)
    district_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    topics = serializers.ListField(child=serializers.CharField(max_length=20), max_length=len(Topic.values))
    channels = serializers.ListField(child=serializers.CharField(max_length=20), required=False,
                                     max_length=len(Channel.values))
    phone_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)


class SubscriptionViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        return selectors.subscriptions_of(self.request.user)

    @extend_schema(summary=_("Abonările mele la alerte"), tags=["alerte"], responses=SubscriptionSerializer(many=True))
    def list(self, request):
        return Response([_subscription(s) for s in self.get_queryset()])

    @extend_schema(summary=_("Abonare la alerte"), tags=["alerte"], request=NewSubscriptionSerializer,
                   responses=SubscriptionSerializer)
    def create(self, request):
        data = validated(NewSubscriptionSerializer, request.data)
        subscription = services.subscribe(
            actor=request.user, kind=data["kind"], label=data.get("label", ""), geojson=data.get("geojson") or "",
            address=data.get("address", ""), radius_m=data.get("radius_m"), district_id=data.get("district_id"),
            topics=data.get("topics") or [], channels=data.get("channels") or [], phone_id=data.get("phone_id"),
            ip=request.META.get("REMOTE_ADDR"))
        return Response(_subscription(subscription), status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Ștergerea unei abonări"), tags=["alerte"], responses={204: None})
    def destroy(self, request, pk=None):
        services.delete_subscription(actor=request.user, subscription_id=pk, ip=request.META.get("REMOTE_ADDR"))
        return Response(status=status.HTTP_204_NO_CONTENT)
