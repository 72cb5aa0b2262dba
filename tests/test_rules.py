"""Who may do what (core.rules), as one table, and the pages and the API answering as the table says.

Each row: the actor, how they stand to the request, where the request stands, the action, the answer.
The requests are taken to their state through the domain functions (the later signature turns are set on
the signature steps directly, as the rules read only whose turn it is); each state is built once and all
its rows are checked, and a failure lists every row answered otherwise.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.documents.models import Document, SignatureStep
from primaria.institutions import services as institutions
from primaria.requests import services
from primaria.requests.models import Request, Status
from primaria.workflow import services as workflow
from primaria.workflow.models import WorkflowTask
from tests.factories import (
    answers_for,
    complete_process_steps,
    pay_fees,
    submitted_request,
    uploads_for,
    waiting_for_an_opinion,
)

pytestmark = pytest.mark.django_db

ADEVERINTA = "adeverinta-nomenclatura-stradala"
COUNTER_CNP = "1900722350036"


def _draft(user, slug=ADEVERINTA):
    service = Service.objects.get(slug=slug)
    draft = services.start_draft(actor=user, party=person_of(user), service=service)
    services.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
    return draft


def _assigned(users, committed):
    request = committed(submitted_request, users.ion)
    committed(services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    return request


def _steps_done(users, committed):
    request = _assigned(users, committed)
    committed(complete_process_steps, request)
    return request


def _signing(users, committed):
    """The answer drafted: Întocmit (the specialist) → Arhitect-șef (the head) → Primar; the specialist's turn."""
    request = _steps_done(users, committed)
    committed(pay_fees, request)
    committed(services.propose, actor=users.urb_specialist, request_id=request.pk, outcome="granted")
    return request


def _turn_of(request, order):
    """The signatures before `order` given, `order` the current one."""
    steps = SignatureStep.objects.filter(document__request=request, document__status="signing")
    steps.filter(order__lt=order).update(status=SignatureStep.Status.SIGNED, acted_at=timezone.now())
    steps.filter(order=order).update(status=SignatureStep.Status.CURRENT)
    steps.filter(order__gt=order).update(status=SignatureStep.Status.WAITING)
    return request


def _delegate(principal, deputy):
    today = timezone.localdate()
    institutions.delegate(actor=principal, principal=principal, deputy=deputy, starts_on=today,
                          ends_on=today + timedelta(days=3), reason="Concediu de odihnă")


def _delegated(request, principal, deputy):
    _delegate(principal, deputy)
    return request


def _opinion_given(users, committed):
    request = waiting_for_an_opinion(users, committed)
    opinion = WorkflowTask.objects.get(request=request, step_id="aviz_itl", status="ready")
    committed(workflow.complete_step, actor=users.itl_specialist, task_id=opinion.pk, outcome="favorabil")
    return request


def _resolved(request):
    """A request closed since (how is beside the point for who may see it)."""
    Request.objects.filter(pk=request.pk).update(status=Status.RESOLVED)
    return request


def _counter(users, committed):
    service = Service.objects.get(slug=ADEVERINTA)
    return committed(services.file_at_counter, actor=users.clerk, service=service, identity={
        "kind": "person", "name": "Vasile Georgescu", "identifier": COUNTER_CNP,
        "address": "Str. Teiului nr. 9, Municipiul Demo"}, answers=answers_for(service), uploads=uploads_for(service))


SCENARIOS = {
    "draft": lambda users, committed: _draft(users.ion),
    "registered": lambda users, committed: committed(submitted_request, users.ion),
    "in_review": _assigned,
    "in_review, steps done": _steps_done,
    "awaiting_applicant": lambda users, committed: committed(
        services.ask_completion, actor=users.urb_specialist, request_id=_assigned(users, committed).pk,
        what="Atașați planul de situație."),
    "withdrawn": lambda users, committed: committed(
        services.withdraw, actor=users.ion, request_id=committed(submitted_request, users.ion).pk),
    "resolved": lambda users, committed: _resolved(_assigned(users, committed)),
    "in_review, opinion asked of ITL": waiting_for_an_opinion,
    "in_review, ITL gave its opinion": _opinion_given,
    "resolved, ITL gave its opinion": lambda users, committed: _resolved(_opinion_given(users, committed)),
    "pending_approval, specialist's turn": _signing,
    "pending_approval, head's turn": lambda users, committed: _turn_of(_signing(users, committed), 1),
    "pending_approval, mayor's turn": lambda users, committed: _turn_of(_signing(users, committed), 2),
    # Delegated after the answer was drafted: the signature steps still name the principal.
    "pending_approval, mayor's turn, delegated to the deputy mayor": lambda users, committed: _delegated(
        _turn_of(_signing(users, committed), 2), users.mayor, users.deputy),
    "pending_approval, head's turn, delegated to the head of ITL": lambda users, committed: _delegated(
        _turn_of(_signing(users, committed), 1), users.urb_head, users.itl_head),
    "registered at the counter": _counter,
}


def build(users, committed, scenario):
    return Request.objects.select_related("service", "applicant", "department", "institution").get(
        pk=SCENARIOS[scenario](users, committed).pk)


def actor_of(users, name):
    if name == "vasile":  # the person filed for at the counter, who opened an account afterwards
        from primaria.accounts import services as accounts

        return accounts.register_person(email="vasile@example.ro", password="o-parola-lunga-2026", first_name="Vasile",
                                        last_name="Georgescu", cnp=COUNTER_CNP,
                                        address="Str. Teiului nr. 9, Municipiul Demo")
    return getattr(users, name)


REQUEST_TABLE = [
    # --- view: the applicant's side ---
    ("ion", "the applicant", "draft", "view", True),
    ("ion", "the applicant", "resolved", "view", True),
    ("maria", "another resident", "registered", "view", False),
    ("maria", "another resident", "draft", "view", False),
    # --- view: the office ---
    ("urb_specialist", "specialist of the competent department", "registered", "view", True),
    ("urb_specialist", "specialist of the competent department", "draft", "view", False),
    ("urb_head", "head of the competent department", "resolved", "view", True),
    ("itl_specialist", "specialist of another department", "registered", "view", False),
    ("itl_head", "head of another department", "in_review", "view", False),
    ("secretary", "secretary general (the whole institution)", "registered", "view", True),
    ("mayor", "mayor (the whole institution)", "in_review", "view", True),
    ("clerk", "registry clerk (the whole institution)", "registered", "view", True),
    ("adp_clerk", "registry clerk of another institution", "registered", "view", False),
    ("itl_specialist", "department asked for an opinion", "in_review, opinion asked of ITL", "view", True),
    ("itl_specialist", "department that gave its opinion", "in_review, ITL gave its opinion", "view", True),
    ("itl_head", "head of the department that gave its opinion", "in_review, ITL gave its opinion", "view", True),
    ("itl_specialist", "department that gave its opinion", "resolved, ITL gave its opinion", "view", True),
    ("itl_head", "deputy of the signer whose turn it is", "pending_approval, head's turn, delegated to the head of ITL",
     "view", True),
    ("itl_head", "another department, no delegation", "pending_approval, head's turn", "view", False),
    # --- take and assign ---
    ("urb_specialist", "specialist of the competent department", "registered", "take", True),
    ("urb_head", "head of the competent department", "registered", "take", True),
    ("urb_specialist", "the assignee", "in_review", "take", False),
    ("urb_head", "head of the competent department", "registered", "assign", True),
    ("urb_head", "head of the competent department", "in_review", "assign", True),
    ("urb_head", "head of the competent department", "withdrawn", "assign", False),
    ("urb_specialist", "specialist of the competent department", "registered", "assign", False),
    ("itl_head", "head of the department asked for an opinion", "in_review, opinion asked of ITL", "assign", False),
    ("itl_head", "head of the department asked for an opinion", "in_review, opinion asked of ITL", "take", False),
    ("itl_specialist", "department asked for an opinion", "in_review, opinion asked of ITL", "take", False),
    ("secretary", "secretary general", "registered", "assign", False),
    ("clerk", "registry clerk", "registered", "take", False),
    # --- the case: asking for completion, drafting the answer, extending the term ---
    ("urb_specialist", "the assignee", "in_review", "ask_completion", True),
    ("urb_head", "head of the competent department", "in_review", "ask_completion", True),
    ("urb_specialist", "the assignee", "awaiting_applicant", "ask_completion", False),
    ("urb_specialist", "specialist, not assigned yet", "registered", "ask_completion", False),
    ("itl_head", "head of the department asked for an opinion", "in_review, opinion asked of ITL", "ask_completion",
     False),
    ("itl_head", "head of the department that gave its opinion", "in_review, ITL gave its opinion", "propose", False),
    ("secretary", "secretary general", "in_review", "ask_completion", False),
    ("ion", "the applicant", "in_review", "ask_completion", False),
    ("urb_specialist", "the assignee, the process's steps open", "in_review", "propose", False),
    ("urb_specialist", "the assignee", "in_review, steps done", "propose", True),
    ("urb_head", "head of the competent department", "in_review, steps done", "propose", True),
    ("itl_head", "head of another department", "in_review, steps done", "propose", False),
    ("urb_specialist", "the assignee, a term the law does not let extend", "in_review", "extend_term", False),
    # --- signing the answer ---
    ("urb_specialist", "first signer (Întocmit)", "pending_approval, specialist's turn", "sign", True),
    ("urb_head", "next signer, not yet their turn", "pending_approval, specialist's turn", "sign", False),
    ("mayor", "last signer, not yet their turn", "pending_approval, specialist's turn", "sign", False),
    ("urb_head", "signer whose turn it is", "pending_approval, head's turn", "sign", True),
    ("urb_head", "signer whose turn it is", "pending_approval, head's turn", "refuse", True),
    ("urb_specialist", "signer who already signed", "pending_approval, head's turn", "refuse", False),
    ("mayor", "signer whose turn it is", "pending_approval, mayor's turn", "sign", True),
    ("deputy", "deputy mayor, no delegation", "pending_approval, mayor's turn", "sign", False),
    ("deputy", "deputy mayor signing p. Primar", "pending_approval, mayor's turn, delegated to the deputy mayor", "sign",
     True),
    ("mayor", "the principal, who delegated", "pending_approval, mayor's turn, delegated to the deputy mayor", "sign",
     True),
    ("secretary", "secretary general, not a signer", "pending_approval, mayor's turn, delegated to the deputy mayor",
     "sign", False),
    ("itl_head", "deputy of the head, another department",
     "pending_approval, head's turn, delegated to the head of ITL", "sign", True),
    ("urb_specialist", "the assignee", "in_review", "sign", False),
    # --- the applicant's own actions ---
    ("ion", "the applicant", "registered", "withdraw", True),
    ("ion", "the applicant", "resolved", "withdraw", False),
    ("maria", "another resident", "registered", "withdraw", False),
    ("urb_head", "head of the competent department", "registered", "withdraw", False),
    ("ion", "the applicant", "awaiting_applicant", "complete", True),
    ("ion", "the applicant", "in_review", "complete", False),
    ("urb_specialist", "the assignee", "awaiting_applicant", "complete", False),
    # --- claiming a request filed on paper at the counter ---
    ("vasile", "the person it was filed for", "registered at the counter", "claim", True),
    ("maria", "a person with another CNP", "registered at the counter", "claim", False),
    ("clerk", "the clerk who filed it", "registered at the counter", "claim", False),
    ("ion", "the applicant, filed online", "registered", "claim", False),
]


def rows_of(table, state):
    return [row for row in table if row[2] == state]


def _check_rows(users, request, rows):
    """The rows of the table that `can` answers otherwise, and the refusals `require` gives without a reason."""
    wrong = []
    for actor, relation, state, action, expected in rows:
        user = actor_of(users, actor)
        if rules.can(user, request, action) is not expected:
            wrong.append(f"{actor} ({relation}), {state}: {action} should be {expected}")
            continue
        if expected:
            rules.require(user, request, action)
        else:
            with pytest.raises((PermissionDenied, DomainError)) as refused:
                rules.require(user, request, action)
            if not " ".join(getattr(refused.value, "messages", [str(refused.value)])).strip():
                wrong.append(f"{actor}, {state}: {action} refused without a reason")
    return wrong


# Each state is built once (through the domain functions, which takes a while) and all its rows are checked.
@pytest.mark.parametrize("state", sorted({row[2] for row in REQUEST_TABLE}))
def test_who_may_do_what_on_a_request(users, committed, state):
    request = build(users, committed, state)
    assert _check_rows(users, request, rows_of(REQUEST_TABLE, state)) == []


def test_a_refusal_for_who_one_is_is_permission_denied_and_for_the_state_a_domain_error(users, committed):
    request = build(users, committed, "in_review")
    with pytest.raises(PermissionDenied):
        rules.require(users.itl_head, request, "assign")
    with pytest.raises(DomainError):
        rules.require(users.urb_head, Request.objects.get(pk=request.pk), "sign")
    with pytest.raises(ValueError):
        rules.can(users.urb_head, request, "no such action")


STEP_TABLE = [
    ("itl_specialist", "department asked for the opinion", "in_review, opinion asked of ITL", "aviz_itl", True),
    ("itl_head", "head of the department asked for the opinion", "in_review, opinion asked of ITL", "aviz_itl", True),
    ("urb_specialist", "the competent department, not asked", "in_review, opinion asked of ITL", "aviz_itl", False),
    ("urb_head", "head of the competent department, not asked", "in_review, opinion asked of ITL", "aviz_itl", False),
    ("itl_specialist", "another department's opinion", "in_review, opinion asked of ITL", "aviz_jur", False),
    ("secretary", "secretary general, the step is not theirs", "in_review, opinion asked of ITL", "aviz_itl", False),
    ("ion", "the applicant", "in_review, opinion asked of ITL", "aviz_itl", False),
    ("urb_specialist", "the assignee, first step", "in_review", "verificare", True),
    ("itl_specialist", "another department", "in_review", "verificare", False),
]


@pytest.mark.parametrize("state", sorted({row[2] for row in STEP_TABLE}))
def test_who_may_complete_a_process_step(users, committed, state):
    request = build(users, committed, state)
    wrong = []
    for actor, relation, _state, step, expected in rows_of(STEP_TABLE, state):
        task = WorkflowTask.objects.select_related("request").get(request=request, step_id=step, status="ready")
        user = getattr(users, actor)
        if not (rules.can(user, task, "complete") is workflow.may_complete(user, task) is expected):
            wrong.append(f"{actor} ({relation}): {step} should be {expected}")
        if (task in workflow.tasks_for(user)) is not expected:
            wrong.append(f"{actor}: {step} {'missing from' if expected else 'listed in'} my steps")
        if expected and not rules.can(user, request, "view"):
            wrong.append(f"{actor}: {step} is theirs but its request answers 404")
    assert wrong == []


def test_a_step_waits_while_the_applicant_completes_the_request(client, users, committed):
    request = build(users, committed, "in_review, opinion asked of ITL")
    client.force_login(users.itl_specialist)
    assert "Închei pasul: Avizul Direcției Impozite" in client.get(f"/birou/cereri/{request.public_id}/").content.decode()
    committed(services.ask_completion, actor=users.urb_specialist, request_id=request.pk,
              what="Atașați planul de situație.")
    task = WorkflowTask.objects.select_related("request").get(request=request, step_id="aviz_itl", status="ready")
    assert rules.can(users.itl_specialist, task, "handle"), "still theirs…"
    assert not rules.can(users.itl_specialist, task, "complete"), "…but not to complete now"
    assert not workflow.may_complete(users.itl_specialist, task)
    assert "Închei pasul" not in client.get(f"/birou/cereri/{request.public_id}/").content.decode()
    assert task in workflow.tasks_for(users.itl_specialist), "listed in my steps, as waiting"
    with pytest.raises(DomainError):
        workflow.complete_step(actor=users.itl_specialist, task_id=task.pk, outcome="favorabil")
    done = WorkflowTask.objects.select_related("request").get(request=request, step_id="verificare")
    with pytest.raises(DomainError):
        rules.require(users.urb_specialist, done, "complete")


def test_an_official_named_for_a_step_opens_the_request_and_completes_it(client, users, committed):
    """A process may name an official of another department for a step: they may complete it, so they see the
    request (and its attachments) to do it."""
    from primaria.workflow import defaults

    service = Service.objects.get(slug=ADEVERINTA)
    workflow.publish(service=service, bpmn_xml=defaults.render_bpmn("numit", service.name, [
        defaults.Step("verificare_fiscala", "Verificarea datelor fiscale", "check",
                      assign="user:itl.specialist@primaria-demo.ro"),
        defaults.Step("semnare", "Semnarea răspunsului", "signature"),
    ]))
    request = committed(submitted_request, users.ion)
    task = WorkflowTask.objects.select_related("request").get(request=request, step_id="verificare_fiscala")
    assert task.assignee == users.itl_specialist and not task.elsewhere
    assert rules.can(users.itl_specialist, task, "complete") and rules.can(users.itl_specialist, request, "view")
    assert not rules.can(users.itl_head, request, "view"), "named: the official, not their department"
    client.force_login(users.itl_specialist)
    assert client.get(f"/birou/cereri/{request.public_id}/").status_code == 200
    document = request.attachments.first().document
    assert client.get(f"/dosar/document/{document.public_id}/").status_code == 200
    response = client.post(f"/birou/pasi/{task.pk}/", {"note": "Datele fiscale corespund."})
    assert response.status_code == 302 and WorkflowTask.objects.get(pk=task.pk).status == "completed"


# --- documents of a folder ----------------------------------------------------------------------------------


def _documents(users, committed):
    """Ion's folder: the attachments of a request in Urbanism (which asks ITL for an opinion), of a request in
    ITL, and of a draft; and the counter scans of a paper request."""
    urbanism = waiting_for_an_opinion(users, committed)
    itl = committed(submitted_request, users.ion, slug="certificat-de-atestare-fiscala")
    draft = _draft(users.ion, slug="certificat-de-atestare-fiscala")
    counter = _counter(users, committed)
    return {
        "urbanism": urbanism.attachments.first().document,
        "itl": itl.attachments.first().document,
        "draft": draft.attachments.first().document,
        "counter": counter.attachments.first().document,
    }


DOCUMENT_TABLE = [
    ("ion", "the owner", "urbanism", True),
    ("ion", "the owner, a draft's attachment", "draft", True),
    ("maria", "another resident", "urbanism", False),
    ("urb_specialist", "official of the department handling the request", "urbanism", True),
    ("urb_specialist", "official, attached to another department's request", "itl", False),
    ("urb_specialist", "official, attached only to a draft", "draft", False),
    ("itl_specialist", "official of the department asked for an opinion", "urbanism", True),
    ("itl_specialist", "official of the department handling the request", "itl", True),
    ("secretary", "the whole institution", "itl", True),
    ("secretary", "the whole institution, a draft's attachment", "draft", False),
    ("clerk", "the clerk who scanned it at the counter", "counter", True),
    ("adp_clerk", "registry clerk of another institution", "urbanism", False),
]


def test_who_may_open_a_document_of_a_folder(client, users, committed):
    documents = _documents(users, committed)
    wrong = []
    for actor, relation, document, expected in DOCUMENT_TABLE:
        user = getattr(users, actor)
        if rules.can(user, documents[document], "view") is not expected:
            wrong.append(f"{actor} ({relation}): {document} should be {expected}")
        client.force_login(user)
        status = client.get(f"/dosar/document/{documents[document].public_id}/").status_code
        if status != (200 if expected else 404):
            wrong.append(f"{actor}: the download of {document} answers {status}")
    assert wrong == []


# --- the pages and the API agree with the table -----------------------------------------------------------------

BUTTONS = {
    "take": 'value="take"', "assign": 'name="action" value="assign"', "ask_completion": 'value="ask_completion"',
    "propose": 'value="propose"', "extend_term": 'value="extend_term"', "sign": 'value="sign"',
    "refuse": 'value="refuse"',
}


@pytest.mark.parametrize("state", ["in_review, opinion asked of ITL", "registered", "in_review, steps done",
                                   "pending_approval, head's turn, delegated to the head of ITL"])
def test_the_office_page_shows_exactly_the_buttons_the_rules_allow(client, users, committed, state):
    request = build(users, committed, state)
    for name in ("urb_specialist", "urb_head", "itl_specialist", "itl_head", "secretary", "mayor"):
        user = getattr(users, name)
        client.force_login(user)
        response = client.get(f"/birou/cereri/{request.public_id}/")
        if not rules.can(user, request, "view"):
            assert response.status_code == 404, name
            continue
        page = response.content.decode()
        for action, marker in BUTTONS.items():
            assert (marker in page) is rules.can(user, request, action), f"{name}, {state}: {action}"


def test_a_head_of_another_department_may_not_assign_nor_handle_the_request(client, users, committed):
    request = build(users, committed, "in_review, opinion asked of ITL")
    itl_head = users.itl_head
    client.force_login(itl_head)
    page = client.get(f"/birou/cereri/{request.public_id}/").content.decode()
    assert "Repartizează către" not in page and "Cer completări" not in page and "Prelungesc termenul" not in page
    response = client.post(f"/birou/cereri/{request.public_id}/",
                           {"action": "assign", "assignee": str(users.urb_specialist.pk)}, follow=True)
    assert "Doar șeful compartimentului" in response.content.decode() or "Nu aveți dreptul" in response.content.decode()

    api = APIClient()
    api.force_authenticate(itl_head)
    url = f"/api/v1/office/requests/{request.public_id}/"
    assert api.get(url).status_code == 200, "they may read it: their opinion is asked"
    assert api.post(url + "assign/", {"assignee": itl_head.pk}, format="json").status_code == 403
    assert api.post(url + "assign/", {"assignee": users.urb_specialist.pk}, format="json").status_code == 403
    assert api.post(url + "ask-completion/", {"what": "Atașați planul de situație."},
                    format="json").status_code == 403
    unchanged = Request.objects.get(pk=request.pk)
    assert unchanged.status == Status.IN_REVIEW and unchanged.assignee_id == users.urb_specialist.pk

    head = APIClient()
    head.force_authenticate(users.urb_head)
    assert head.post(url + "ask-completion/", {"what": "Atașați planul de situație."},
                     format="json").status_code == 200, "the head of the competent department may"


def test_a_department_that_gave_its_opinion_keeps_reading_the_request(client, users, committed):
    request = build(users, committed, "in_review, opinion asked of ITL")
    opinion = WorkflowTask.objects.get(request=request, step_id="aviz_itl", status="ready")
    client.force_login(users.itl_specialist)
    response = client.post(f"/birou/pasi/{opinion.pk}/", {"outcome": "favorabil", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/birou/cereri/{request.public_id}/", "back to the request, still theirs to read"
    assert WorkflowTask.objects.get(pk=opinion.pk).status == "completed"

    page = client.get(f"/birou/cereri/{request.public_id}/")
    assert page.status_code == 200
    assert "Nicio acțiune nu vă revine" in page.content.decode()
    attachment = request.attachments.first().document
    assert client.get(f"/dosar/document/{attachment.public_id}/").status_code == 200

    api = APIClient()
    api.force_authenticate(users.itl_specialist)
    assert api.get(f"/api/v1/office/requests/{request.public_id}/").status_code == 200
    # ...read only: the case stays with Urbanism.
    assert api.post(f"/api/v1/office/requests/{request.public_id}/assign/", {"assignee": users.itl_specialist.pk},
                    format="json").status_code == 403


def test_the_applicants_folder_on_the_office_page_links_only_what_the_official_may_open(client, users, committed):
    documents = _documents(users, committed)
    request = Request.objects.get(attachments__document=documents["urbanism"])
    for name in ("urb_specialist", "itl_specialist", "secretary"):
        user = getattr(users, name)
        client.force_login(user)
        page = client.get(f"/birou/cereri/{request.public_id}/").content.decode()
        folder = page[page.index("Dosarul solicitantului"):]
        links = re.findall(r'href="(/dosar/document/[0-9a-f-]+/)"', folder)
        assert links, name
        for link in links:
            assert client.get(link).status_code == 200, f"{name}: {link}"
        owned = Document.objects.filter(owner=request.applicant)
        shown = {link.split("/")[3] for link in links}
        assert shown == {str(d.public_id) for d in owned if rules.can(user, d, "view")}, name
        assert str(documents["draft"].public_id) not in shown, "a draft's attachment is nobody's business yet"
        assert (str(documents["itl"].public_id) in shown) is (name != "urb_specialist"), name


def test_the_inbox_lists_only_requests_the_official_may_open(client, users, committed):
    from primaria.requests.selectors import inbox

    asked = build(users, committed, "in_review, opinion asked of ITL")
    committed(submitted_request, users.ion, slug="certificat-de-atestare-fiscala")
    for name in ("itl_specialist", "urb_head", "secretary", "clerk"):
        user = getattr(users, name)
        listed = list(inbox(user))
        assert listed, name
        assert all(rules.can(user, request, "view") for request in listed), name
    assert asked in inbox(users.itl_specialist)


def test_the_deputy_of_a_signer_from_another_department_opens_and_signs_the_answer(client, users, committed, pki):
    request = build(users, committed, "pending_approval, specialist's turn")
    committed(services.sign, actor=users.urb_specialist, request_id=request.pk)
    _delegate(users.urb_head, users.itl_head)
    client.force_login(users.itl_head)
    page = client.get(f"/birou/cereri/{request.public_id}/")
    assert page.status_code == 200 and 'value="sign"' in page.content.decode()
    response = client.post(f"/birou/cereri/{request.public_id}/", {"action": "sign"})
    assert response.status_code == 302
    step = SignatureStep.objects.get(document__request=request, order=1, document__status="signing")
    assert step.status == "signed" and step.signed_by == users.itl_head
    assert client.get(f"/birou/cereri/{request.public_id}/").status_code == 200, "they keep reading what they signed"
    client.force_login(users.urb_head)
    assert 'value="sign"' not in client.get(f"/birou/cereri/{request.public_id}/").content.decode()


def test_the_applicants_page_offers_what_the_applicant_may_do(client, users, committed):
    client.force_login(users.ion)
    open_request = build(users, committed, "awaiting_applicant")
    page = client.get(f"/cereri/{open_request.public_id}/").content.decode()
    assert "Trimite completările" in page and "Retrage cererea" in page
    closed = build(users, committed, "resolved")
    page = client.get(f"/cereri/{closed.public_id}/").content.decode()
    assert "Trimite completările" not in page and "Retrage cererea" not in page


# --- the rule on reasons ---------------------------------------------------------------------------------------

BAD_REASONS = ["", "          ", "scurt", "a    b    c", "..........", "1234567890", "\n\n\n\n\n\n\n\n\n\n\nx"]


@pytest.mark.parametrize("reason", BAD_REASONS)
def test_a_reason_must_say_something(reason):
    with pytest.raises(DomainError) as refused:
        rules.require_reason(reason, field="reason", what="Motivați refuzul", to_applicant=True)
    assert refused.value.message_dict == {
        "reason": ["Motivați refuzul (cel puțin 10 caractere); textul ajunge la solicitant."]}
    assert rules.require_reason("  Lipsește planul.  ", field="reason", what="Motivați") == "Lipsește planul."


def _ask_completion(users, request, reason):
    services.ask_completion(actor=users.urb_specialist, request_id=request.pk, what=reason)


def _reject(users, request, reason):
    services.propose(actor=users.urb_specialist, request_id=request.pk, outcome="rejected", resolution=reason)


def _refuse_to_sign(users, request, reason):
    services.refuse(actor=users.urb_specialist, request_id=request.pk, reason=reason)


def _unfavourable_opinion(users, request, reason):
    task = WorkflowTask.objects.get(request=request, step_id="aviz_itl", status="ready")
    workflow.complete_step(actor=users.itl_specialist, task_id=task.pk, outcome="nefavorabil", note=reason)


def _extend(users, request, reason):
    services.extend_term(actor=users.reg_specialist, request_id=request.pk, days=10, reason=reason)


def _petition(users, committed):
    request = committed(submitted_request, users.ion, slug="petitie")
    committed(services.assign, actor=users.reg_head, request_id=request.pk, assignee=users.reg_specialist)
    return request


WITH_REASONS = [
    ("ask_completion", _assigned, _ask_completion, "what"),
    ("propose rejected", _steps_done, _reject, "resolution"),
    ("refuse to sign", _signing, _refuse_to_sign, "reason"),
    ("unfavourable opinion", waiting_for_an_opinion, _unfavourable_opinion, "note"),
    ("extend_term", _petition, _extend, "reason"),
]


@pytest.mark.parametrize(("name", "scenario", "act", "field"), WITH_REASONS, ids=[w[0] for w in WITH_REASONS])
@pytest.mark.parametrize("reason", ["a    b    c", ".........."])
def test_every_reason_follows_the_one_rule_and_nothing_is_saved(users, committed, name, scenario, act, field, reason):
    from primaria.requests.models import TimelineEvent

    request = scenario(users, committed)
    before = (Request.objects.get(pk=request.pk).status, TimelineEvent.objects.filter(request=request).count())
    with pytest.raises(DomainError) as refused:
        act(users, request, reason)
    assert set(refused.value.message_dict) == {field}
    assert "cel puțin 10 caractere" in refused.value.message_dict[field][0]
    after = (Request.objects.get(pk=request.pk).status, TimelineEvent.objects.filter(request=request).count())
    assert after == before, "nothing half-saved"
    act(users, request, "Lipsește planul de situație la scara 1:500.")
