"""Appointments in the REST API, over the same domain functions and selectors as the pages:

* `/api/v1/appointments/`: the signed-in account's appointments, one of them, and cancelling one
  (`POST …/<public_id>/cancel/`, the same cut-off as the page);
* `/api/v1/appointment-services/`: the services booked at the counters (public), and their free days and times
  at a location (`GET …/<slug>/slots/?location=<slug>[&day=YYYY-MM-DD]`).

Booking itself stays on the pages (a hold, then the confirmation, with an e-mail code without an account).
"""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from primaria.core.errors import DomainError

from . import selectors, services
from .models import Appointment, AppointmentService

TAGS = ["programări"]  # i18n: ro (the API's group name, an identifier)


class AppointmentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    service = serializers.CharField(source="service.slug", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    location = serializers.CharField(source="location.slug", read_only=True)
    location_name = serializers.CharField(source="location.name", read_only=True)
    counter = serializers.CharField(source="counter.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="booked, arrived, no_show, cancelled")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Appointment
        fields = ["public_id", "reference", "service", "service_name", "location", "location_name", "counter",
                  "starts_at", "ends_at", "status", "status_label", "booked_at", "cancelled_at"]


class AppointmentServiceSerializer(serializers.ModelSerializer):
    locations = serializers.SerializerMethodField()

    class Meta:
        model = AppointmentService
        fields = ["slug", "name", "description", "slot_minutes", "min_notice_hours", "max_days_ahead",
                  "cancel_cutoff_hours", "locations"]

    def get_locations(self, service) -> list[dict]:
        return [{"slug": loc.slug, "name": loc.name, "address": loc.address}
                for loc in selectors.locations_for(service)]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Programările mele la ghișeu"), tags=TAGS),
    retrieve=extend_schema(summary=gettext_lazy("O programare"), tags=TAGS),
)
class AppointmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Appointment.objects.none()
    serializer_class = AppointmentSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.mine(self.request.user)

    def get_object(self):
        appointment = self.get_queryset().filter(public_id=self.kwargs["public_id"]).first()
        if appointment is None:
            raise Http404
        return appointment

    @extend_schema(summary=gettext_lazy("Anulez programarea"), tags=TAGS, request=None,
                   responses={200: AppointmentSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, public_id=None):
        appointment = services.cancel(appointment_id=self.get_object().pk, actor=request.user,
                                      ip=request.META.get("REMOTE_ADDR"))
        return Response(AppointmentSerializer(appointment).data)


SLOTS = inline_serializer("AppointmentSlots", fields={
    "service": serializers.CharField(), "location": serializers.CharField(),
    "days": serializers.ListField(child=serializers.DictField(), required=False,
                                  help_text=gettext_lazy("fără `day`: zilele cu ore libere ({day, free})")),
    "slots": serializers.ListField(child=serializers.DictField(), required=False,
                                   help_text=gettext_lazy("cu `day`: orele libere ({time, starts_at, ends_at, free})")),
})


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Serviciile cu programare la ghișeu"), tags=TAGS),
    retrieve=extend_schema(summary=gettext_lazy("Un serviciu cu programare"), tags=TAGS),
)
class AppointmentServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    queryset = AppointmentService.objects.none()
    serializer_class = AppointmentServiceSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        return selectors.bookable_services()

    def get_object(self):
        service = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if service is None:
            raise Http404(_("Serviciul nu există."))
        return service

    @extend_schema(summary=gettext_lazy("Zilele și orele libere"), tags=TAGS, responses={200: SLOTS}, parameters=[
        OpenApiParameter("location", OpenApiTypes.STR, required=True, description=gettext_lazy("codul locației")),
        OpenApiParameter("day", OpenApiTypes.DATE, required=False, description=gettext_lazy("ziua (AAAA-LL-ZZ)"))])
    @action(detail=True, methods=["get"])
    def slots(self, request, slug=None):
        service = self.get_object()
        location = selectors.locations_for(service).filter(slug=request.query_params.get("location", "")).first()
        if location is None:
            raise DomainError({"location": _("Alegeți o locație care primește programări pentru acest serviciu.")})
        answer = {"service": service.slug, "location": location.slug}
        text = request.query_params.get("day", "")
        if not text:
            answer["days"] = [{"day": day.isoformat(), "free": free}
                              for day, free in selectors.open_days(service, location)]
            return Response(answer)
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise DomainError({"day": _("Scrieți ziua ca 2027-06-03.")}) from None
        answer["slots"] = [{"time": slot.value, "starts_at": slot.starts_at.isoformat(),
                            "ends_at": slot.ends_at.isoformat(), "free": slot.free}
                           for slot in selectors.slots(service, location, day)]
        return Response(answer)


