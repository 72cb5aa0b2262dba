from django import template

from primaria.accounts import LOGIN_SESSION_KEY
from primaria.identity.providers import provider

register = template.Library()


@register.inclusion_tag("identity/login_button.html")
def roeid_login(next_url=""):
    """The "Intră cu ROeID" button, only when ROeID is configured."""
    return {"enabled": provider("roeid").is_enabled(), "next": next_url}


@register.inclusion_tag("identity/logout_item.html", takes_context=True)
def roeid_logout(context):
    """"Ieșire și din ROeID", for a session that logged in with ROeID at a provider that offers it."""
    request = context.get("request")
    session = getattr(request, "session", None) or {}
    login = session.get(LOGIN_SESSION_KEY) or {}
    return {"show": login.get("method") == "roeid" and session.get("identity.end_session", False),
            "csrf_token": context.get("csrf_token")}
