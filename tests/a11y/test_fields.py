"""Hints and errors tied to their fields for screen readers, on every resident form and the office's
assignment; a date asked as day, month and year; the assignee list with role and open work."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from primaria.accounts.selectors import person_of
from primaria.catalog.models import FieldKind, FormField, Service
from primaria.requests import services
from primaria.requests.answers import clean_value, date_problem
from primaria.requests.models import OPEN_STATUSES, Request
from primaria.requests.selectors import assignee_options
from tests.factories import answers_for, submitted_request

from .html_fields import fields_of, problems

pytestmark = pytest.mark.django_db

SLUG = "adeverinta-nomenclatura-stradala"
EXTRA = [  # one field of every kind, each with a hint, as an admin may configure them
    ("text_x", FieldKind.TEXT), ("long_x", FieldKind.LONG_TEXT), ("number_x", FieldKind.NUMBER),
    ("data_nasterii", FieldKind.DATE), ("choice_x", FieldKind.CHOICE), ("yes_x", FieldKind.YES_NO),
    ("email_x", FieldKind.EMAIL), ("phone_x", FieldKind.PHONE), ("cnp_x", FieldKind.CNP), ("cui_x", FieldKind.CUI),
    ("iban_x", FieldKind.IBAN), ("address_x", FieldKind.ADDRESS), ("file_x", FieldKind.FILE),
]


@pytest.fixture
def service(city):
    service = Service.objects.get(slug=SLUG)
    for order, (name, kind) in enumerate(EXTRA, start=50):
        FormField.objects.create(
            service=service, order=order, name=name, kind=kind, required=True,
            label="Data nașterii" if kind == FieldKind.DATE else f"Întrebarea {name}",
            help_text=f"Explicația pentru {name}.", choices="Unu\nDoi" if kind == FieldKind.CHOICE else "")
    return service


@pytest.fixture
def draft(users, service):
    return services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)


def _edit_url(draft):
    return reverse("requests:edit", args=[draft.public_id])


def _date(day, month, year, key="data_nasterii"):
    return {f"{key}-zi": day, f"{key}-luna": month, f"{key}-an": year}


def _bad_answers(service):
    """Every answer wrong or missing, so that every field of the page shows its error."""
    bad = {"number_x": "doisprezece", "email_x": "ion@", "phone_x": "12", "cnp_x": "123", "cui_x": "1",
           "iban_x": "RO00", "address_x": "x", **_date("31", "2", "2026")}
    return {name: bad.get(name, "") for name in answers_for(service)} | bad


# --- every form: hints and errors tied to their controls ------------------------------------------------

def _signup(client, users, draft, post):
    return client.post(reverse("accounts:signup"), {}) if post else client.get(reverse("accounts:signup"))


def _login(client, users, draft, post):
    url = reverse("accounts:login")
    return client.post(url, {"username": "nimeni@example.ro", "password": "x"}) if post else client.get(url)


def _profile(client, users, draft, post):
    client.force_login(users.ion)
    url = reverse("accounts:profile")
    return client.post(url, {"kind": "company"}) if post else client.get(url)


def _claim(client, users, draft, post):
    client.force_login(users.ion)
    url = reverse("requests:claim")
    return client.post(url, {"reference": "", "code": ""}) if post else client.get(url)


def _edit(client, users, draft, post):
    client.force_login(users.ion)
    return (client.post(_edit_url(draft), {**_bad_answers(draft.service), "action": "continue"}) if post
            else client.get(_edit_url(draft)))


def _assign(client, users, draft, post):
    filed = submitted_request(users.ion)
    client.force_login(users.urb_head)
    url = reverse("office:request", args=[filed.public_id])
    return client.post(url, {"action": "assign", "assignee": ""}) if post else client.get(url)


PAGES = {"signup": _signup, "login": _login, "profile": _profile, "claim": _claim, "edit": _edit,
         "assign": _assign}


@pytest.mark.parametrize("post", [False, True], ids=["blank", "in-error"])
@pytest.mark.parametrize("page", PAGES)
def test_every_hint_and_error_is_tied_to_its_field(client, users, draft, page, post):
    response = PAGES[page](client, users, draft, post)
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html) == []
    fields, _ids = fields_of(html)
    assert fields, "the page shows no form fields"
    if post and page not in ("login", "claim"):  # these answer with one summary, not per field
        assert any(f.error for f in fields), "the wrong answers should have put a field in error"


def test_the_filing_page_ties_every_kind_of_field_to_its_hint_and_error(client, users, draft):
    """Wrong answers are refused first; once none is wrong, the missing ones are shown: between the two
    rounds every kind of field has been in error."""
    client.force_login(users.ion)
    wrong = client.post(_edit_url(draft), {**_bad_answers(draft.service), "action": "continue"}).content.decode()
    left_out = {"text_x", "long_x", "choice_x", "yes_x", "file_x", "data_nasterii"}
    missing_only = {k: v for k, v in answers_for(draft.service).items() if k not in left_out}
    missing = client.post(_edit_url(draft), {**missing_only, "action": "continue"}).content.decode()
    in_error = {f.id: f for html in (wrong, missing) for f in fields_of(html)[0] if f.error}
    for name, kind in EXTRA:
        fld = in_error[f"f-{name}"]
        assert f"err-{name}" in fld.errors and f"hint-{name}" in fld.hints, name
        for control in fld.controls:
            assert {f"hint-{name}", f"err-{name}"} <= control.described_by, (name, control.attrs)
        if kind == FieldKind.CHOICE:  # the drop-down too
            assert fld.controls[0].tag == "select" and fld.controls[0].attrs.get("aria-invalid") == "true"
    assert problems(wrong) == [] and problems(missing) == []


# --- date of birth as day, month, year -------------------------------------------------------------------

def test_a_date_is_asked_as_three_numeric_boxes(client, users, draft):
    client.force_login(users.ion)
    html = client.get(_edit_url(draft)).content.decode()
    boxes = re.findall(r'<input[^>]*name="data_nasterii-(zi|luna|an)"[^>]*>', html)
    assert boxes == ["zi", "luna", "an"]
    for tag in re.findall(r'<input[^>]*name="data_nasterii-[a-z]+"[^>]*>', html):
        assert 'inputmode="numeric"' in tag and 'type="text"' in tag
    assert 'type="date"' not in html
    assert "<legend>Data nașterii</legend>" in html


def test_a_valid_date_is_stored_iso_and_shown_back_in_its_boxes(client, users, draft):
    client.force_login(users.ion)
    answers = {**answers_for(draft.service), **_date("5", "3", "1980"), "action": "save"}
    answers.pop("data_nasterii")
    client.post(_edit_url(draft), answers)
    draft.refresh_from_db()
    assert draft.data["data_nasterii"] == "1980-03-05"
    html = client.get(_edit_url(draft)).content.decode()
    assert 'name="data_nasterii-zi" type="text" inputmode="numeric" maxlength="2" value="5"' in html
    assert 'name="data_nasterii-an" type="text" inputmode="numeric" maxlength="4" value="1980"' in html


@pytest.mark.parametrize("parts,message,bad", [
    (("31", "2", "2026"), "Data nu există: ziua 31 nu este în luna februarie 2026.", {"zi"}),
    (("29", "2", "2025"), "Data nu există: ziua 29 nu este în luna februarie 2025.", {"zi"}),
    (("31", "4", "2026"), "Data nu există: ziua 31 nu este în luna aprilie 2026.", {"zi"}),
    (("12", "13", "1980"), "Luna trebuie să fie un număr între 1 și 12.", {"luna"}),
    (("12", "3", "80"), "Anul trebuie să aibă 4 cifre, de exemplu 2026.", {"an"}),
    (("12", "", "1980"), "Data trebuie să cuprindă și luna.", {"luna"}),
    (("", "", "1980"), "Data trebuie să cuprindă și ziua și luna.", {"zi", "luna"}),
    (("1a", "3", "1980"), "Scrieți ziua doar cu cifre, de exemplu 23 11 2026.", {"zi"}),
])
def test_an_impossible_or_partial_date_is_refused_with_its_part_marked(client, users, draft, parts, message, bad):
    client.force_login(users.ion)
    answers = {**answers_for(draft.service), **_date(*parts), "action": "save"}
    answers.pop("data_nasterii")
    html = client.post(_edit_url(draft), answers).content.decode()
    assert message in html
    draft.refresh_from_db()
    assert draft.data == {}
    for part in ("zi", "luna", "an"):
        tag = re.search(rf'<input[^>]*name="data_nasterii-{part}"[^>]*>', html).group(0)
        assert ('aria-invalid="true"' in tag) == (part in bad), (part, tag)
    assert problems(html) == []
    assert date_problem(*parts) == (message, bad)


def test_a_missing_required_date_marks_all_three_parts(client, users, draft):
    client.force_login(users.ion)
    answers = {**answers_for(draft.service), **_date("", "", ""), "action": "continue"}
    answers.pop("data_nasterii")
    html = client.post(_edit_url(draft), answers).content.decode()
    assert "Completați câmpul „Data nașterii”." in html
    assert len(re.findall(r'<input[^>]*name="data_nasterii-[a-z]+"[^>]*aria-invalid="true"', html)) == 3


def test_the_api_keeps_sending_iso_dates():
    field = FormField(name="d", label="Data", kind=FieldKind.DATE)
    assert clean_value(field, "2026-11-20") == "2026-11-20"
    assert clean_value(field, "20.11.2026") == "2026-11-20"
    with pytest.raises(Exception) as caught:
        clean_value(field, "2026-02-31")
    assert caught.value.messages == ["Data nu există: ziua 31 nu este în luna februarie 2026."]


# --- the assignee list -----------------------------------------------------------------------------------

def test_the_assignee_list_shows_role_and_open_work(client, users, city):
    filed = [submitted_request(users.ion) for _ in range(3)]
    department = filed[0].department
    for req in filed[:2]:
        services.assign(actor=users.urb_head, request_id=req.pk, assignee=users.urb_specialist)
    client.force_login(users.urb_head)
    html = client.get(reverse("office:request", args=[filed[2].public_id])).content.decode()
    select = re.search(r'<select id="id_assignee".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)

    def held(user):
        return Request.objects.filter(assignee=user, department=department, status__in=OPEN_STATUSES).count()

    assert held(users.urb_specialist) >= 2
    specialist = users.urb_specialist
    assert f"{specialist.get_full_name()} – specialist, {held(specialist)} cereri în lucru" in options
    head = users.urb_head
    count = held(head)
    head_work = "nicio cerere în lucru" if count == 0 else f"{count} cerer{'e' if count == 1 else 'i'} în lucru"
    assert f"{head.get_full_name()} – șef, {head_work}" in options
    assert len(options) == len(set(options))  # one line per official, whatever roles they hold


def test_the_assignee_list_is_one_query_however_many_officials(users, city):
    from primaria.institutions.models import Position, Role

    department = submitted_request(users.ion).department
    with CaptureQueriesContext(connection) as few:
        small = assignee_options(department.pk)
    for other in (users.itl_specialist, users.itl_head, users.reg_specialist):
        Position.objects.create(user=other, department=department, role=Role.SPECIALIST, function="Inspector")
    with CaptureQueriesContext(connection) as many:
        large = assignee_options(department.pk)
    assert len(large) == len(small) + 3
    assert len(few) == len(many) == 1
