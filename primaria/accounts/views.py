from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from primaria.core.errors import DomainError, field_errors

from . import services
from .models import ProofKind, Representation
from .selectors import ACTING_SESSION_KEY, parties_of, person_of, representations_of

CAPACITIES = ["Administrator", "Asociat unic", "Împuternicit", "Reprezentant legal"]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def signup(request):
    values, errors = {}, {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ["first_name", "last_name", "cnp", "email", "phone", "address"]}
        try:
            user = services.register_person(password=request.POST.get("password", ""), ip=request.META.get("REMOTE_ADDR"), **values)
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            login(request, user, backend="primaria.accounts.backends.AccountsBackend")
            messages.success(request, "Contul a fost creat. V-am trimis un e-mail: deschideți linkul din el ca să confirmați adresa.")
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"values": values, "errors": errors})


def verify(request, token):
    try:
        services.verify_email(token)
    except DomainError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Adresa de e-mail a fost confirmată. Puteți depune cereri online.")
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")


@login_required
@require_POST
def resend_verification(request):
    if not request.user.email_verified:
        services.send_verification(request.user)
        messages.success(request, "V-am trimis din nou e-mailul de confirmare.")
    return redirect("accounts:profile")


@login_required
def profile(request):
    values, errors = {}, {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in
                  ["cui", "name", "address", "capacity", "registration_code", "proof_kind", "valid_until"]}
        try:
            representation = services.request_representation(
                actor=request.user, proof=request.FILES.get("proof"), ip=request.META.get("REMOTE_ADDR"), **values)
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, f"Am primit cererea de a reprezenta firma {representation.company.name}. "
                                      "Registratura verifică documentul, de obicei în 1–2 zile lucrătoare; "
                                      "vă anunțăm prin e-mail. Până atunci nu puteți depune cereri în numele firmei.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {
        "person": person_of(request.user), "representations": representations_of(request.user),
        "values": values, "errors": errors, "capacities": CAPACITIES, "proof_kinds": ProofKind.choices,
    })


@login_required
@require_POST
def revoke_representation(request, pk):
    """The person gives up a mandate; only their own can be found here."""
    representation = get_object_or_404(Representation, pk=pk, user=request.user)
    try:
        services.revoke_representation(actor=request.user, representation_id=representation.pk,
                                       reason=request.POST.get("reason", ""), ip=request.META.get("REMOTE_ADDR"))
    except DomainError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Nu mai reprezentați firma {representation.company.name}.")
    return redirect("accounts:profile")


@login_required
@require_POST
def act_as(request):
    wanted = request.POST.get("party", "")
    party = next((p for p in parties_of(request.user) if str(p.public_id) == wanted), None)
    if party is None:
        messages.error(request, "Nu puteți acționa în numele acestui solicitant.")
    else:
        request.session[ACTING_SESSION_KEY] = str(party.public_id)
        messages.success(request, f"Acționați acum în numele: {party.name}.")
    return redirect(request.POST.get("next") or "requests:mine")


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
