from django import template

from .. import selectors, services
from ..models import Invitation

register = template.Library()


@register.inclusion_tag("satisfaction/_invitation_link.html", takes_context=True)
def survey_invitation(context, request_obj=None, report=None):
    """The in-app link to the applicant's open survey, on the page of their request or report."""
    user = context["request"].user if "request" in context else None
    invitation = selectors.open_invitation_for(user, request=request_obj, report=report) if (
        request_obj is not None or report is not None) else None
    return {"invitation": invitation, "link": services.survey_path(invitation) if invitation else ""}


@register.simple_tag
def report_survey_link(report) -> str:
    """The survey link of a closed report, while it can be answered (the page shows it to the reporter only)."""
    invitation = Invitation.objects.filter(report=report).first()
    return services.survey_path(invitation) if invitation is not None and invitation.open else ""
