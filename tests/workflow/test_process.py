"""Processes in the database: a request's process from filing to archive, versions, assignment, permissions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from primaria.catalog.models import Service
from primaria.core import terms
from primaria.core.errors import DomainError
from primaria.requests import services as request_services
from primaria.requests.models import Request
from primaria.workflow import defaults, services
from primaria.workflow.models import ProcessDefinition, WorkflowTask
from primaria.workflow.selectors import current_step_label
from tests.factories import propose_and_sign, submitted_request

CU = "certificat-de-urbanism"
ADEVERINTA = "adeverinta-nomenclatura-stradala"


def ready(request):
    return {t.step_id: t for t in WorkflowTask.objects.filter(request=request, status="ready")}


def within_a_second(a, b):
    return abs(a - b) < timedelta(seconds=1)


def public_lines(request):
    return [e.message for e in Request.objects.get(pk=request.pk).timeline.filter(public=True)]


@pytest.fixture
def cu_request(users, committed):
    return committed(submitted_request, users.ion, slug=CU)


def test_every_demo_service_ships_a_default_process(city):
    for service in Service.objects.all():
        definition = ProcessDefinition.objects.get(service=service, is_current=True)
        assert definition.version == 1 and definition.process_id


def test_filing_starts_the_process_once_and_names_the_first_step(users, cu_request, committed):
    instance = cu_request.process
    assert instance.definition.version == 1 and not instance.finished
    assert set(ready(cu_request)) == {"verificare"}
    started = Request.objects.get(pk=cu_request.pk).timeline.last()
    assert "Primul pas: verificarea documentelor la Direcția Urbanism" in started.message and not started.public
    assert current_step_label(cu_request) == "Verificarea documentelor – Direcția Urbanism"
    assert services.start(request_id=cu_request.pk) == instance, "idempotent"
    assert WorkflowTask.objects.filter(request=cu_request).count() == 1


def test_time_limits_become_due_dates(cu_request):
    task = ready(cu_request)["verificare"]
    assert within_a_second(task.due_at, terms.add_working_time(task.created_at, timedelta(days=2))), "two working days"


def test_parallel_opinions_then_approval_then_signatures_then_archive(users, cu_request, committed, pki):
    committed(request_services.assign, actor=users.urb_specialist, request_id=cu_request.pk, assignee=users.urb_specialist)
    committed(services.complete_step, actor=users.urb_specialist, task_id=ready(cu_request)["verificare"].pk)
    assert public_lines(cu_request)[-1] == ("Documentele au fost verificate. Urmează: analiza tehnică la Direcția Urbanism.")
    committed(services.complete_step, actor=users.urb_specialist, task_id=ready(cu_request)["analiza"].pk)
    assert set(ready(cu_request)) == {"aviz_jur", "aviz_itl"}
    assert public_lines(cu_request)[-1].endswith(
        "Se așteaptă avizele: Direcția Juridică, Direcția Impozite și Taxe Locale.")
    assert current_step_label(cu_request).startswith("Avizele compartimentelor: ")

    # The ITL specialist now sees the URB request (an opinion is asked from ITL) and gives it.
    from primaria.requests.selectors import requests_for_official
    assert requests_for_official(users.itl_specialist).filter(pk=cu_request.pk).exists()
    with pytest.raises(DomainError):
        services.complete_step(actor=users.itl_specialist, task_id=ready(cu_request)["aviz_itl"].pk, outcome="")
    committed(services.complete_step, actor=users.itl_specialist, task_id=ready(cu_request)["aviz_itl"].pk,
              outcome="favorabil")
    assert set(ready(cu_request)) == {"aviz_jur"}, "the approval waits for the second opinion"
    assert public_lines(cu_request)[-1] == ("Direcția Impozite și Taxe Locale a dat avizul: favorabil. "
                                            "Se așteaptă avizele: Direcția Juridică.")
    assert requests_for_official(users.itl_specialist).filter(pk=cu_request.pk).exists(), "the opinion stays readable"
    from primaria.accounts.models import User
    jur = User.objects.get(email="jur.specialist@primaria-demo.ro")
    committed(services.complete_step, actor=jur, task_id=ready(cu_request)["aviz_jur"].pk, outcome="favorabil")
    assert set(ready(cu_request)) == {"aprobare"}

    # Only the head of Urbanism approves.
    with pytest.raises(PermissionDenied):
        services.complete_step(actor=users.urb_specialist, task_id=ready(cu_request)["aprobare"].pk, outcome="aprobat")
    committed(services.complete_step, actor=users.urb_head, task_id=ready(cu_request)["aprobare"].pk, outcome="aprobat")
    assert set(ready(cu_request)) == {"semnare"}
    assert current_step_label(cu_request) == "Redactarea răspunsului"

    with pytest.raises(DomainError):
        services.complete_step(actor=users.urb_head, task_id=ready(cu_request)["semnare"].pk)
    request = committed(propose_and_sign, Request.objects.get(pk=cu_request.pk), users.urb_specialist,
                        stop_before="Primar")
    assert current_step_label(request) == "Semnarea răspunsului"
    request = committed(propose_and_sign_rest, request)
    assert request.status == "resolved"
    instance = request.process
    instance.refresh_from_db()
    assert instance.finished and not ready(request)
    assert set(WorkflowTask.objects.filter(request=request, status="completed").values_list("step_id", flat=True)) == {
        "verificare", "analiza", "aviz_itl", "aviz_jur", "aprobare", "semnare", "emitere", "arhivare"}


def propose_and_sign_rest(request):
    from primaria.documents.models import SignatureStep

    while True:
        current = Request.objects.get(pk=request.pk)
        if current.status != "pending_approval":
            return current
        step = SignatureStep.objects.get(document__request=current, status="current", document__status="signing")
        request_services.sign(actor=step.signer, request_id=current.pk)


def test_a_version_change_leaves_running_requests_on_their_version(users, committed, pki):
    service = Service.objects.get(slug=ADEVERINTA)
    a = committed(submitted_request, users.ion, slug=ADEVERINTA)
    v1 = a.process.definition

    blocks = defaults.default_blocks(service)
    position = next(i for i, b in enumerate(blocks) if isinstance(b, defaults.Step) and b.id == "aprobare")
    blocks.insert(position, defaults.Step("verificare_teren", "Verificarea pe teren", "analysis", time_limit="P3D"))
    v2 = services.publish(service=service, bpmn_xml=defaults.render_bpmn("proces_adeverinta", service.name, blocks),
                          actor=users.admin, note="Verificare pe teren")
    assert v2.version == 2 and v2.is_current
    v1.refresh_from_db()
    assert not v1.is_current

    b = committed(submitted_request, users.maria, slug=ADEVERINTA)
    assert b.process.definition == v2
    a.process.refresh_from_db()
    assert a.process.definition == v1

    for request in (a, b):
        committed(request_services.assign, actor=users.urb_specialist, request_id=request.pk, assignee=users.urb_specialist)
        for step in ("verificare", "analiza"):
            committed(services.complete_step, actor=users.urb_specialist, task_id=ready(request)[step].pk)
    assert set(ready(a)) == {"aprobare"}, "A keeps version 1: no field check"
    assert set(ready(b)) == {"verificare_teren"}, "B follows version 2"

    committed(services.complete_step, actor=users.urb_head, task_id=ready(a)["aprobare"].pk, outcome="aprobat")
    a = committed(propose_and_sign, Request.objects.get(pk=a.pk), users.urb_specialist)
    assert a.status == "resolved"
    a.process.refresh_from_db()
    assert a.process.finished and a.process.definition == v1
    assert not WorkflowTask.objects.filter(request=a, step_id="verificare_teren").exists()


def test_the_answer_waits_for_the_steps_of_the_process(users, committed, pki):
    request = committed(submitted_request, users.ion, slug=ADEVERINTA)
    committed(request_services.assign, actor=users.urb_specialist, request_id=request.pk, assignee=users.urb_specialist)
    with pytest.raises(DomainError) as caught:
        request_services.propose(actor=users.urb_specialist, request_id=request.pk, outcome="granted")
    assert "Verificarea documentelor" in caught.value.messages[0]
    assert Request.objects.get(pk=request.pk).status == "in_review"
    assert set(ready(request)) == {"verificare"}


def test_withdrawing_cancels_the_process(users, committed):
    request = committed(submitted_request, users.ion, slug=ADEVERINTA)
    committed(request_services.withdraw, actor=users.ion, request_id=request.pk)
    request.process.refresh_from_db()
    assert request.process.finished and not ready(request)
    assert WorkflowTask.objects.get(request=request).status == "cancelled"


def test_assignment_rules(users, committed, city):
    from primaria.accounts.models import User
    from primaria.institutions.models import Department, Position, Role

    service = Service.objects.get(slug=ADEVERINTA)
    urb = Department.objects.get(institution=city, code="urb")
    second = User.objects.create_user(email="urb.doi@primaria-demo.ro", password="x", first_name="Ana", last_name="Doi")
    Position.objects.create(user=second, department=urb, role=Role.SPECIALIST, function="Inspector")
    blocks = [
        defaults.Step("la_cel_liber", "Verificarea documentelor", "check", assign="least_loaded", time_limit="PT8H"),
        defaults.Step("numit", "Analiza tehnică", "analysis", assign="user:urb.doi@primaria-demo.ro"),
        defaults.Step("secretar", "Avizul secretarului general", "approval", department="sg", assign="role:secretary_general"),
        defaults.Step("semnare", "Semnarea răspunsului", "signature"),
    ]
    services.publish(service=service, bpmn_xml=defaults.render_bpmn("reguli", service.name, blocks))
    # The demo specialist already has a step waiting elsewhere, so the least loaded one is the new colleague.
    other = committed(submitted_request, users.maria, slug="certificat-de-urbanism")
    WorkflowTask.objects.filter(request=other).update(assignee=users.urb_specialist)
    request = committed(submitted_request, users.ion, slug=ADEVERINTA)
    task = ready(request)["la_cel_liber"]
    assert task.assignee == second and task.rule == "least_loaded"
    assert within_a_second(task.due_at, terms.add_working_time(task.created_at, timedelta(hours=8)))
    assert not services.may_complete(users.urb_specialist, task), "named for someone else"
    assert services.may_complete(users.urb_head, task), "the head of the department may always step in"
    committed(services.complete_step, actor=second, task_id=task.pk)

    task = ready(request)["numit"]
    assert task.assignee == second
    with pytest.raises(PermissionDenied):
        services.complete_step(actor=users.urb_specialist, task_id=task.pk)
    committed(services.complete_step, actor=second, task_id=task.pk)

    task = ready(request)["secretar"]
    assert task.department.code == "sg" and task.role == "secretary_general"
    assert [t.pk for t in services.tasks_for(users.secretary)] == [task.pk]
    with pytest.raises(PermissionDenied):
        services.complete_step(actor=users.urb_head, task_id=task.pk, outcome="aprobat")
    committed(services.complete_step, actor=users.secretary, task_id=task.pk, outcome="aprobat")
    assert set(ready(request)) == {"semnare"}


def test_urgent_requests_get_shorter_time_limits(users, committed):
    from primaria.accounts.selectors import person_of
    from tests.factories import answers_for, uploads_for

    service = Service.objects.get(slug=ADEVERINTA)
    draft = request_services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    request_services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service),
                                uploads=uploads_for(service), urgent=True)
    request = committed(request_services.submit, actor=users.ion, request_id=draft.pk)
    task = ready(request)["verificare"]
    assert within_a_second(task.due_at, terms.add_working_time(task.created_at, timedelta(hours=8)))
    committed(request_services.assign, actor=users.urb_specialist, request_id=request.pk, assignee=users.urb_specialist)
    committed(services.complete_step, actor=users.urb_specialist, task_id=task.pk)
    assert set(ready(request)) == {"analiza_urgenta"}


def test_another_department_cannot_complete_a_step(users, cu_request):
    task = ready(cu_request)["verificare"]
    with pytest.raises(PermissionDenied):
        services.complete_step(actor=users.itl_specialist, task_id=task.pk)
    with pytest.raises(PermissionDenied):
        services.complete_step(actor=users.ion, task_id=task.pk)


def test_pages_are_for_officials_only(client, users, cu_request):
    task = ready(cu_request)["verificare"]
    client.force_login(users.ion)
    assert client.get("/birou/pasi/").status_code == 404
    assert client.post(f"/birou/pasi/{task.pk}/").status_code == 404
    assert client.get(f"/birou/procese/{CU}/").status_code == 404
    client.force_login(users.itl_specialist)
    assert client.post(f"/birou/pasi/{task.pk}/").status_code == 404, "a request they cannot see"
    task.refresh_from_db()
    assert task.status == "ready"


def test_office_pages_show_the_process(client, users, cu_request):
    task = ready(cu_request)["verificare"]
    client.force_login(users.urb_specialist)
    page = client.get(f"/birou/cereri/{cu_request.public_id}/").content.decode()
    assert 'data-testid="workflow-panel"' in page and "Închei pasul: Verificarea documentelor" in page
    assert 'role="img"' in page and 'data-state="current"' in page
    assert "Verificarea documentelor" in client.get("/birou/pasi/").content.decode()
    response = client.post(f"/birou/pasi/{task.pk}/", {"note": "Complet.", "next": f"/birou/cereri/{cu_request.public_id}/"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "completed" and task.completed_by == users.urb_specialist and task.note == "Complet."

    client.force_login(users.secretary)
    page = client.get(f"/birou/procese/{CU}/?cerere={cu_request.public_id}").content.decode()
    assert "<svg" in page and "<title" in page and "Analiza tehnică – Direcția Urbanism" in page
    assert client.get(f"/birou/procese/{CU}/v1.bpmn").content.startswith(b"<?xml")


def test_the_applicant_sees_the_current_step(client, users, cu_request):
    client.force_login(users.ion)
    page = client.get(f"/cereri/{cu_request.public_id}/").content.decode()
    assert "Pasul la care se află cererea:</strong> Verificarea documentelor – Direcția Urbanism" in page


def test_an_it_admin_uploads_a_new_version_and_a_broken_file_is_refused(client, users, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users.admin)
    url = f"/birou/procese/{ADEVERINTA}/versiune-noua/"
    page = client.post(url, {"bpmn": SimpleUploadedFile("p.bpmn", b"<bpmn:definitions>", "application/xml")})
    assert page.status_code == 200 and "Fișierul nu este un XML valid" in page.content.decode()
    service = Service.objects.get(slug=ADEVERINTA)
    good = defaults.default_bpmn(service).encode()
    response = client.post(url, {"bpmn": SimpleUploadedFile("p.bpmn", good, "application/xml"), "note": "test"})
    assert response.status_code == 302
    assert ProcessDefinition.objects.get(service=service, is_current=True).version == 2
    client.force_login(users.urb_specialist)
    assert client.get(url).status_code == 404
