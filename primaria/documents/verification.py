"""Public verification of issued documents: by code (printed with a QR on every page) or by uploading the PDF."""

import hashlib
import re

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.files import check_upload

from .models import OutgoingDocument

MAX_UPLOAD_MB = 30
EMPTY_CODE = gettext_lazy("Scrieți codul de verificare tipărit în subsolul documentului, de exemplu PMD-7K3Q-9XWD.")
_CODE_CHARACTERS = re.compile(r"[A-Z0-9-]{1,40}")


def _typed_code(value) -> str:
    """The code as typed, in capitals, spaces taken for dashes (codes are read aloud and copied from paper)."""
    return re.sub(r"[\s-]+", "-", (value or "").strip()).strip("-").upper()


def _not_found(request, code):
    """A code that names no issued document: the form again, saying so, with 404 (not Django's "Not Found")."""
    return render(request, "documents/verification/lookup.html", {"code": code[:60], "not_found": True},
                  status=404)


def _issued(code) -> OutgoingDocument:
    document = (OutgoingDocument.objects.filter(verification_code=code.strip().upper(), status=OutgoingDocument.Status.ISSUED)
                .select_related("institution", "department", "registry_entry").first())
    if document is None:
        raise Http404(_("Nu există niciun document emis cu acest cod."))
    return document


def lookup(request):
    if "cod" not in request.GET:
        return render(request, "documents/verification/lookup.html", {})
    code = _typed_code(request.GET["cod"])
    if not code:
        return render(request, "documents/verification/lookup.html", {"error": EMPTY_CODE})
    if not _CODE_CHARACTERS.fullmatch(code):
        return _not_found(request, code)
    return redirect("verification:document", code=code)


def document(request, code):
    from primaria.signing.services import validate

    try:
        document = _issued(code)
    except Http404:
        from primaria.monitor.selectors import act_by_code

        act = act_by_code(_typed_code(code))  # an act of the Monitorul Oficial Local carries a code of the same form
        if act is not None:
            return redirect("monitor:verification", code=act.verification_code)
        return _not_found(request, _typed_code(code))
    with document.pdf.open("rb") as handle:
        original = handle.read()
    stored_report = validate(original)
    upload_report, upload_error, same_file = None, "", None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            upload_error = _("Alegeți fișierul PDF pe care doriți să-l verificați.")
        else:
            try:
                check_upload(uploaded, allowed_kinds=["pdf"], max_size_mb=MAX_UPLOAD_MB)
            except Exception as exc:  # noqa: BLE001 - the message is shown as is
                upload_error = getattr(exc, "messages", [str(exc)])[0]
            else:
                data = uploaded.read()
                same_file = hashlib.sha256(data).hexdigest() == document.sha256
                upload_report = validate(data)
    return render(request, "documents/verification/document.html", {
        "document": document, "report": stored_report, "upload_report": upload_report,
        "upload_error": upload_error, "same_file": same_file,
        "signers": document.steps.select_related("signer").order_by("order"),
    })
