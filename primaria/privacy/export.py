"""Building a person's data export: JSON files with plain English keys, their files, and CITESTE.txt.

The archive is written to a temporary file on disk entry by entry (each stored file copied in chunks), then
handed to the storage in chunks: neither the files nor the archive are ever held in memory whole.
"""

import io
import json
import shutil
import tempfile
import zipfile

from django.core.files import File

from primaria.core.files import safe_filename

from . import selectors

CHUNK = 1024 * 1024

README = """DATELE DUMNEAVOASTRĂ PERSONALE
=============================

Această arhivă cuprinde tot ce platforma Primăria Digitală păstrează despre contul {email},
la data de {when}. Fișierele .json se deschid cu orice editor de text; cheile sunt în limba engleză,
explicate mai jos. Datele calendaristice sunt în formatul ISO 8601 (an-lună-zi, ora cu fusul orar).

cont.json            contul: email, first_name (prenume), last_name (nume), phone (telefon),
                     date_joined (creat la), last_login (ultima intrare), email_verified (e-mail confirmat),
                     electronic_identity (legătura cu identitatea electronică, de ex. ROeID)
persoana.json        persoana din registrul platformei: kind (tip), name (nume), cnp, email, phone,
                     address (adresa), created_at (creat la)
reprezentari.json    firmele pe care le reprezentați sau ați cerut să le reprezentați: company (firma),
                     cui, capacity (calitatea), status (starea), valid_until (valabil până la),
                     decided_at (verificat la), refusal_reason (motivul respingerii),
                     revoked_at / revocation_reason (revocare), proof_file (dovada, în fisiere/);
                     cu represented_by: cine vă reprezintă pe dumneavoastră (mandatele date altora)
cereri.json          cererile depuse de dumneavoastră sau pentru dumneavoastră: reference (numărul de
                     înregistrare), service (serviciul), applicant (solicitantul), status (starea),
                     channel (online/ghișeu), answers (răspunsurile din formular), submitted_at (depusă la),
                     due_date (termen), resolved_at (soluționată la), outcome (soluția),
                     resolution (motivarea), completion_request (ce vi s-a cerut să completați),
                     timeline (istoricul vizibil: at = momentul, message = ce s-a întâmplat),
                     attachments (anexele, cu fișierul din fisiere/), answer_file (răspunsul)
documente.json       documentele din dosarul dumneavoastră și cele din cererile dumneavoastră: title
                     (titlu), type (tip), source (proveniență), issued_on (data), valid_until
                     (valabil până la), pages (pagini), sha256 (amprenta fișierului), file (în fisiere/)
documente_emise.json răspunsurile emise de instituție la cererile dumneavoastră: title, reference
                     (numărul de ieșire), verification_code (codul de verificare de pe document),
                     issued_at (emis la), file (în fisiere/)
notificari.json      mesajele trimise către dumneavoastră: created_at, sent_at, address (adresa),
                     subject (subiect), body (conținut), status (starea)
consimtaminte.json   acordurile pentru mesaje opționale: purpose (scopul), text (textul acceptat),
                     text_version (versiunea), given_at (dat la), method (modul), ip_address,
                     withdrawn_at (retras la)
consultari.json      funcționarii care v-au deschis cererile sau documentele: at (momentul), official
                     (funcționarul), positions (instituția și compartimentul), what (ce a deschis)
sesizari.json        sesizările și petițiile făcute de dumneavoastră (din cont sau cu adresa de e-mail a
                     contului) și cele la care v-ați alăturat: reference (numărul), kind (sesizare sau petiție),
                     category (categoria), status (starea), address (locul), latitude / longitude,
                     description (descrierea), answers (răspunsurile la întrebări), name / postal_address
                     (datele petentului), due_date (termenul), resolution (răspunsul), rating / rating_comment
                     (nota dată), created_at, closed_at, timeline (istoricul), photos (fotografiile, în fisiere/)
chestionare.json     chestionarele de satisfacție primite după închiderea unei cereri sau sesizări: about (despre
                     ce), sent_at (trimis la), expires_at (expiră la), answered_at (răspuns la), version
                     (versiunea întrebărilor), questions (întrebările), answers (răspunsurile), comment
fisiere/             fișierele, cu numele din câmpul "file"

Registrul, cererile depuse și documentele emise se păstrează cât cere legea (arhivare), chiar dacă
renunțați la cont. Pentru întrebări despre datele personale scrieți responsabilului cu protecția
datelor al instituției.
"""  # i18n: ro (the archive's guide, beside its Romanian file and folder names)


def _iso(value):
    return value.isoformat() if value else None


class _Files:
    """The stored files put in the archive, each once, under fisiere/<id>-<name>."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = {}

    def add(self, document) -> str | None:
        if document is None or not document.file:
            return None
        if document.pk not in self.names:
            name = f"fisiere/{document.public_id}-{safe_filename(document.original_name or document.title, mime=document.mime)}"
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED  # PDFs and images are compressed already
            with document.file.open("rb") as source, self.archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, CHUNK)
            self.names[document.pk] = name
        return self.names[document.pk]

    def add_file(self, field_file, label: str) -> str | None:
        """A stored file that is not a document (a report's photo), under fisiere/<label>.<extension>."""
        if not field_file:
            return None
        key = ("file", field_file.name)
        if key not in self.names:
            extension = field_file.name.rsplit(".", 1)[-1].lower() if "." in field_file.name else "bin"
            name = f"fisiere/{label}.{extension}"
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED
            with field_file.open("rb") as source, self.archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, CHUNK)
            self.names[key] = name
        return self.names[key]


def _write_json(archive: zipfile.ZipFile, name: str, data):
    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
        json.dump(data, text, ensure_ascii=False, indent=2)


def _electronic_identity(user):
    """The link to an electronic identity (ROeID), where this deployment has one."""
    from django.apps import apps

    try:
        model = apps.get_model("identity", "EidLink")
    except LookupError:
        return None
    link = model._default_manager.filter(user=user).first()
    return None if link is None else {"provider": link.provider, "issuer": link.issuer, "subject": link.subject,
                                      "linked_at": _iso(link.linked_at), "last_login_at": _iso(link.last_login_at)}


def build(user, party, target, *, now):
    """Write the export of `user` (whose own party is `party`, or None) as a ZIP into the open file `target`."""
    from primaria.documents.models import OutgoingDocument
    from primaria.notifications.models import Notification

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = _Files(archive)
        with archive.open("CITESTE.txt", "w") as raw:
            raw.write(README.format(email=user.email, when=now.strftime("%d.%m.%Y %H:%M")).encode("utf-8"))
        _write_json(archive, "cont.json", {
            "email": user.email, "first_name": user.first_name, "last_name": user.last_name, "phone": user.phone,
            "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
            "email_verified": user.email_verified, "electronic_identity": _electronic_identity(user),
        })
        _write_json(archive, "persoana.json", None if party is None else {
            "kind": party.get_kind_display(), "name": party.name, "cnp": party.cnp, "email": party.email,
            "phone": party.phone, "address": party.address, "created_at": _iso(party.created_at),
        })
        _write_json(archive, "reprezentari.json", [{
            "company": r.company.name, "cui": r.company.cui, "capacity": r.capacity, "status": r.status_label,
            "proof_kind": r.get_proof_kind_display() if r.proof_kind else "", "proof_file": files.add(r.proof),
            "valid_until": _iso(r.valid_until), "requested_at": _iso(r.created_at), "decided_at": _iso(r.decided_at),
            "refusal_reason": r.refusal_reason, "revoked_at": _iso(r.revoked_at),
            "revocation_reason": r.revocation_reason,
        } for r in user.representations.select_related("company", "proof").order_by("created_at", "pk")] + ([{
            "represented_by": r.user.get_full_name() or r.user.email, "capacity": r.capacity,
            "status": r.status_label, "valid_until": _iso(r.valid_until), "requested_at": _iso(r.created_at),
        } for r in party.representatives.select_related("user").order_by("created_at", "pk")] if party else []))

        requests = list(selectors.requests_of(user, party).select_related(
            "service", "applicant", "registry_entry", "answer_document").order_by("created_at", "pk"))
        _write_json(archive, "cereri.json", [{
            "reference": r.reference, "service": r.service.name, "applicant": r.applicant.name,
            "status": r.get_status_display(), "channel": r.channel, "answers": r.data, "urgent": r.urgent,
            "created_at": _iso(r.created_at), "submitted_at": _iso(r.submitted_at), "due_date": _iso(r.due_date),
            "resolved_at": _iso(r.resolved_at), "outcome": r.get_outcome_display() if r.outcome else "",
            "resolution": r.resolution_text if r.status == "resolved" else "",
            "completion_request": r.completion_request,
            "timeline": [{"at": _iso(e.at), "message": e.message} for e in r.timeline.filter(public=True)],
            "attachments": [{"title": a.document.title, "file": files.add(a.document)}
                            for a in r.attachments.select_related("document")],
            "answer_file": files.add(r.answer_document) if r.status == "resolved" else None,
        } for r in requests])

        _write_json(archive, "documente.json", [{
            "title": d.title, "type": d.document_type.name if d.document_type_id else "",
            "source": d.get_source_display(), "issued_on": _iso(d.issued_on), "valid_until": _iso(d.valid_until),
            "pages": d.pages, "size": d.size, "sha256": d.sha256, "file": files.add(d),
        } for d in selectors.documents_of(user, party).select_related("document_type").order_by("created_at", "pk")])

        issued = OutgoingDocument.objects.filter(
            request__in=[r.pk for r in requests], status=OutgoingDocument.Status.ISSUED,
        ).select_related("registry_entry", "issued_document").order_by("issued_at", "pk")
        _write_json(archive, "documente_emise.json", [{
            "title": o.title, "reference": o.registry_entry.reference, "verification_code": o.verification_code,
            "issued_at": _iso(o.issued_at), "file": files.add(o.issued_document),
        } for o in issued])

        _write_json(archive, "notificari.json", [{
            "created_at": _iso(n.created_at), "sent_at": _iso(n.sent_at), "address": n.address,
            "subject": n.subject, "body": n.body, "status": n.get_status_display(),
        } for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk").iterator()])

        _write_json(archive, "consimtaminte.json", [{
            "purpose": c.get_purpose_display(), "text": c.text, "text_version": c.text_version,
            "given_at": _iso(c.given_at), "method": c.method, "ip_address": c.ip_address,
            "withdrawn_at": _iso(c.withdrawn_at), "withdrawal_method": c.withdrawal_method,
        } for c in selectors.consents_of(user)])

        _write_reports(archive, files, user)
        _write_surveys(archive, user)

        _write_json(archive, "consultari.json", [
            {**entry, "at": _iso(entry["at"])} for entry in selectors.accesses_of(user, party)])


def _write_reports(archive, files, user):
    """Reports and petitions the person made (signed in, or with the account's e-mail) or joined."""
    from django.db.models import Q

    from primaria.reports.models import Report

    own = Q(user=user) | Q(user__isnull=True, email__iexact=user.email) if user.email else Q(user=user)
    joined = Q(followers__user=user) | (Q(followers__email__iexact=user.email) if user.email else Q(pk__in=[]))
    reports = (Report.objects.filter(own | joined).distinct().select_related("category", "registry_entry", "district")
               .prefetch_related("events", "photos").order_by("created_at", "pk"))
    _write_json(archive, "sesizari.json", [{
        "reference": r.reference, "kind": r.category.get_kind_display(), "category": r.category.name,
        "status": r.get_status_display(),
        "mine": r.user_id == user.pk or (not r.user_id and r.email.lower() == (user.email or "").lower()),
        "address": r.address, "latitude": str(r.latitude), "longitude": str(r.longitude),
        "district": r.district.name if r.district_id else "", "description": r.description, "answers": r.answers,
        "name": r.name, "email": r.email, "postal_address": r.postal_address, "due_date": _iso(r.due_date),
        "resolution": r.resolution, "rating": r.rating, "rating_comment": r.rating_comment,
        "created_at": _iso(r.created_at), "closed_at": _iso(r.closed_at),
        "timeline": [{"at": _iso(e.at), "message": e.message} for e in r.events.all()],
        "photos": [files.add_file(p.original, f"sesizare-{r.pk}-foto-{p.pk}") for p in r.photos.all()],
    } for r in reports])


def _write_surveys(archive, user):
    """The satisfaction surveys sent to the person and their answers."""
    from django.db.models import Q

    from primaria.satisfaction.models import Invitation

    mine = Q(user=user) | (Q(email__iexact=user.email) if user.email else Q(pk__in=[]))
    invitations = (Invitation.objects.filter(mine).select_related("question_set", "answer", "service", "category",
                                                                  "request__registry_entry", "report__registry_entry")
                   .order_by("created_at", "pk"))
    rows = []
    for i in invitations:
        answer = getattr(i, "answer", None)
        rows.append({"about": i.about, "sent_at": _iso(i.created_at), "expires_at": _iso(i.expires_at),
                     "answered_at": _iso(i.answered_at), "version": i.question_set.version,
                     "questions": i.question_set.questions,
                     "answers": answer.values if answer else None, "comment": answer.comment if answer else ""})
    _write_json(archive, "chestionare.json", rows)


def build_to_storage(export, *, now) -> tuple[str, int]:
    """Build the export into a temporary file and save it to the export's storage; the name and size."""
    from primaria.accounts.selectors import person_of

    user = export.user
    with tempfile.TemporaryFile() as target:
        build(user, person_of(user), target, now=now)
        size = target.tell()
        target.seek(0)
        field = export.file
        name = field.field.generate_filename(export, "export.zip")
        if field.storage.exists(name):  # a previous attempt that stopped after writing it
            field.storage.delete(name)
        stored = field.storage.save(name, File(target, name=name))
    return stored, size
