"""Pages: the statement of the acting party (/taxe/) and the tax office's fiscal records (/taxe/birou/), both of
the city hall the site serves (its debts, register and rules only)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from primaria.accounts.selectors import acting_party
from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.payments.payables import shown

from . import selectors, services
from .rules import is_tax_official

MAX_CSV_BYTES = 5 * 1024 * 1024


def _statement_context(party):
    today = timezone.localdate()
    return {"party": party, "statement": selectors.statement(party, today), "today": today}


def _certificate_context(party):
    from primaria.documents.models import Document
    from primaria.institutions.selectors import served_institution_ids

    from . import certificate

    today = timezone.localdate()
    return {"purposes": certificate.purposes(), "pending_certificates": certificate.pending_certificates(party),
            "certificates": Document.objects.filter(
        owner=party, document_type__code=certificate.DOCUMENT_TYPE, institution_id__in=served_institution_ids(),
        valid_until__gte=today).order_by("-created_at")}


@login_required
def statement(request):
    party = acting_party(request)
    if party is None:
        return render(request, "taxes/no_party.html", status=200)
    if not rules.can(request.user, party, "view_taxes"):
        return render(request, "taxes/no_party.html", {"refused": True, "party": party}, status=403)
    context = _statement_context(party)
    context.update(_certificate_context(party))
    context["printable"] = request.GET.get("tiparire") == "1"
    return render(request, "taxes/statement.html", context)


@login_required
@require_POST
def ask_certificate(request):
    """The resident asks for the certificat de atestare fiscală: issued at once without debts, otherwise
    filed for the tax office (taxes.certificate)."""
    from primaria.accounts import login_context

    from . import certificate

    party = acting_party(request)
    if party is None or not rules.can(request.user, party, "view_taxes"):
        raise PermissionDenied(_("Nu puteți cere certificatul de atestare fiscală pentru acest contribuabil."))
    try:
        outcome = certificate.request_certificate(
            actor=request.user, party=party, purpose=request.POST.get("scop", ""), login=login_context(request),
            ip=request.META.get("REMOTE_ADDR"))
    except DomainError as exc:
        messages.error(request, " ".join(field_errors(exc).values()))
        return redirect("taxes:statement")
    if outcome.issued and outcome.document is None:
        messages.warning(request, _(
            "Certificatul de atestare fiscală a primit nr. %(number)s; se pregătește (sigilarea electronică nu a "
            "reușit acum și se reia automat) și apare în dosarul dumneavoastră în câteva minute, cu același număr.")
            % {"number": outcome.registration.reference})
        return redirect("taxes:statement")
    if outcome.issued:
        messages.success(request, _(
            "Certificatul de atestare fiscală nr. %(number)s a fost emis și se află în dosarul dumneavoastră; este "
            "valabil până la %(date)s.") % {"number": outcome.registration.reference,
                                            "date": f"{outcome.document.valid_until:%d.%m.%Y}"})
        return redirect("taxes:statement")
    owed = shown(outcome.overdue.total)
    if outcome.request.registry_entry_id is None:
        messages.warning(request, _(
            "Figurați cu obligații restante de %(amount)s lei, așa că certificatul îl eliberează Direcția Impozite "
            "și Taxe Locale. Completați cererea pregătită și depuneți-o.") % {"amount": owed})
        return redirect("requests:edit", public_id=outcome.request.public_id)
    messages.warning(request, _(
        "Figurați cu obligații restante de %(amount)s lei, așa că certificatul nu a putut fi emis automat. Cererea "
        "dumneavoastră a fost înregistrată cu nr. %(number)s și a fost trimisă Direcției Impozite și Taxe Locale, "
        "care vă răspunde în dosar.") % {"amount": owed, "number": outcome.request.registry_entry.reference})
    return redirect("requests:detail", public_id=outcome.request.public_id)


def _require_office(user):
    if not is_tax_official(user):
        raise PermissionDenied(_("Pagina este pentru Direcția Impozite și Taxe Locale."))


@login_required
def office(request):
    _require_office(request.user)
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "taxes/office.html", {
        "parties": selectors.parties_with_records(query), "q": query, "year": timezone.localdate().year,
        "errors": {},
    })


def _party_of_city_hall(public_id):
    """A party in the register of the city hall the site serves, or with debts to it; another's answers 404."""
    return get_object_or_404(selectors.parties_with_records_all(), public_id=public_id)


@login_required
def office_party(request, public_id):
    _require_office(request.user)
    party = _party_of_city_hall(public_id)
    context = _statement_context(party)
    context.update({"holdings": selectors.register_of(party), "office": True, "errors": {}})
    return render(request, "taxes/office_party.html", context)


@login_required
@require_POST
def emit(request):
    _require_office(request.user)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Anul fiscal nu este valid."))
        return redirect("taxes:office")
    try:
        emission = services.emit_year(actor=request.user, year=year)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rolul anului %(year)s a fost calculat: %(created)s debite noi, %(corrected)s "
                                    "corecții.") % {"year": year, "created": emission.created,
                                                    "corrected": emission.corrected})
    return redirect("taxes:office")


@login_required
@require_POST
def import_csv(request):
    _require_office(request.user)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Alegeți fișierul CSV cu registrul."))
        return redirect("taxes:office")
    if upload.size > MAX_CSV_BYTES:
        messages.error(request, _("Fișierul este prea mare (cel mult 5 MB)."))
        return redirect("taxes:office")
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        messages.error(request, _("Fișierul trebuie să fie un CSV salvat în UTF-8."))
        return redirect("taxes:office")
    try:
        count = services.import_register(actor=request.user, text=text)
    except DomainError as exc:
        messages.error(request, " ".join(field_errors(exc).values()))
    else:
        messages.success(request, ngettext("A fost înregistrat %(count)s bun din registrul importat.",
                                           "Au fost înregistrate %(count)s bunuri din registrul importat.",
                                           count) % {"count": count})
    return redirect("taxes:office")


@login_required
@require_POST
def fine(request, public_id):
    _require_office(request.user)
    party = _party_of_city_hall(public_id)
    try:
        due = date.fromisoformat(request.POST.get("due_date", ""))
    except ValueError:
        messages.error(request, _("Scadența amenzii nu este o dată validă (AAAA-LL-ZZ)."))
        return redirect("taxes:office_party", public_id=party.public_id)
    try:
        services.record_fine(actor=request.user, party=party, amount=request.POST.get("amount", "").replace(",", "."),
                             due_date=due, title=request.POST.get("title", ""),
                             executory=request.POST.get("executory") == "1")
    except DomainError as exc:
        messages.error(request, " ".join(field_errors(exc).values()))
    else:
        messages.success(request, _("Amenda a fost înregistrată."))
    return redirect("taxes:office_party", public_id=party.public_id)
