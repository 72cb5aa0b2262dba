"""The payments in the REST API (/api/v1/payments/): what the signed-in user owes and what they paid, read only.
Paying is done on the provider's page, reached from /plati/."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from primaria.accounts.selectors import parties_of, person_of
from primaria.core.errors import DomainError

from . import selectors
from .models import Payment, PaymentLine


class PaymentLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaymentLine
        fields = ["source", "reference", "label", "amount"]


class PaymentSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="initiated, pending, confirmed, rejected, cancelled, "
                                                             "partially_refunded, refunded")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    party = serializers.UUIDField(source="party.public_id", read_only=True)
    lines = PaymentLineSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = ["public_id", "order_id", "party", "provider", "amount", "currency", "status", "status_label",
                  "refunded_amount", "created_at", "settled_at", "lines"]


class OpenItemSerializer(serializers.Serializer):
    source = serializers.CharField()
    reference = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    payment_in_progress = serializers.CharField(allow_blank=True)


TAG = "plăți"  # i18n: ro (the API's tag is an identifier, the same in every language)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Plățile mele (și ale celor pe care îi reprezint)"), tags=[TAG]),
    retrieve=extend_schema(summary=gettext_lazy("O plată"), tags=[TAG]),
)
class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Payment.objects.none()
    serializer_class = PaymentSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        parties = [p.pk for p in parties_of(self.request.user)]
        return (Payment.objects.filter(party_id__in=parties).select_related("party").prefetch_related("lines")
                .order_by("-created_at", "-pk"))

    @extend_schema(summary=gettext_lazy("Ce am de plată"), tags=[TAG], responses=OpenItemSerializer(many=True),
                   parameters=[OpenApiParameter("party", str, description=gettext_lazy(
                       "public_id-ul persoanei sau firmei; implicit persoana contului"))])
    @action(detail=False, methods=["get"])
    def basket(self, request):
        wanted = request.query_params.get("party")
        parties = parties_of(request.user)
        party = next((p for p in parties if str(p.public_id) == wanted), None) if wanted else person_of(request.user)
        if party is None:
            raise DomainError({"party": _("Nu puteți vedea obligațiile acestui solicitant.")})
        entries = selectors.basket(party)
        return Response(OpenItemSerializer([
            {"source": e.item.source, "reference": e.item.reference, "label": e.item.display, "amount": e.item.amount,
             "payment_in_progress": e.open_payment.order_id if e.open_payment else ""} for e in entries], many=True).data)
