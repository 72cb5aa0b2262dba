"""Values the pages read from the cache (core.cache.Generation, the officials' names) follow every change
from the next page on."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.core.cache import Generation
from primaria.institutions import services as institutions
from primaria.requests import services
from tests.factories import (
    answers_for,
    propose_and_sign,
    submitted_request,
    uploads_for,
    waiting_for_an_opinion,
)

pytestmark = pytest.mark.django_db


def to_sign_badge(client, user) -> int:
    client.force_login(user)
    page = client.get("/birou/").content.decode()
    found = re.search(r'De semnat <span class="tag">(\d+)</span>', page)
    return int(found.group(1)) if found else 0


def test_a_value_is_kept_until_its_rows_change_and_never_outlives_a_commit(django_capture_on_commit_callbacks):
    generation = Generation("test")
    assert generation.get("k", lambda: "first") == "first"
    assert generation.get("k", lambda: "recomputed") == "first", "kept while nothing changes"
    with django_capture_on_commit_callbacks(execute=True):
        generation.changed()
        # Until the change commits, other pages see the committed rows: what is kept is still right, and
        # nothing is written to the cache inside the transaction...
        assert generation.get("k", lambda: "recomputed") == "first"
    # ...then the commit starts another generation, so the next page reads the committed rows.
    assert generation.get("k", lambda: "read after the commit") == "read after the commit"
    assert generation.get("other", lambda: 1) == 1 and generation.get("other", lambda: 2) == 1


def test_the_to_sign_count_follows_each_signature(client, users, pki, committed):
    request = committed(submitted_request, users.ion)
    committed(services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    assert to_sign_badge(client, users.urb_head) == 0 and to_sign_badge(client, users.mayor) == 0
    committed(propose_and_sign, request, users.urb_specialist, stop_before="Primar")
    assert to_sign_badge(client, users.mayor) == 1, "the mayor's turn shows on the next page"
    assert to_sign_badge(client, users.urb_head) == 0
    committed(services.sign, actor=users.mayor, request_id=request.pk)
    assert to_sign_badge(client, users.mayor) == 0, "signed: gone at once"


def test_a_delegation_brings_and_takes_the_principals_documents(client, users, pki, committed):
    deputy = users.deputy
    request = committed(submitted_request, users.ion)
    committed(services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    committed(propose_and_sign, request, users.urb_specialist, stop_before="Primar")
    assert to_sign_badge(client, deputy) == 0
    today = timezone.localdate()
    delegation = committed(institutions.delegate, actor=users.mayor, principal=users.mayor, deputy=deputy,
                           starts_on=today, ends_on=today + timedelta(days=3), reason="Concediu")
    assert to_sign_badge(client, deputy) == 1
    committed(institutions.revoke, actor=users.mayor, delegation_id=delegation.pk)
    assert to_sign_badge(client, deputy) == 0


def test_the_inbox_shows_a_renamed_assignee_and_drops_a_finished_opinion(client, users, committed):
    from primaria.workflow import services as workflow
    from primaria.workflow.models import WorkflowTask

    request = waiting_for_an_opinion(users, committed)
    client.force_login(users.urb_head)
    assert "Vlad Neagu" in client.get("/birou/").content.decode()
    specialist = users.urb_specialist
    specialist.last_name = "Neagu-Stan"
    specialist.save()
    assert "Vlad Neagu-Stan" in client.get("/birou/").content.decode(), "the new name, not the cached one"

    opinion = WorkflowTask.objects.get(request=request, step_id="aviz_itl", status="ready")
    client.force_login(users.itl_specialist)
    assert request.reference in client.get("/birou/").content.decode()
    committed(workflow.complete_step, actor=users.itl_specialist, task_id=opinion.pk, outcome="favorabil")
    assert request.reference not in client.get("/birou/").content.decode(), "the opinion is given: out of the inbox"
    assert client.get(f"/birou/cereri/{request.public_id}/").status_code == 200, "but still readable"


def inbox_of(client, user) -> str:
    client.force_login(user)
    page = client.get("/birou/").content.decode()
    return page[page.index("<tbody>"):page.index("</tbody>")]


def test_an_inbox_page_follows_a_moved_request_and_a_renamed_applicant(client, users, committed):
    from primaria.accounts.models import Party
    from primaria.institutions.models import Department
    from primaria.requests.models import Request

    request = committed(submitted_request, users.ion)
    assert request.reference in inbox_of(client, users.urb_head)
    assert request.reference not in inbox_of(client, users.itl_head)

    moved = Request.objects.get(pk=request.pk)  # as the IT admin moves it in /admin/
    moved.department = Department.objects.get(pk=users.itl_head.positions.get().department_id)
    committed(moved.save)  # each save commits on its own, as in the admin
    assert request.reference not in inbox_of(client, users.urb_head), "gone from the department it left"
    assert request.reference in inbox_of(client, users.itl_head)

    applicant = Party.objects.get(pk=request.applicant_id)
    applicant.name = "Ion Popescu-Dobre"
    committed(applicant.save)  # each save commits on its own, as in the admin
    assert "Ion Popescu-Dobre" in inbox_of(client, users.itl_head)


def test_an_inbox_asked_for_an_opinion_shows_the_requests_own_changes(client, users, committed):
    request = waiting_for_an_opinion(users, committed)
    assert "În analiză" in inbox_of(client, users.itl_specialist)
    committed(services.ask_completion, actor=users.urb_specialist, request_id=request.pk,
              what="Planul de situație la scara 1:500.")
    row = inbox_of(client, users.itl_specialist)
    assert request.reference in row and "Așteaptă completări" in row, "a change in Urbanism shows in ITL's inbox"


def my_list(client, user) -> str:
    client.force_login(user)
    page = client.get("/cereri/").content.decode()
    return page[page.index("<h1>"):]


def test_my_requests_follow_each_change_and_a_claimed_counter_request(client, users, committed):
    from primaria.accounts import services as accounts
    from primaria.catalog.models import Service
    from primaria.requests.models import Request
    from tests.test_counter_and_claim import CNP, _file

    ion = users.ion
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = committed(services.start_draft, actor=ion, party=ion.person, service=service)
    assert "Ciornă din " in my_list(client, ion)
    committed(services.save_draft, actor=ion, request_id=draft.pk, answers=answers_for(service),
              uploads=uploads_for(service))
    submitted = committed(services.submit, actor=ion, request_id=draft.pk)
    listed = my_list(client, ion)
    assert submitted.reference in listed and "Înregistrată" in listed and "Ciornă din " not in listed
    committed(services.assign, actor=users.urb_head, request_id=submitted.pk, assignee=users.urb_specialist)
    assert "În analiză" in my_list(client, ion), "the official's change shows in the applicant's list"
    service.name = "Adeverință de adresă"
    committed(service.save)  # each save commits on its own, as in the admin
    assert "Adeverință de adresă" in my_list(client, ion)
    moved = Request.objects.get(pk=submitted.pk)  # as the IT admin gives it to another applicant in /admin/
    moved.applicant = users.maria.person
    committed(moved.save)  # each save commits on its own, as in the admin
    assert submitted.reference not in my_list(client, ion) and submitted.reference in my_list(client, users.maria)

    paper = committed(_file, users.clerk)
    vasile = accounts.register_person(email="vasile@example.ro", password="o-parola-lunga-2026", first_name="Vasile",
                                      last_name="Georgescu", cnp=CNP, address="Str. Teiului nr. 9, Municipiul Demo")
    vasile.email_verified = True
    vasile.save()
    assert paper.reference not in my_list(client, vasile)
    committed(services.claim, actor=vasile, reference=paper.reference, claim_code=paper.claim_code)
    assert paper.reference in my_list(client, vasile), "claimed: in the new account's list at once"
