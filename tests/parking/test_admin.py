"""The parking department keeps zones and types in the admin, through the domain functions."""

from primaria.audit.models import AuditEntry
from primaria.outbox.models import Event
from primaria.parking.models import SubscriptionType, Zone


def test_zones_and_types_are_saved_through_the_domain_functions(client, users, city):
    client.force_login(users.admin)
    refused = client.post("/admin/parking/zone/add/", {"code": "r2", "name": "Rezidențial Nord", "residential": "on",
                                                       "streets": "", "active": "on"})
    assert refused.status_code == 200 and "O zonă de rezidență are cel puțin o stradă" in refused.content.decode()
    assert not Zone.objects.filter(code="R2").exists()
    saved = client.post("/admin/parking/zone/add/", {"code": "r2", "name": "Rezidențial Nord", "residential": "on",
                                                     "streets": "Str. Nordului\nStr. Ghioceilor", "active": "on"})
    assert saved.status_code == 302
    zone = Zone.objects.get(code="R2")
    assert AuditEntry.objects.filter(action="parking.zone_saved", object_id=str(zone.pk)).exists()
    assert Event.objects.filter(name="parking.zone_saved", subject_id=str(zone.pk)).exists()

    z2 = Zone.objects.get(code="Z2")
    refused = client.post("/admin/parking/subscriptiontype/add/", {
        "zone": z2.pk, "name": "Rezident greșit", "period": "month", "price": "0", "residents_only": "on",
        "proof": "", "active": "on"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "Prețul este o sumă mai mare decât zero" in page
    assert "se vând într-o zonă de rezidență" in page
    saved = client.post("/admin/parking/subscriptiontype/add/", {
        "zone": zone.pk, "name": "Rezident Nord", "period": "quarter", "price": "45.00", "residents_only": "on",
        "proof": "", "active": "on"})
    assert saved.status_code == 302 and SubscriptionType.objects.filter(name="Rezident Nord", zone=zone).exists()
    assert AuditEntry.objects.filter(action="parking.type_saved").count() == 1


def test_staff_outside_the_parking_department_cannot_change_zones(client, users, city):
    from django.contrib.auth.models import Permission

    clerk = users.itl_specialist
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    clerk.user_permissions.add(Permission.objects.get(codename="add_zone"))
    client.force_login(clerk)
    answer = client.post("/admin/parking/zone/add/", {"code": "Z9", "name": "Zona nouă", "streets": "", "active": "on"})
    assert answer.status_code == 200 and "Doar Serviciul Parcări modifică zonele" in answer.content.decode()
    assert not Zone.objects.filter(code="Z9").exists()
