"""Every stored file in S3-compatible object storage: the uploads of a filing, the signed answer, the downloads,
all through a real S3 API (moto's server mode over HTTP), with nothing written to the local disk."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from primaria.documents.models import Document, OutgoingDocument
from primaria.requests import services
from tests.factories import propose_and_sign, submitted_request

pytestmark = pytest.mark.django_db


def _objects(client):
    listed = client.list_objects_v2(Bucket=client.bucket).get("Contents", [])
    return {item["Key"]: item["Size"] for item in listed}


def _body(client, key) -> bytes:
    return client.get_object(Bucket=client.bucket, Key=key)["Body"].read()


def test_a_request_is_filed_answered_and_downloaded_with_every_file_in_the_bucket(s3_bucket, users, pki, client, settings,
                                                                                django_capture_on_commit_callbacks):
    assert default_storage.__class__.__name__ == "S3Storage"
    request = submitted_request(users.ion)
    uploaded = list(Document.objects.filter(owner=request.applicant))
    assert uploaded
    objects = _objects(s3_bucket)
    for document in uploaded:  # each upload is an object of the bucket, byte for byte
        assert document.file.name in objects
        assert hashlib.sha256(_body(s3_bucket, document.file.name)).hexdigest() == document.sha256

    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    with django_capture_on_commit_callbacks(execute=True):
        propose_and_sign(request, users.urb_specialist)
    issued = OutgoingDocument.objects.get(request=request, status=OutgoingDocument.Status.ISSUED)
    signed = _body(s3_bucket, issued.pdf.name)
    assert signed.startswith(b"%PDF") and b"/ByteRange" in signed  # the signed PDF was written to the bucket
    answer = issued.issued_document
    assert hashlib.sha256(_body(s3_bucket, answer.file.name)).hexdigest() == answer.sha256

    client.force_login(users.ion)
    page = client.get(f"/dosar/document/{answer.public_id}/")
    assert page.status_code == 200
    assert hashlib.sha256(b"".join(page.streaming_content)).hexdigest() == answer.sha256

    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))  # nothing on the local disk


def test_two_files_with_the_same_name_stay_two_objects(s3_bucket):
    first = default_storage.save("outgoing/2026/12/raspuns.pdf", ContentFile(b"%PDF-1.7 unu"))
    second = default_storage.save("outgoing/2026/12/raspuns.pdf", ContentFile(b"%PDF-1.7 doi"))
    assert first != second
    assert _body(s3_bucket, first) == b"%PDF-1.7 unu" and _body(s3_bucket, second) == b"%PDF-1.7 doi"


@pytest.mark.django_db(transaction=True)  # the backup refuses to run inside a transaction
def test_the_backup_takes_the_bucket_and_puts_it_back_into_an_empty_one(s3_bucket, settings, tmp_path):
    from primaria.backup import services as backup

    stored = {}
    for name, content in {"documents/a/2026/12/cerere.pdf": b"%PDF-1.7 cerere", "outgoing/2026/12/raspuns.pdf":
                          b"%PDF-1.7 raspuns", "documents/b/poza.png": bytes(range(256)) * 40}.items():
        stored[default_storage.save(name, ContentFile(content))] = hashlib.sha256(content).hexdigest()
    summary = backup.backup(tmp_path)
    assert summary.files == len(stored)

    staging = tmp_path / "staging"
    manifest = backup.read_archive(summary.path, staging)  # every member checked against the manifest
    assert {f"files/{name}" for name in stored} <= set(manifest["members"])

    # Another, empty bucket: the restore writes every object back under its own name.
    s3_bucket.create_bucket(Bucket=s3_bucket.bucket + "-nou",
                            CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": {
        **settings.STORAGES["default"]["OPTIONS"], "bucket_name": s3_bucket.bucket + "-nou"}}}
    count, _size = backup._put_storage_files(staging / "files", force=False)
    assert count == len(stored)
    restored = {key: hashlib.sha256(_body_of(s3_bucket, s3_bucket.bucket + "-nou", key)).hexdigest()
                for key in _objects_of(s3_bucket, s3_bucket.bucket + "-nou")}
    assert restored == stored


def _objects_of(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def _body_of(client, bucket, key) -> bytes:
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()
