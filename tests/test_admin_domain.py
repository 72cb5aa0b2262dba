"""The admin changes nothing behind the domain's back.

Legal records (the register, requests and their history, issued documents, the audit log, the archive,
process history) are never deleted, from the admin or from code. Positions and delegations added or
ended in the admin go through primaria.institutions.services: one mayor, one secretary general and one
head per department, no overlapping delegations, an audit entry for every change, a Romanian message on
the form for every refusal.
"""

from datetime import timedelta

import pytest
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from primaria.archive import services as archive
from primaria.archive.demo import load_nomenclator
from primaria.archive.models import ArchiveDocument, ArchiveUnit, UnitKind
from primaria.audit.models import AuditEntry
from primaria.core.models import DeletionForbidden
from primaria.documents.models import Document, OutgoingDocument, SignatureStep
from primaria.institutions import services as institutions
from primaria.institutions.models import Delegation, Department, Position, Role
from primaria.registry.models import RegistryEntry
from primaria.requests import services
from primaria.requests.models import Attachment, Request, TimelineEvent
from primaria.workflow.models import ProcessInstance, WorkflowTask
from tests.factories import complete_process_steps, pay_fees, pdf_file, submitted_request

pytestmark = pytest.mark.django_db


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(client, users):
    client.force_login(users.admin)
    return client


@pytest.fixture
def answered(users, committed):
    """A filed request whose process ran and whose answer waits for signatures: a registry entry, a timeline,
    attachments, process steps, an outgoing document with its signature steps, audit entries."""
    request = committed(submitted_request, users.ion)
    committed(services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    complete_process_steps(request)
    pay_fees(request)
    committed(services.propose, actor=users.urb_specialist, request_id=request.pk, outcome="granted")
    return Request.objects.get(pk=request.pk)


@pytest.fixture
def archived(city):
    entry = next(iter(load_nomenclator(city)))
    unit = ArchiveUnit.objects.create(institution=city, entry=entry, year=2020, kind=UnitKind.FILE, title=entry.title,
                                      retention_years=entry.retention_years, page_count=1)
    archive._create_document(
        natural_key="test:admin", institution=city, unit=unit, department=entry.department, source="scan",
        title="Dosar de test", doc_type="Test", issuer="Test", holder="Test", retention_years=unit.retention_years,
        sha256="0" * 64, page_count=1, text_status="done",
    )
    return unit


# Each kept model and how to find one of its rows from the fixtures above.
KEPT = {
    "registry entry": (RegistryEntry, lambda r: r.registry_entry),
    "outbound registry entry": (RegistryEntry, lambda r: r.outbound_entry),
    "request": (Request, lambda r: r),
    "timeline event": (TimelineEvent, lambda r: r.timeline.first()),
    "attachment of a filed request": (Attachment, lambda r: r.attachments.first()),
    "attached document": (Document, lambda r: r.attachments.first().document),
    "issued document": (OutgoingDocument, lambda r: r.outgoing_documents.first()),
    "signature step": (SignatureStep, lambda r: SignatureStep.objects.filter(document__request=r).first()),
    "audit entry": (AuditEntry, lambda r: AuditEntry.objects.filter(object_id=str(r.pk)).first()),
    "process": (ProcessInstance, lambda r: r.process),
    "process step": (WorkflowTask, lambda r: r.workflow_tasks.first()),
}


@pytest.mark.parametrize("name", KEPT)
def test_legal_records_refuse_deletion_from_code(answered, name):
    model, pick = KEPT[name]
    record = pick(answered)
    assert record is not None
    with pytest.raises(DeletionForbidden, match="se păstrează potrivit legii"):
        record.delete()
    with pytest.raises(DeletionForbidden):
        model.objects.filter(pk=record.pk).delete()
    with pytest.raises(DeletionForbidden):
        model.objects.all().delete()
    assert model.objects.filter(pk=record.pk).exists()


def test_a_requests_history_cannot_be_deleted_through_its_related_lists(answered):
    with pytest.raises(DeletionForbidden):
        answered.timeline.all().delete()
    with pytest.raises(DeletionForbidden):
        answered.attachments.all().delete()
    with pytest.raises(DeletionForbidden):
        answered.workflow_tasks.all().delete()
    assert answered.timeline.exists() and answered.attachments.exists() and answered.workflow_tasks.exists()


def test_archive_units_and_documents_refuse_deletion(archived):
    document = archived.documents.get()
    for record in (archived, document):
        with pytest.raises(DeletionForbidden):
            record.delete()
        with pytest.raises(DeletionForbidden):
            type(record).objects.filter(pk=record.pk).delete()
    assert ArchiveUnit.objects.filter(pk=archived.pk).exists() and ArchiveDocument.objects.filter(pk=document.pk).exists()


def test_only_kept_rows_are_refused(users, city):
    """An upload nobody used and a draft's attachment are not records yet: they can still go."""
    from primaria.accounts.selectors import person_of
    from primaria.catalog.models import Service
    from primaria.documents.services import store_document

    loose = store_document(owner=person_of(users.ion), institution=city, uploaded=pdf_file(),
                           source=Document.Source.UPLOADED)
    loose.delete()
    assert not Document.objects.filter(pk=loose.pk).exists()

    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)
    attached = store_document(owner=person_of(users.ion), institution=city, uploaded=pdf_file(),
                              source=Document.Source.UPLOADED)
    Attachment.objects.create(request=draft, document=attached, field_name="test")
    draft.attachments.all().delete()
    assert not draft.attachments.exists()


@pytest.mark.parametrize("name", ["registry entry", "request", "issued document", "audit entry",
                                  "attached document", "process", "process step"])
def test_the_admin_delete_page_answers_403_and_deletes_nothing(admin_client, answered, name):
    model, pick = KEPT[name]
    record = pick(answered)
    url = _url(model, "delete", record.pk)
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()
    # Not by the admin, and not by code either.
    with pytest.raises(DeletionForbidden):
        record.delete()


@pytest.mark.parametrize("model", [Request, OutgoingDocument, Document, ProcessInstance, WorkflowTask],
                         ids=lambda m: m._meta.model_name)
def test_the_bulk_delete_action_is_not_offered(admin_client, users, answered, model):
    page = admin_client.get(_url(model, "changelist"))
    assert page.status_code == 200 and 'value="delete_selected"' not in page.content.decode()
    request = RequestFactory().get("/")
    request.user = users.admin
    assert "delete_selected" not in django_admin.site._registry[model].get_actions(request)
    pks = list(model.objects.values_list("pk", flat=True))
    admin_client.post(_url(model, "changelist"), {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert model.objects.count() == len(pks)


def test_the_signature_steps_shown_with_an_issued_document_cannot_be_edited(users, answered):
    from primaria.documents.admin import OutgoingDocumentAdmin, SignatureStepInline

    inline = SignatureStepInline(OutgoingDocument, django_admin.site)
    request = RequestFactory().get("/")
    request.user = users.admin
    document = answered.outgoing_documents.first()
    formset = inline.get_formset(request, document)
    editable = set(formset.form.base_fields) - {"document"}  # the link to the parent
    assert not editable, f"editable in the admin: {editable}"
    assert not formset.can_delete
    assert not OutgoingDocumentAdmin(OutgoingDocument, django_admin.site).has_delete_permission(request, document)


# --- positions -----------------------------------------------------------------------------------------------


def _department(code, institution="PMD"):
    return Department.objects.get(code=code.lower(), institution__code=institution)


def _position_form(user, department, role, function):
    return {"user": user.pk, "department": department.pk, "role": role, "function": function}


def test_a_position_added_in_the_admin_is_assigned_by_the_domain_with_an_audit_entry(admin_client, users):
    department = _department("URB")
    response = admin_client.post(_url(Position, "add"),
                                 _position_form(users.maria, department, Role.SPECIALIST, "Inspector de specialitate"))
    assert response.status_code == 302
    position = Position.objects.get(user=users.maria, department=department, role=Role.SPECIALIST)
    assert position.active and position.function == "Inspector de specialitate"
    entry = AuditEntry.objects.get(action="institutions.assign_position", object_id=str(position.pk))
    assert entry.actor == users.admin and entry.object_type == "institutions.position"
    assert entry.data["role"] == Role.SPECIALIST and entry.institution_id == department.institution_id


@pytest.mark.parametrize("role, code, holder", [
    (Role.MAYOR, "SG", "Mihai Constantinescu"),  # one per institution, whatever the department
    (Role.SECRETARY_GENERAL, "CAB", "Adrian Stoica"),
    (Role.HEAD, "URB", "Radu Enache"),  # one per department
])
def test_a_second_holder_of_a_single_holder_role_is_refused_on_the_form(admin_client, users, role, code, holder):
    before = (Position.objects.count(), AuditEntry.objects.count())
    response = admin_client.post(_url(Position, "add"), _position_form(users.maria, _department(code), role, "Titlu"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "are deja" in page and holder in page and "Încheiați mai întâi funcția acestuia" in page
    assert (Position.objects.count(), AuditEntry.objects.count()) == before


def test_single_holder_roles_are_counted_where_they_are_unique(admin_client, users):
    """A head in another department, or one in the subordinate institution, is not a second head."""
    response = admin_client.post(_url(Position, "add"),
                                 _position_form(users.maria, _department("REG", "ADP"), Role.HEAD, "Șef birou"))
    assert response.status_code == 302
    assert Position.objects.filter(user=users.maria, role=Role.HEAD, active=True).exists()
    response = admin_client.post(_url(Position, "add"),
                                 _position_form(users.ion, _department("REG", "ADP"), Role.HEAD, "Șef birou"))
    assert response.status_code == 200 and "Compartimentul are deja un șef în funcție" in response.content.decode()


def test_a_new_mayor_is_named_once_the_old_one_is_ended(admin_client, users):
    mayor = Position.objects.get(user=users.mayor, role=Role.MAYOR)
    response = admin_client.post(_url(Position, "delete", mayor.pk), {"post": "yes"})
    assert response.status_code == 302
    mayor.refresh_from_db()
    assert mayor.active is False  # ended, not deleted
    assert AuditEntry.objects.filter(action="institutions.end_position", object_id=str(mayor.pk)).exists()
    response = admin_client.post(_url(Position, "add"), _position_form(users.maria, _department("CAB"), Role.MAYOR, "Primar"))
    assert response.status_code == 302
    assert Position.objects.get(role=Role.MAYOR, active=True).user == users.maria
    # The old mayor cannot come back while the new one holds the office.
    response = admin_client.post(_url(Position, "change", mayor.pk), {"function": "Primar", "active": "on"})
    assert response.status_code == 200 and "Instituția are deja un primar în funcție" in response.content.decode()
    mayor.refresh_from_db()
    assert mayor.active is False


def test_the_delete_page_of_a_position_ends_it_and_says_so(admin_client, users):
    position = Position.objects.get(user=users.urb_specialist, role=Role.SPECIALIST)
    page = admin_client.get(_url(Position, "delete", position.pk)).content.decode()
    assert "Încheiați funcția" in page and "rămâne în istoric" in page
    admin_client.post(_url(Position, "delete", position.pk), {"post": "yes"})
    assert Position.objects.filter(pk=position.pk, active=False).exists()


def test_unticking_active_ends_the_position_through_the_domain(admin_client, users):
    position = Position.objects.get(user=users.urb_specialist, role=Role.SPECIALIST)
    response = admin_client.post(_url(Position, "change", position.pk), {"function": position.function})
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.active is False
    assert AuditEntry.objects.filter(action="institutions.end_position", object_id=str(position.pk)).exists()


def test_who_holds_what_cannot_be_rewritten_on_an_existing_position(admin_client, users):
    position = Position.objects.get(user=users.urb_specialist, role=Role.SPECIALIST)
    admin_client.post(_url(Position, "change", position.pk), {
        "user": users.maria.pk, "department": _department("ITL").pk, "role": Role.MAYOR,
        "function": "Inspector principal", "active": "on",
    })
    position.refresh_from_db()
    assert (position.user, position.department.code, position.role) == (users.urb_specialist, "urb", Role.SPECIALIST)
    assert position.function == "Inspector principal"
    assert AuditEntry.objects.filter(action="institutions.assign_position", object_id=str(position.pk),
                                     data__function="Inspector principal").exists()


def test_the_bulk_action_ends_positions_instead_of_deleting_them(admin_client, users):
    pks = list(Position.objects.filter(department__code="urb", department__institution__code="PMD")
               .values_list("pk", flat=True))
    page = admin_client.get(_url(Position, "changelist")).content.decode()
    assert 'value="delete_selected"' not in page and 'value="close_selected"' in page
    admin_client.post(_url(Position, "changelist"), {"action": "close_selected", "_selected_action": pks})
    assert Position.objects.filter(pk__in=pks, active=False).count() == len(pks)
    assert AuditEntry.objects.filter(action="institutions.end_position").count() == len(pks)


def test_only_the_it_admin_changes_positions(client, users):
    from django.contrib.auth.models import Permission

    head = users.urb_head
    head.is_staff = True
    head.save(update_fields=["is_staff"])
    head.user_permissions.set(Permission.objects.filter(content_type__app_label="institutions"))
    client.force_login(head)
    response = client.post(_url(Position, "add"),
                           _position_form(users.maria, _department("URB"), Role.SPECIALIST, "Inspector"))
    assert response.status_code == 200 and "Doar administratorul IT" in response.content.decode()
    assert not Position.objects.filter(user=users.maria).exists()


def test_a_refusal_met_only_under_the_lock_rolls_everything_back_without_an_error_page(admin_client, users,
                                                                                       monkeypatch):
    """Another admin named a mayor between the form's check and the save: the save is refused whole."""
    from django import forms

    from primaria.institutions.admin import PositionForm

    monkeypatch.setattr(PositionForm, "clean", forms.ModelForm.clean)  # the form's check saw no mayor yet
    before = (Position.objects.count(), AuditEntry.objects.count())
    response = admin_client.post(_url(Position, "add"), _position_form(users.maria, _department("CAB"), Role.MAYOR, "Primar"),
                                 follow=True)
    assert response.status_code == 200
    assert "Instituția are deja un primar în funcție" in response.content.decode()
    assert (Position.objects.count(), AuditEntry.objects.count()) == before


# --- delegations ---------------------------------------------------------------------------------------------


def _delegation_form(principal, deputy, start, end, capacity=""):
    return {"principal": principal.pk, "deputy": deputy.pk, "starts_on": start.isoformat(), "ends_on": end.isoformat(),
            "capacity": capacity, "reason": "Concediu de odihnă"}


def test_an_overlapping_delegation_is_refused_on_the_admin_form(admin_client, users):
    today = timezone.localdate()
    institutions.grant_delegation(actor=users.mayor, principal=users.mayor, deputy=users.deputy,
                                  starts_on=today, ends_on=today + timedelta(days=5))
    before = (Delegation.objects.count(), AuditEntry.objects.count())
    response = admin_client.post(_url(Delegation, "add"), _delegation_form(
        users.mayor, users.secretary, today + timedelta(days=3), today + timedelta(days=10)))
    assert response.status_code == 200
    assert "Există deja o delegare a titularului care se suprapune cu această perioadă." in response.content.decode()
    assert (Delegation.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("start, end, message", [
    (0, -1, "Data de sfârșit nu poate fi înaintea datei de început."),
    (-5, -2, "Perioada delegării s-a încheiat deja."),
])
def test_a_delegation_with_a_bad_period_is_refused_on_the_admin_form(admin_client, users, start, end, message):
    today = timezone.localdate()
    response = admin_client.post(_url(Delegation, "add"), _delegation_form(
        users.mayor, users.deputy, today + timedelta(days=start), today + timedelta(days=end)))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Delegation.objects.exists()


def test_a_delegation_to_someone_outside_the_institution_is_refused(admin_client, users):
    today = timezone.localdate()
    response = admin_client.post(_url(Delegation, "add"), _delegation_form(
        users.mayor, users.maria, today, today + timedelta(days=2)))
    assert response.status_code == 200
    assert "Înlocuitorul trebuie să fie funcționar al instituției." in response.content.decode()
    assert not Delegation.objects.exists()


def test_a_delegation_added_in_the_admin_is_granted_by_the_domain(admin_client, users):
    today = timezone.localdate()
    response = admin_client.post(_url(Delegation, "add"), _delegation_form(
        users.mayor, users.deputy, today, today + timedelta(days=2)))
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.capacity == "p. Primar, Viceprimar" and delegation.created_by == users.admin
    assert AuditEntry.objects.filter(action="institutions.delegate", object_id=str(delegation.pk)).exists()


def test_deleting_a_delegation_in_the_admin_revokes_it(admin_client, users):
    today = timezone.localdate()
    delegation = institutions.grant_delegation(actor=users.mayor, principal=users.mayor, deputy=users.deputy,
                                               starts_on=today, ends_on=today + timedelta(days=5))
    page = admin_client.get(_url(Delegation, "delete", delegation.pk)).content.decode()
    assert "Revocați delegarea" in page
    assert admin_client.post(_url(Delegation, "delete", delegation.pk), {"post": "yes"}).status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked is True
    assert AuditEntry.objects.filter(action="institutions.revoke_delegation", object_id=str(delegation.pk)).exists()
    # The period is free again for a new delegation.
    response = admin_client.post(_url(Delegation, "add"), _delegation_form(
        users.mayor, users.deputy, today + timedelta(days=1), today + timedelta(days=3)))
    assert response.status_code == 302


def test_a_given_delegation_is_not_rewritten_in_the_admin(admin_client, users):
    today = timezone.localdate()
    delegation = institutions.grant_delegation(actor=users.mayor, principal=users.mayor, deputy=users.deputy,
                                               starts_on=today, ends_on=today + timedelta(days=5))
    admin_client.post(_url(Delegation, "change", delegation.pk), {
        **_delegation_form(users.mayor, users.secretary, today, today + timedelta(days=30), "p. Primar, altcineva"),
        "created_by": users.admin.pk,
    })
    delegation.refresh_from_db()
    assert (delegation.deputy, delegation.ends_on, delegation.capacity, delegation.revoked) == (
        users.deputy, today + timedelta(days=5), "p. Primar, Viceprimar", False)
