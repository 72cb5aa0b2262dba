"""The durable core: what a change implies is recorded with it and carried out at least once, nothing slow
runs under a lock, no cache can fail a change or keep a revoked right, and no thread shares another's files."""

import ast
import threading
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from primaria.catalog.models import Service
from primaria.documents.models import Document
from primaria.outbox import runner
from primaria.outbox import services as outbox
from primaria.outbox.models import Delivery, Event
from primaria.requests import services
from primaria.requests.models import Request, Status
from tests.factories import answers_for, pdf_file, propose_and_sign, submitted_request, uploads_for

ROOT = Path(__file__).resolve().parents[1]
SLUG = "adeverinta-nomenclatura-stradala"


# --- the outbox -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_events_of_a_change_commit_with_it_or_not_at_all(users):
    with mock.patch.object(outbox, "wake"):  # no worker: only what is recorded counts
        request = submitted_request(users.ion)
    events = list(Event.objects.filter(subject_type="requests.request", subject_id=str(request.pk))
                  .values_list("name", flat=True).order_by("pk"))
    assert events[-1] == "request.submit" and "request.save_draft" in events
    handlers = set(Delivery.objects.filter(event__name="request.submit", event__subject_id=str(request.pk))
                   .values_list("handler", flat=True))
    assert {"workflow.start", "requests.renew_lists"} <= handlers
    assert Delivery.objects.filter(handler="notifications.deliver", status="pending").exists()

    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.withdraw(actor=users.ion, request_id=request.pk, reason="Nu mai am nevoie.")
        raise RuntimeError("the change rolls back")
    assert Event.objects.count() == before and Request.objects.get(pk=request.pk).status == Status.REGISTERED


@pytest.mark.django_db
def test_a_failing_effect_never_fails_the_change_and_is_retried_until_done(users, client,
                                                                          django_capture_on_commit_callbacks):
    request = submitted_request(users.ion)
    client.force_login(users.ion)
    with mock.patch("primaria.workflow.services.follow_request", side_effect=RuntimeError("motorul a căzut")), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cereri/{request.public_id}/", {"action": "withdraw", "reason": "Nu mai am nevoie."})
    assert response.status_code in (200, 302)
    assert Request.objects.get(pk=request.pk).status == Status.WITHDRAWN
    follow = Delivery.objects.get(handler="workflow.follow", event__name="request.withdraw")
    assert follow.status == Delivery.Status.PENDING and "motorul a căzut" in follow.last_error
    assert follow.available_at > timezone.now() and follow.attempts == 1
    # The other effects of the same change were not skipped because one failed.
    archive = Delivery.objects.get(handler="archive.request", event__name="request.withdraw")
    assert (archive.status == Delivery.Status.DONE or archive.waiting) and "motorul" not in archive.last_error
    # The lists' backstop falls due a minute later, for the periodic sweep (the web process renewed them).
    renew = Delivery.objects.get(handler="requests.renew_lists", event__name="request.withdraw")
    assert renew.status == Delivery.Status.PENDING and renew.attempts == 0
    assert renew.available_at > timezone.now() + timedelta(seconds=30)
    Delivery.objects.filter(pk=follow.pk).update(available_at=timezone.now())
    runner.drain()
    follow.refresh_from_db()
    renew.refresh_from_db()
    assert follow.status == Delivery.Status.DONE and follow.attempts == 2
    assert renew.status == Delivery.Status.DONE


@pytest.mark.django_db
def test_failed_and_waiting_effects_show_on_the_health_page(users, admin_client):
    with mock.patch.object(outbox, "wake"):
        submitted_request(users.ion)
    Delivery.objects.filter(handler="workflow.start").update(status=Delivery.Status.FAILED, attempts=10,
                                                             last_error="RuntimeError: x")
    page = admin_client.get("/admin/sanatate/")
    assert page.status_code == 200
    assert "1 eșuate definitiv" in page.content.decode()


# --- caches ---------------------------------------------------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """The shared cache is Redis on a port where nothing listens."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "primaria.core.cache.SharedRedisCache",
                                                      "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    yield
    # settings restored by the fixture; the cache handler is reset by Django's setting_changed signal


@pytest.mark.django_db
def test_with_the_cache_down_filings_and_pages_still_work_and_lose_nothing(users, client, cache_down,
                                                                         django_capture_on_commit_callbacks):
    from django.core.cache import caches

    assert caches["default"].get("x", "absent") == "absent"  # answers, though nothing listens
    client.force_login(users.ion)
    with django_capture_on_commit_callbacks(execute=True):
        request = submitted_request(users.ion)
    assert request.status == Status.REGISTERED and request.reference
    assert client.get("/cereri/").status_code == 200
    assert request.reference in client.get("/cereri/").content.decode()
    client.force_login(users.urb_head)
    assert client.get("/birou/").status_code == 200
    runner.drain()  # the lists' backstop falls due a minute later: run it now, with the cache still down
    assert Delivery.objects.filter(event__subject_id=str(request.pk)).exclude(status="done").count() == 0


@pytest.mark.django_db(transaction=True)
def test_nothing_is_written_to_a_cache_inside_a_domain_transaction(city, users):
    from django.core.cache import caches

    writes = []
    backend = caches["default"]

    def spy(name):
        original = getattr(backend, name)

        def call(*args, **kwargs):
            writes.append((name, connection.in_atomic_block, args[0] if args else None))
            return original(*args, **kwargs)

        return call

    with mock.patch.multiple(backend, **{name: spy(name) for name in
                                         ("set", "set_many", "add", "delete", "delete_many", "incr", "touch")}):
        request = submitted_request(users.ion)
        services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    inside = [w for w in writes if w[1]]
    assert not inside, f"cache written inside a transaction: {inside[:5]}"
    assert writes, "the lists are renewed after the commit"


def test_no_cached_model_is_changed_by_update_or_bulk_writes_outside_the_sanctioned_places():
    """Rows that caches follow (requests.signals, workflow.selectors.ASKED, documents.selectors.SIGNING) are
    changed through save() or followed by the renewal of their cache; a QuerySet.update(), bulk_create() or
    bulk_update() on them elsewhere would leave a page stale. A new one must be reviewed and added here."""
    cached = {"Request", "Party", "Service", "WorkflowTask", "OutgoingDocument", "SignatureStep", "Delegation"}
    sanctioned = {
        # (file, model): why it is safe
        ("primaria/workflow/services.py", "WorkflowTask"),  # followed by ASKED.changed() in the same function
        ("primaria/documents/issuing.py", "SignatureStep"),  # followed by SIGNING.changed()
        ("primaria/demo/history.py", "Party"),  # the demo's past, followed by INBOX/MINE.changed(EVERYONE)
        ("primaria/demo/history.py", "Request"),
    }
    found = []
    for path in sorted((ROOT / "primaria").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("update", "bulk_create", "bulk_update")):
                continue
            chain, base = node.func.value, None
            while isinstance(chain, ast.Call | ast.Attribute):
                if isinstance(chain, ast.Attribute) and chain.attr == "objects" and isinstance(chain.value, ast.Name):
                    base = chain.value.id
                    break
                chain = chain.func if isinstance(chain, ast.Call) else chain.value
            if base in cached and (str(path.relative_to(ROOT)), base) not in sanctioned:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {base}.objects…{node.func.attr}()")
    assert not found, "changes that bypass the caches' renewal:\n" + "\n".join(found)


@pytest.mark.django_db
def test_a_revoked_position_is_refused_by_the_next_write(users, client):
    from primaria.institutions.models import Position

    request = submitted_request(users.ion)
    client.force_login(users.urb_head)
    assert client.get("/birou/").status_code == 200  # signed in, positions read
    Position.objects.filter(user=users.urb_head).update(active=False)  # revoked by a bulk write, no signal at all
    response = client.post(f"/birou/cereri/{request.public_id}/", {"action": "assign", "assignee": users.urb_specialist.pk})
    assert response.status_code in (403, 404)
    assert Request.objects.get(pk=request.pk).assignee_id is None


# --- files and threads ---------------------------------------------------------------------------------------


def _bad_file(name="rau.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"nu este un pdf, doar text", content_type="application/pdf")


@pytest.mark.django_db(transaction=True)
def test_concurrent_drafts_with_failing_files_lose_no_file_and_leave_no_orphan(city, users, settings):
    service = Service.objects.get(slug=SLUG)
    person = users.ion.person
    drafts = [services.start_draft(actor=users.ion, party=person, service=service).pk for _ in range(16)]
    slots = list(uploads_for(service))
    errors = []

    def save(n, pk):
        try:
            uploads = uploads_for(service)
            if n % 2:
                uploads[slots[-1]] = _bad_file()
            try:
                services.save_draft(actor=users.ion, request_id=pk, answers=answers_for(service), uploads=uploads)
            except Exception as exc:  # noqa: BLE001
                if n % 2 == 0:
                    errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n, pk)) for n, pk in enumerate(drafts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    documents = list(Document.objects.filter(attachments__request_id__in=drafts))
    assert len(documents) == 8 * len(slots)
    for document in documents:
        assert document.file.storage.exists(document.file.name), f"the file of {document.pk} was lost"
    stored = {str(p.relative_to(settings.MEDIA_ROOT)) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert stored == {d.file.name for d in Document.objects.all() if d.file}, "orphan files were left behind"


@pytest.mark.django_db(transaction=True)
def test_no_lock_or_transaction_is_held_while_a_pdf_is_rendered_or_signed_or_mail_is_sent(city, users, pki, mailbox):
    from primaria.documents import issuing
    from primaria.notifications.channels import EmailChannel
    from primaria.signing import services as signing

    seen = []

    def watch(label, function):
        def call(*args, **kwargs):
            seen.append((label, connection.in_atomic_block))
            return function(*args, **kwargs)

        return call

    request = submitted_request(users.ion)
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    runner.drain()
    with mock.patch.object(issuing, "render_pdf", watch("render", issuing.render_pdf)), \
            mock.patch.object(signing, "sign_pdf", watch("sign", signing.sign_pdf)), \
            mock.patch.object(signing, "finalize", watch("finalize", signing.finalize)), \
            mock.patch.object(EmailChannel, "send", watch("smtp", EmailChannel.send)):
        resolved = propose_and_sign(request, users.urb_specialist)
        runner.drain()
    assert resolved.status == Status.RESOLVED
    labels = {label for label, _ in seen}
    assert {"render", "sign", "finalize", "smtp"} <= labels
    assert not [entry for entry in seen if entry[1]], f"slow work inside a transaction: {seen}"


# --- registration -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_registration_time_is_read_while_the_number_is_held(users):
    from primaria.registry import services as registry

    taken_at = []
    original = registry._take_number

    def take(institution, year):
        number = original(institution, year)
        taken_at.append(timezone.now())
        return number

    with mock.patch.object(registry, "_take_number", take):
        request = submitted_request(users.ion)
    entry = request.registry_entry
    assert entry.registered_at >= taken_at[0], "the time was read before the number was taken"
    assert request.submitted_at == entry.registered_at


@pytest.mark.django_db
def test_a_submit_repeated_after_a_lost_answer_gets_the_same_registration(users, client):
    service = Service.objects.get(slug=SLUG)
    draft = services.start_draft(actor=users.ion, party=users.ion.person, service=service)
    services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
    first = services.submit(actor=users.ion, request_id=draft.pk)
    again = services.submit(actor=users.ion, request_id=draft.pk)
    assert again.reference == first.reference and again.registry_entry_id == first.registry_entry_id
    client.force_login(users.ion)
    page = client.post(f"/cereri/{draft.public_id}/verificare/", follow=True)
    assert page.status_code == 200 and first.reference in page.content.decode()
    api = client.post(f"/api/v1/requests/{draft.public_id}/submit/")
    assert api.status_code == 200 and api.json()["reference"] == first.reference
    assert Request.objects.get(pk=draft.pk).timeline.filter(action="submit").count() == 1


@pytest.mark.django_db
def test_an_unsound_file_stores_nothing_and_a_sound_one_goes_in(users, settings):
    service = Service.objects.get(slug=SLUG)
    draft = services.start_draft(actor=users.ion, party=users.ion.person, service=service)
    slot = next(iter(uploads_for(service)))
    before = Document.objects.count()
    with pytest.raises(Exception) as refused:
        services.save_draft(actor=users.ion, request_id=draft.pk, answers={}, uploads={slot: _bad_file()})
    assert "nu" in str(refused.value).lower()
    assert Document.objects.count() == before and not list(Path(settings.MEDIA_ROOT).rglob("upload*"))
    services.save_draft(actor=users.ion, request_id=draft.pk, answers={}, uploads={slot: pdf_file()})
    assert Document.objects.count() == before + 1


@pytest.mark.django_db
def test_the_sweep_takes_back_what_a_dead_worker_of_this_machine_held(users):
    with mock.patch.object(outbox, "wake"):
        request = submitted_request(users.ion)
    start = Delivery.objects.get(handler="workflow.start", event__subject_id=str(request.pk))
    dead = 2 ** 22 + 12345  # beyond the kernel's default pid range: no such process
    Delivery.objects.filter(pk=start.pk).update(status=Delivery.Status.RUNNING, attempts=1,
                                                worker=f"{runner.HOST}:{dead}:1:abc",
                                                lease_until=timezone.now() + timedelta(minutes=5))
    assert start.pk in runner.due()
    runner.drain()
    start.refresh_from_db()
    assert start.status == Delivery.Status.DONE and start.attempts == 2
    cache.clear()


@pytest.mark.django_db
def test_done_deliveries_are_forgotten_after_the_retention_and_failed_ones_are_kept(users):
    with mock.patch.object(outbox, "wake"):
        request = submitted_request(users.ion)
    runner.drain()
    failed = Delivery.objects.filter(handler="workflow.start", event__subject_id=str(request.pk))
    failed.update(status=Delivery.Status.FAILED)
    old = timezone.now() - timedelta(days=40)
    Delivery.objects.update(finished_at=old)
    Event.objects.update(created_at=old)
    assert runner.prune(keep_days=30) > 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.FAILED}
    assert Event.objects.count() == Delivery.objects.values("event").distinct().count()


@pytest.mark.django_db
def test_a_signed_version_replaces_the_unsigned_file_through_the_outbox(users, pki, committed):
    from primaria.documents.models import OutgoingDocument

    request = committed(submitted_request, users.ion)
    committed(services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    committed(propose_and_sign, request, users.urb_specialist, stop_before="Primar")
    document = OutgoingDocument.objects.get(request=request, status="signing")
    unsigned = Event.objects.filter(name="document.pdf_replaced", subject_id=str(document.pk)).order_by("pk")
    assert unsigned.exists()
    storage = document.pdf.storage
    for event in unsigned:
        assert not storage.exists(event.payload["file"]), "the unsigned version is removed"
        assert event.deliveries.get().status == Delivery.Status.DONE
    assert storage.exists(document.pdf.name)


@pytest.mark.django_db
def test_a_backstop_falls_due_later_and_the_sweep_hands_out_one_task_per_batch(users):
    with mock.patch.object(outbox, "wake") as woken:
        request = submitted_request(users.ion)
    woken_ids = {pk for call in woken.call_args_list for pk in call.args[0]}
    backstop = Delivery.objects.filter(handler="requests.renew_lists", event__subject_id=str(request.pk))
    assert backstop.exists() and not woken_ids & set(backstop.values_list("pk", flat=True))
    due = timezone.now() - timedelta(minutes=2)
    Delivery.objects.filter(handler="requests.renew_lists").update(available_at=due)
    many = [Event(name="request.save_draft", payload={"status": "draft", "applicants": [request.applicant_id]})
            for _ in range(700)]
    Event.objects.bulk_create(many)
    Delivery.objects.bulk_create([Delivery(event=e, handler="requests.renew_lists", available_at=due,
                                           created_at=due) for e in Event.objects.filter(name="request.save_draft",
                                                                                         subject_id="")])
    waiting = set(Delivery.objects.filter(handler="requests.renew_lists", status="pending").values_list("pk", flat=True))
    pending = len(waiting)
    assert 700 < pending < 1000  # within one sweep (it looks at 1,000 at a time)
    with mock.patch.object(runner, "wake") as handed:
        runner.sweep(grace_seconds=0)
    handed_ids = handed.call_args.args[0]
    renew_handed = Delivery.objects.filter(pk__in=handed_ids, handler="requests.renew_lists").count()
    assert renew_handed == -(-pending // 500)  # one task per batch of 500, not one per delivery
    for pk in handed_ids:
        runner.run(pk)
    assert not Delivery.objects.filter(pk__in=waiting).exclude(status="done").exists()


@pytest.mark.django_db
def test_a_backlog_of_a_batch_handler_drains_batch_after_batch_from_one_task(users):
    """Under sustained load a delayed backstop falls due faster than one batch per sweep; each full batch
    hands the next one to a worker, so one task drains them all."""
    request = submitted_request(users.ion)
    due = timezone.now() - timedelta(minutes=2)
    Event.objects.bulk_create([Event(name="request.save_draft", payload={"status": "draft",
                                                                           "applicants": [request.applicant_id]})
                               for _ in range(1600)])
    Delivery.objects.bulk_create([Delivery(event=e, handler="requests.renew_lists", available_at=due, created_at=due)
                                  for e in Event.objects.filter(name="request.save_draft", subject_id="")])
    waiting = list(Delivery.objects.filter(handler="requests.renew_lists", status="pending", available_at__lte=due)
                   .order_by("available_at", "pk").values_list("pk", flat=True))
    assert len(waiting) >= 1600
    runner.run(waiting[0])  # the tests' task queue runs what it is handed at once
    assert not Delivery.objects.filter(pk__in=waiting).exclude(status="done").exists()
