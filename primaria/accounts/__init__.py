"""Accounts, parties and mandates.

`login_context(request)` says how the person behind a web request signed in: the method ("password",
"roeid", ...) and its level of assurance, as the log-in stored them in the session (`remember_login`).
Domain functions record it on what the person files; a request with no such session (the API with a token,
a job, a test) gives empty values.
"""

from dataclasses import dataclass

LOGIN_SESSION_KEY = "primaria_login"


@dataclass(frozen=True)
class LoginContext:
    method: str = ""
    loa: str = ""


NO_LOGIN = LoginContext()


def login_context(request) -> LoginContext:
    """How the signed-in user of `request` logged in, or empty values when the session does not say."""
    session = getattr(request, "session", None)
    stored = session.get(LOGIN_SESSION_KEY) if session is not None else None
    if not isinstance(stored, dict):
        return NO_LOGIN
    return LoginContext(method=str(stored.get("method") or "")[:20], loa=str(stored.get("loa") or "")[:20])


def remember_login(request, *, method: str, loa: str) -> None:
    """Keep in the session how the user just signed in (call it after `django.contrib.auth.login`)."""
    request.session[LOGIN_SESSION_KEY] = {"method": method, "loa": loa}
