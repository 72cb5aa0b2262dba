"""Making a report: the place inside the city, the category's questions, routing, duplicates, petitions."""

import pytest
from django.urls import reverse

from primaria.core.errors import DomainError
from primaria.outbox.models import Event
from primaria.reports import services
from primaria.reports.models import Area, Follower, Report, ReportEvent, Route, Status

from .conftest import INSIDE, OUTSIDE, answers, user

pytestmark = pytest.mark.django_db


def test_a_pin_outside_the_boundary_is_refused_and_nothing_is_saved(make_report):
    from primaria.audit.models import AuditEntry

    before = (Report.objects.count(), Event.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as refused:
        make_report("groapa", at=OUTSIDE)
    assert refused.value.message_dict["place"] == [services.OUTSIDE]
    assert "în afara localității" in services.OUTSIDE
    assert (Report.objects.count(), Event.objects.count(), AuditEntry.objects.count()) == before
    # Just inside and just outside the eastern corner of the demo boundary (21.28 E).
    assert make_report("groapa", at=("45.753700", "21.279000")).pk
    with pytest.raises(DomainError):
        make_report("groapa", at=("45.753700", "21.281000"))


def test_the_form_refuses_a_pin_outside_in_romanian(client, city):
    response = client.post(reverse("reports:start"), {"categorie": "groapa", "lat": OUTSIDE[0], "lon": OUTSIDE[1]})
    assert response.status_code == 200
    assert "Locul ales este în afara localității" in response.content.decode()
    inside = client.post(reverse("reports:start"), {"categorie": "groapa", "lat": INSIDE[0], "lon": INSIDE[1]})
    assert inside.status_code == 302 and "/sesizari/noua/detalii/" in inside["Location"]


def test_an_address_on_a_street_of_the_base_layer_places_the_report(make_report, categories):
    report = services.submit(actor=None, category_id=categories["iluminat"].pk, latitude="", longitude="",
                             address="str. Marasesti nr. 10", description="Stâlpul din fața blocului e stins.",
                             data=answers("iluminat"), email="vecin@example.ro")
    assert report.district is not None and report.district.code == "est"
    assert services.inside_city(float(report.latitude), float(report.longitude))
    with pytest.raises(DomainError) as unknown:
        services.place(latitude="", longitude="", address="Strada Inexistentă 3")
    assert "Nu găsim strada" in unknown.value.message_dict["address"][0]


def test_the_category_decides_the_questions(make_report):
    with pytest.raises(DomainError) as missing:
        make_report("groapa", data={"q_unde": "în carosabil"})
    assert "Cât de mare este?" in missing.value.message_dict["q_marime"][0]
    with pytest.raises(DomainError) as wrong:
        make_report("groapa", data={"q_unde": "în cer", "q_marime": "mică (sub 30 cm)"})
    assert wrong.value.message_dict["q_unde"] == ["Alegeți un răspuns din listă."]
    report = make_report("groapa", data={**answers("groapa"), "q_pericol": "da", "q_altceva": "ignorat"})
    assert report.answers == {"unde": "în carosabil", "marime": "mică (sub 30 cm)", "pericol": "da"}


def test_routing_table_by_category_and_district(make_report, categories, users):
    # Lighting goes to the public-domain administration (a subordinate institution), wherever it is.
    lighting = make_report("iluminat")
    assert lighting.department.code == "dip" and lighting.department.institution.code == "ADP"
    # Waste: the default is ADP's green spaces service, the west district's row sends it to Urbanism.
    west = Area.objects.get(code="vest")
    assert Route.objects.get(category=categories["deseuri"], area=west).department.code == "urb"
    in_west = make_report("deseuri", at=("45.765000", "21.200000"))
    in_south = make_report("deseuri", at=("45.740000", "21.210000"))
    assert (in_west.district.code, in_west.department.code) == ("vest", "urb")
    assert (in_south.district.code, in_south.department.code) == ("sud", "sv")
    # The secretary general edits the table: lighting in the north now goes to the parking service (odd, but data).
    north = Area.objects.get(code="nord")
    par = user("par.specialist@primaria-demo.ro").positions.first().department
    services.set_route(actor=user("secretar@primaria-demo.ro"), category_id=categories["iluminat"].pk,
                       area_id=north.pk, department_id=par.pk)
    assert services.route(categories["iluminat"], north) == par
    assert make_report("iluminat", at=("45.780000", "21.235000")).department == par
    # Back to the default: the row goes away.
    services.set_route(actor=user("secretar@primaria-demo.ro"), category_id=categories["iluminat"].pk,
                       area_id=north.pk, department_id="")
    assert not Route.objects.filter(category=categories["iluminat"], area=north).exists()
    assert services.route(categories["iluminat"], north) == categories["iluminat"].department


def test_only_the_secretary_general_or_the_admin_edit_the_routing(client, users, categories):
    from django.core.exceptions import PermissionDenied

    north = Area.objects.get(code="nord")
    with pytest.raises(PermissionDenied):
        services.set_route(actor=user("adp.specialist@primaria-demo.ro"),
                           category_id=categories["iluminat"].pk, area_id=north.pk, department_id="")
    client.force_login(user("adp.specialist@primaria-demo.ro"))
    assert client.get(reverse("reports_office:routes")).status_code == 404
    client.force_login(user("secretar@primaria-demo.ro"))
    page = client.get(reverse("reports_office:routes"))
    assert page.status_code == 200 and "Tabelul de repartizare" in page.content.decode()
    key = f"route-{categories['groapa'].pk}-{north.pk}"
    sv = categories["spatii-verzi"].department
    assert client.post(reverse("reports_office:routes"), {key: str(sv.pk)}).status_code == 302
    assert Route.objects.get(category=categories["groapa"], area=north).department == sv


def test_nearby_open_reports_of_the_same_category_are_offered_to_join(make_report, client):
    first = make_report("groapa", at=("45.770000", "21.245000"))
    near = ("45.770800", "21.245000")  # about 89 m north
    far = ("45.772500", "21.245000")  # about 278 m north
    assert [r.pk for r in services.nearby(first.category, float(near[0]), float(near[1]))] == [first.pk]
    assert services.nearby(first.category, float(far[0]), float(far[1])) == []
    other_kind = make_report("iluminat", at=near)
    assert other_kind.pk not in [r.pk for r in services.nearby(first.category, float(near[0]), float(near[1]))]
    page = client.get(reverse("reports:details"), {"categorie": "groapa", "lat": near[0], "lon": near[1]})
    assert "Mă alătur acestei sesizări" in page.content.decode()
    # Joining: the follower gets the notices; no second report.
    count = Report.objects.count()
    client.post(reverse("reports:join", args=[first.public_id]), {"email": "alt.vecin@example.ro"})
    assert Report.objects.count() == count
    assert Follower.objects.filter(report=first, email="alt.vecin@example.ro").exists()
    # A closed report is no longer offered.
    Report.objects.filter(pk=first.pk).update(status=Status.RESOLVED)
    assert services.nearby(first.category, float(near[0]), float(near[1])) == []


def test_anonymous_report_needs_an_email_and_gets_a_follow_link(make_report, categories):
    with pytest.raises(DomainError) as refused:
        make_report("groapa", email="")
    assert "adresa de e-mail" in refused.value.message_dict["email"][0]
    report = make_report("groapa", email="Vecin@Example.ro")
    token = services.follow_token(report, report.email)
    assert services.from_follow_token(token) == (report, "vecin@example.ro")
    with pytest.raises(DomainError):
        services.from_follow_token(token[:-2] + "xx")
    assert Event.objects.filter(name="report.submitted", subject_id=str(report.pk)).exists()


def test_a_petition_is_registered_with_the_og27_term(make_report, users):
    from primaria.core.terms import compute_due

    ion = user("ion.popescu@example.ro")
    petition = make_report("petitie", actor=ion, description="Vă rog să montați o bancă în parcul din cartier.")
    assert petition.registry_entry is not None and petition.status == Status.NEW
    assert petition.due_date == compute_due(rule="og27", start=petition.registry_entry.registered_at.date())
    assert petition.registry_entry.department == petition.department
    assert petition.reference == petition.registry_entry.reference


def test_an_anonymous_petition_is_filed_without_action(make_report):
    petition = make_report("petitie", email="anonim@example.ro", description="Reclamație fără semnătură, nr. 1.")
    assert petition.status == Status.FILED and petition.registry_entry is not None
    assert petition.due_date is None
    assert "art. 7" in petition.registry_entry.__class__.objects.get(pk=petition.registry_entry_id).outcome
    assert "art. 7 din OG nr. 27/2002" in ReportEvent.objects.filter(report=petition).first().message
    signed = make_report("petitie", email="ana@example.ro", name="Ana Pop", postal_address="Str. Florilor 3",
                         description="Petiție cu nume și adresă, fără cont.")
    assert signed.status == Status.NEW


def test_wrong_photo_is_refused_whole(make_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("poza.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", content_type="image/jpeg")
    before = Report.objects.count()
    with pytest.raises(DomainError) as refused:
        make_report("groapa", uploads=[fake])
    assert refused.value.message_dict["photos"]
    assert Report.objects.count() == before
    text = SimpleUploadedFile("poza.jpg", b"just text", content_type="image/jpeg")
    with pytest.raises(DomainError) as refused:
        make_report("groapa", uploads=[text])
    assert "JPEG, PNG sau WebP" in refused.value.message_dict["photos"][0]


def test_the_demo_city_has_reports_in_every_state_and_tells_nobody(city):
    from primaria.notifications.models import Notification
    from primaria.reports.demo import load_demo_reports

    assert set(Report.objects.values_list("status", flat=True)) == {Status.NEW, Status.IN_PROGRESS, Status.RESOLVED}
    assert Report.objects.filter(rating__isnull=False).exists()
    assert not Notification.objects.filter(object_type="reports.report").exists()
    count = Report.objects.count()
    load_demo_reports()  # idempotent, as `make run` loads it every time
    assert Report.objects.count() == count and Area.objects.filter(kind="district").count() == 4
