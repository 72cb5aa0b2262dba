"""The survey's pages: answering through the signed link (no account needed), the resident's surveys, and the
comments for those allowed to read them (/birou/satisfactie/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from primaria.core.errors import DomainError, field_errors

from . import selectors, services


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@require_http_methods(["GET", "POST"])
def survey(request, token):
    try:
        invitation = services.from_token(token)
    except DomainError as error:
        return render(request, "satisfaction/closed.html", {"message": error.messages[0]}, status=404)
    if request.method == "GET" and request.GET.get("multumim") and invitation.answered_at:
        return render(request, "satisfaction/thanks.html", {"invitation": invitation})
    problem = services.refusal(invitation)
    if problem:
        return render(request, "satisfaction/closed.html", {"message": problem, "invitation": invitation},
                      status=410 if invitation.answered_at is None else 200)
    errors, values = {}, {}
    if request.method == "POST":
        values = {k: v for k, v in request.POST.items() if k.startswith("q_")}
        try:
            services.answer(actor=request.user, invitation_id=invitation.pk, data=request.POST, by_link=True,
                            ip=_ip(request))
        except DomainError as error:
            errors = field_errors(error)
            if "__all__" in errors:
                return render(request, "satisfaction/closed.html", {"message": errors["__all__"]}, status=400)
        else:
            return redirect(request.path + "?multumim=1")
    report = invitation.report
    return render(request, "satisfaction/survey.html", {
        "invitation": invitation, "questions": _questions(invitation, values),
        "errors": errors, "already_rated": report is not None and report.rating is not None,
    }, status=400 if errors else 200)


def _shown(text: str) -> str:
    """A question's text in the page's language when it is one of the default set's (in the catalog); a text an
    administrator wrote is shown as written."""
    return _(text) if text else text


def _questions(invitation, values):
    shown = []
    for question in invitation.question_set.questions:
        shown.append({**question, "label": _shown(question.get("label", "")),
                      "choice_labels": [{"value": c, "label": _shown(c)} for c in question.get("choices", [])],
                      "field": f"q_{question['code']}", "value": values.get(f"q_{question['code']}", "")})
    return shown


@login_required
def mine(request):
    invitations = list(selectors.invitations_of(request.user)[:100])
    for invitation in invitations:
        invitation.link = services.survey_path(invitation) if invitation.open else ""
    return render(request, "satisfaction/mine.html", {"invitations": invitations})


@login_required
def comments(request):
    """The comments of the answers, for the leaders of the institution and the heads of departments (rules)."""
    if not selectors.can_read_comments(request.user):
        raise PermissionDenied(_("Comentariile pot fi citite doar de conducerea instituției și de șeful "
                                 "compartimentului."))
    period = selectors.period_from(request.GET)
    if period.error:
        messages.error(request, period.error)
    page = Paginator(selectors.comments_visible_to(request.user, period), 50).get_page(request.GET.get("pagina"))
    return render(request, "satisfaction/comments.html", {"page": page, "period": period,
                                                          "periods": selectors.PERIODS})
