"""At the counter, a date is typed in three boxes (day, month, year) as on the resident's form, checked the same way."""

import pytest

from primaria.catalog.models import Service
from primaria.requests.models import Request
from primaria.requests.services import _attachment_slots
from tests.factories import answers_for, pdf_file

pytestmark = pytest.mark.django_db

URL = "/birou/ghiseu/"
SLUG = "declaratie-fiscala-mijloace-transport"


def _form(service, day, month, year):
    data = {"service": service.pk, "kind": "person", "name": "Vasile Georgescu", "identifier": "1900722350036",
            "address": "Str. Teiului nr. 9, Municipiul Demo"}
    for name, value in answers_for(service).items():
        if name != "data_dobandirii":
            data[f"q_{name}"] = value
    data.update({"q_data_dobandirii-zi": day, "q_data_dobandirii-luna": month, "q_data_dobandirii-an": year})
    for key, slot in _attachment_slots(service).items():
        if slot["required"]:
            data[f"u_{key}"] = pdf_file(f"{key}.pdf", text="Scanat")
    return data


def test_the_counter_shows_three_boxes_and_marks_only_the_wrong_part(client, users):
    service = Service.objects.get(slug=SLUG)
    client.force_login(users.clerk)
    form = client.get(URL, {"serviciu": service.pk}).content.decode()
    assert 'name="q_data_dobandirii-zi"' in form and 'name="q_data_dobandirii-an"' in form
    assert 'type="date"' not in form

    html = client.post(URL, _form(service, "31", "2", "2025")).content.decode()
    assert "Data nu există: ziua 31 nu este în luna februarie 2025." in html
    assert 'id="err-data_dobandirii"' in html and 'href="#f-data_dobandirii"' in html
    assert 'name="q_data_dobandirii-zi" type="text" inputmode="numeric" maxlength="2" value="31" aria-invalid="true"' in html
    assert 'name="q_data_dobandirii-luna" type="text" inputmode="numeric" maxlength="2" value="2">' in html
    assert not Request.objects.exists()


def test_a_date_typed_in_three_boxes_is_stored_as_iso(client, users):
    service = Service.objects.get(slug=SLUG)
    client.force_login(users.clerk)
    done = client.post(URL, _form(service, "7", "3", "2025"))
    assert done.status_code == 302
    assert Request.objects.get().data["data_dobandirii"] == "2025-03-07"
