from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from primaria.catalog.models import Service
from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.selectors import main_institution, served_institution_ids
from primaria.requests.models import Request

from . import login_context, remember_login, services
from .models import PartyKind, ProofKind, Representation, RepresentationStatus
from .selectors import ACTING_SESSION_KEY, mandates_given_by, parties_of, person_of, representations_of

# The capacities offered: the Romanian word is kept on the mandate (a record), the label is shown in the page's language.
CAPACITIES = [("Administrator", gettext_lazy("Administrator")), ("Asociat unic", gettext_lazy("Asociat unic")),
              ("Împuternicit", gettext_lazy("Împuternicit")),  # i18n: ro (the stored value)
              ("Reprezentant legal", gettext_lazy("Reprezentant legal")), ("Avocat", gettext_lazy("Avocat")),
              ("Tutore", gettext_lazy("Tutore")), ("Curator", gettext_lazy("Curator"))]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A password alone is the low level of assurance (eIDAS "scăzut"); ROeID sets its own.
        remember_login(self.request, method="password", loa="scăzut")  # i18n: ro (stored with what is filed)
        return response


def signup(request):
    values, errors = {}, {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ["first_name", "last_name", "cnp", "email", "phone", "address"]}
        try:
            user = services.register_person(password=request.POST.get("password", ""), ip=request.META.get("REMOTE_ADDR"),
                                           language=translation.get_language(), **values)
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            login(request, user, backend="primaria.accounts.backends.AccountsBackend")
            remember_login(request, method="password", loa="scăzut")  # i18n: ro (stored)
            messages.success(request, _("Contul a fost creat. V-am trimis un e-mail: deschideți linkul din el ca să confirmați "
                                        "adresa."))
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"values": values, "errors": errors})


def verify(request, token):
    try:
        services.verify_email(token)
    except DomainError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Adresa de e-mail a fost confirmată. Puteți depune cereri online."))
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")


@login_required
@require_POST
def resend_verification(request):
    if not request.user.email_verified:
        services.send_verification(request.user)
        messages.success(request, _("V-am trimis din nou e-mailul de confirmare."))
    return redirect("accounts:profile")


@login_required
def profile(request):
    values, errors = {}, {}
    here = main_institution()
    if request.method == "POST" and request.POST.get("reuse"):
        return _claim_again(request)
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in
                  ["kind", "cui", "cnp", "name", "address", "capacity", "registration_code", "proof_kind",
                   "valid_from", "valid_until"]}
        values["services"] = request.POST.getlist("services")
        try:
            representation = services.request_representation(
                actor=request.user, proof=request.FILES.get("proof"), login=login_context(request),
                ip=request.META.get("REMOTE_ADDR"), **{**values, "kind": values["kind"] or PartyKind.COMPANY})
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            if representation.company.is_company:
                text = _("Am primit cererea de a reprezenta firma %(name)s. Registratura verifică documentul, de "
                         "obicei în 1–2 zile lucrătoare; vă anunțăm prin e-mail. Până atunci nu puteți depune cereri "
                         "în numele firmei.")
            else:
                text = _("Am primit cererea de a reprezenta persoana %(name)s. Registratura verifică documentul, de "
                         "obicei în 1–2 zile lucrătoare; vă anunțăm prin e-mail. Până atunci nu puteți depune cereri "
                         "în numele persoanei.")
            messages.success(request, text % {"name": representation.company.name})
            return redirect("accounts:profile")
    representations = list(representations_of(request.user))
    # A mandate counts before the city hall that verified it: the others are shown as such (the history stays),
    # with a way to ask this city hall to verify the same proof when it has no claim of its own for the party.
    open_here = {r.company_id for r in representations if r.city_hall_id == getattr(here, "pk", None)
                 and r.status in services.OPEN_STATUSES and not r.expired}
    offered = set()
    for r in representations:
        r.here = r.city_hall_id == getattr(here, "pk", None)
        r.offer_here = bool(not r.here and r.proof_id and r.company_id not in open_here
                            and r.company_id not in offered and r.status == RepresentationStatus.VERIFIED
                            and not r.expired)
        if r.offer_here:
            offered.add(r.company_id)
    given = list(mandates_given_by(request.user))
    for r in given:
        r.here = r.city_hall_id == getattr(here, "pk", None)
    return render(request, "accounts/profile.html", {
        "person": person_of(request.user), "representations": representations, "given": given,
        "values": values, "errors": errors, "capacities": CAPACITIES, "proof_kinds": ProofKind.choices,
        "catalog": Service.objects.filter(active=True, institution_id__in=served_institution_ids())
        .order_by("name").only("slug", "name"),
    })


def _claim_again(request):
    """The resident asks this city hall to verify a mandate another city hall verified, with the same proof."""
    try:
        representation = services.claim_again_here(
            actor=request.user, representation_id=request.POST.get("reuse", ""), login=login_context(request),
            ip=request.META.get("REMOTE_ADDR"))
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Am trimis registraturii acestei primării documentul mandatului pentru %(name)s. "
                                    "Vă anunțăm prin e-mail după verificare.") % {"name": representation.company.name})
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_representation(request, pk):
    """Either side ends a mandate: its holder, or the person (or company) it was given for (core.rules)."""
    representation = get_object_or_404(Representation.objects.select_related("company", "user"), pk=pk)
    if not rules.can(request.user, representation, "revoke") and representation.user_id != request.user.pk:
        raise Http404()
    try:
        services.revoke_representation(actor=request.user, representation_id=representation.pk,
                                       reason=request.POST.get("reason", ""), ip=request.META.get("REMOTE_ADDR"))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, DomainError) else str(exc))
    else:
        if representation.user_id == request.user.pk:
            text = (_("Nu mai reprezentați firma %(name)s.") if representation.company.is_company
                    else _("Nu mai reprezentați persoana %(name)s."))
            messages.success(request, text % {"name": representation.company.name})
        else:
            holder = representation.user.get_full_name() or representation.user.email
            if representation.company.is_company:
                text = _("Ați revocat mandatul lui %(holder)s. De acum nu mai poate acționa în numele %(name)s.")
            else:
                text = _("Ați revocat mandatul lui %(holder)s. De acum nu mai poate acționa în numele "
                         "dumneavoastră.")
            messages.success(request, text % {"holder": holder, "name": representation.company.name})
    return redirect(_safe_next(request, "accounts:profile"))


@login_required
@require_POST
def act_as(request):
    """Choose whom to act for ("Acționați în numele"); with a service (the catalog's "start" form), only a
    mandate whose scope covers it."""
    wanted = request.POST.get("party", "")
    party = next((p for p in parties_of(request.user) if str(p.public_id) == wanted), None)
    slug = request.POST.get("service", "").strip()
    service = (Service.objects.filter(institution=main_institution(), slug=slug, active=True).first()
               if slug else None)
    if party is None or not rules.can(request.user, party, "act_for"):
        messages.error(request, _("Nu puteți acționa în numele acestui solicitant."))
    elif service is not None and not rules.can(request.user, Request(applicant=party, service=service), "start"):
        messages.error(request, rules.scope_message(party, service))
    else:
        request.session[ACTING_SESSION_KEY] = str(party.public_id)
        messages.success(request, _("Acționați acum în numele: %(name)s.") % {"name": party.name})
    return redirect(_safe_next(request, "requests:mine"))


def _safe_next(request, default):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
