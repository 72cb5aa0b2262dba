"""Public debates (no account needed to read, to register to speak or to send a proposal), newsletters (subscribe,
confirm, one-click unsubscribe) and the back office of the secretary general's staff. Thin adapters over
`services`."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import check_upload, file_response, safe_filename
from primaria.core.validators import typed_date, typed_int
from primaria.institutions.selectors import main_institution

from . import services
from .models import Debate, DebateRequest, Subscription, Topic

MAX_DOCUMENT_MB = 30
DOCUMENT_KINDS = ["pdf", "jpeg", "png"]


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _starts_at(values):
    day = typed_date(values.get("date"))
    try:
        hour, minute = (int(p) for p in (values.get("time") or "").strip().split(":")[:2])
        moment = time(hour, minute)
    except (ValueError, TypeError):
        return None
    return timezone.make_aware(datetime.combine(day, moment)) if day else None


# --- public: debates -----------------------------------------------------------------------------------------------


def debates(request):
    now = timezone.now()
    items = Debate.objects.filter(institution=main_institution()).select_related("draft")
    return render(request, "participation/debates.html", {
        "upcoming": sorted((d for d in items if d.starts_at >= now), key=lambda d: d.starts_at),
        "past": [d for d in items if d.starts_at < now]})


@require_http_methods(["GET", "POST"])
def debate(request, pk):
    item = Debate.objects.filter(pk=pk, institution=main_institution()).select_related("draft", "request").first()
    if item is None:
        raise Http404(_("Dezbaterea nu există."))
    values, errors, form = {}, {}, ""
    if request.method == "POST":
        values, form = request.POST, request.POST.get("form", "")
        try:
            if form == "speaker":
                services.register_speaker(debate_id=item.pk, topic=values.get("topic", ""),
                                          name=values.get("name", ""), email=values.get("email", ""),
                                          organisation=values.get("organisation", ""), user=request.user,
                                          ip=_ip(request))
                done = _("V-ați înscris la cuvânt. Veți vorbi în ordinea înscrierii.")
            else:
                form = "proposal"
                services.submit_proposal(debate_id=item.pk, text=values.get("text", ""), name=values.get("name", ""),
                                         email=values.get("email", ""), user=request.user, ip=_ip(request))
                done = _("Propunerea a fost înregistrată în registrul propunerilor. Vă mulțumim!")
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, done)
            return redirect("participation:debate", pk=item.pk)
    now = timezone.now()
    today = timezone.localdate(now)
    return render(request, "participation/debate.html", {
        "debate": item, "errors": errors,
        "sv": values if form == "speaker" else {}, "se": errors if form == "speaker" else {},
        "pv": values if form == "proposal" else {}, "pe": errors if form == "proposal" else {},
        "documents": item.documents.select_related("document"),
        "speakers_open": item.status == Debate.Status.ANNOUNCED and now < item.starts_at,
        "proposals_open": not item.draft_id and item.announced_on <= today <= item.proposals_until,
        "proposals": item.proposals.order_by("number"), "speakers": item.speakers.order_by("number"),
        "timeline": services.debate_terms(item), "signed_in": request.user.is_authenticated,
    }, status=400 if errors else 200)


def debate_document(request, pk, doc):
    item = Debate.objects.filter(pk=pk, institution=main_institution()).first()
    attached = item.documents.select_related("document").filter(pk=doc).first() if item else None
    if attached is None:
        raise Http404(_("Documentul nu există."))
    document = attached.document
    return file_response(document.file, filename=safe_filename(document.original_name, mime=document.mime),
                         mime=document.mime)


# --- public: newsletters -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscriptions(request):
    values, errors = {}, {}
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        values = request.POST
        try:
            pending = services.subscribe(email=values.get("email", ""), topic_ids=values.getlist("topics"),
                                         user=user, agree=values.get("agree") == "1", ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            if pending:
                messages.success(request, _("V-am trimis un e-mail cu o legătură de confirmare. Abonamentul începe "
                                            "numai după ce o deschideți și confirmați."))
            else:
                messages.success(request, _("Sunteți deja abonat la temele alese."))
            return redirect("participation:subscriptions")
    elif user is not None:
        values = {"email": user.email}
    mine = Subscription.objects.filter(user=user).exclude(status=Subscription.Status.UNSUBSCRIBED).select_related(
        "topic") if user else []
    chosen = set(values.getlist("topics")) if hasattr(values, "getlist") else set()
    return render(request, "participation/subscriptions.html", {
        "topics": Topic.objects.filter(active=True), "values": values, "errors": errors, "chosen": chosen,
        "mine": mine, "consent_text": services.consent_text()[0],
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["POST"])
def stop_mine(request, pk):
    try:
        method = "din contul meu"  # i18n: ro (kept with the consent record)
        services.unsubscribe(subscription_id=pk, user=request.user, method=method, ip=_ip(request))
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Abonamentul a fost oprit."))
    return redirect("participation:subscriptions")


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        data = services.read_confirm_token(token)
    except DomainError as exc:
        return render(request, "participation/link_refused.html", {"message": exc.messages[0]}, status=400)
    if request.method == "POST":
        confirmed = services.confirm(token=token, ip=_ip(request))
        return render(request, "participation/confirmed.html", {"confirmed": confirmed})
    waiting = Subscription.objects.filter(pk__in=data.get("s", []), email=data.get("e", "")).select_related("topic")
    return render(request, "participation/confirm.html", {"email": data.get("e", ""), "waiting": waiting})


@csrf_exempt  # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" with no session; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscription = services.read_unsubscribe_token(token)
    except DomainError as exc:
        return render(request, "participation/link_refused.html", {"message": exc.messages[0]}, status=400)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        method = "un clic (RFC 8058)" if one_click else "legătura din mesaj"  # i18n: ro (kept with the consent record)
        subscription = services.unsubscribe(token=token, method=method, ip=_ip(request))
        return render(request, "participation/unsubscribed.html", {"subscription": subscription})
    return render(request, "participation/unsubscribe.html", {"subscription": subscription})


# --- back office ---------------------------------------------------------------------------------------------------


def _require_office(user):
    if not rules.council_office(user):
        raise PermissionDenied(_("Pagina este pentru aparatul de specialitate al secretarului general."))


@login_required
def office(request):
    _require_office(request.user)
    institution = main_institution()
    return render(request, "participation/office/index.html", {
        "debates": Debate.objects.filter(institution=institution)[:100],
        "requests": DebateRequest.objects.filter(institution=institution).select_related(
            "registry_entry", "draft")[:100],
        "subscribers": Subscription.objects.filter(status=Subscription.Status.CONFIRMED).count()})


def _drafts():
    from primaria.council.models import Draft

    return Draft.objects.filter(institution=main_institution(), status__in=[Draft.Status.CONSULTATION,
                                                                            Draft.Status.READY])


@login_required
@require_http_methods(["GET", "POST"])
def new_debate(request):
    _require_office(request.user)
    values, errors = dict(request.GET.items()), {}
    if request.method == "POST":
        values = request.POST
        documents = []
        for index, upload in enumerate(request.FILES.getlist("documents")):
            try:
                _kind, mime = check_upload(upload, allowed_kinds=DOCUMENT_KINDS, max_size_mb=MAX_DOCUMENT_MB)
                upload.seek(0)
                documents.append((upload.name.rsplit(".", 1)[0] or f"Documentul {index + 1}",  # i18n: ro (record)
                                  safe_filename(upload.name, mime=mime), upload.read(), mime))
            except Exception as exc:  # noqa: BLE001 - the check's message is shown as is
                errors["documents"] = getattr(exc, "messages", [str(exc)])[0]
        try:
            if errors:
                raise DomainError(errors)
            item = services.announce_debate(
                actor=request.user, title=values.get("title", ""), starts_at=_starts_at(values),
                agenda=values.get("agenda", ""), place=values.get("place", ""),
                online_url=values.get("online_url", ""), subject=values.get("subject", Debate.Subject.OTHER),
                draft_id=typed_int(values.get("draft"), positive=True),
                request_id=typed_int(values.get("request"), positive=True),
                proposals_until=typed_date(values.get("proposals_until")), documents=documents, ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
            if "starts_at" in errors:  # shown next to the date field
                errors.setdefault("date", errors.pop("starts_at"))
        else:
            messages.success(request, _("Dezbaterea publică a fost anunțată."))
            return redirect("participation_office:debate", pk=item.pk)
    today = timezone.localdate()
    return render(request, "participation/office/new_debate.html", {
        "values": values, "errors": errors, "subjects": Debate.Subject.choices, "drafts": _drafts(),
        "requests": DebateRequest.objects.filter(institution=main_institution(), debate__isnull=True),
        "earliest": services.terms.earliest_debate(today), "latest": services.terms.latest_debate(today)},
        status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def office_debate(request, pk):
    _require_office(request.user)
    item = Debate.objects.filter(pk=pk, institution=main_institution()).first()
    if item is None:
        raise Http404(_("Dezbaterea nu există."))
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            services.publish_minutes(actor=request.user, debate_id=item.pk, minutes=values.get("minutes", ""),
                                     recording_url=values.get("recording_url", ""), ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Minuta a fost publicată."))
            return redirect("participation_office:debate", pk=item.pk)
    return render(request, "participation/office/debate.html", {
        "debate": item, "values": values, "errors": errors, "timeline": services.debate_terms(item),
        "speakers": item.speakers.order_by("number"), "proposals": item.proposals.order_by("number"),
        "documents": item.documents.all(), "past": timezone.now() >= item.starts_at},
        status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request):
    _require_office(request.user)
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            item = services.register_debate_request(
                actor=request.user, requester=values.get("requester", ""),
                requester_kind=values.get("requester_kind", ""), subject=values.get("subject", ""),
                email=values.get("email", ""), draft_id=typed_int(values.get("draft"), positive=True),
                received_on=typed_date(values.get("received_on")) or timezone.localdate(),
                channel=values.get("channel", "email"), ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Cererea a fost înregistrată cu nr. %(number)s. Dezbaterea publică este "
                                        "obligatorie: anunțați-o.") % {"number": item.registry_entry.number})
            return redirect(f"{_new_debate_url()}?request={item.pk}")
    return render(request, "participation/office/new_request.html", {
        "values": values, "errors": errors, "kinds": DebateRequest.Requester.choices, "drafts": _drafts()},
        status=400 if errors else 200)


def _new_debate_url():
    from django.urls import reverse

    return reverse("participation_office:new_debate")
