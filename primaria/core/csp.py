"""The Content-Security-Policy header on every answer: scripts and styles only from this site's own files.

No page has an inline <script>, an on…="" handler or a style="" attribute: behaviour lives in static
JavaScript files and looks in static CSS files, so an injected script or style has nowhere to run even
if some text escaped the templates' escaping. The policy is `settings.PRIMARIA_CSP` (a directive → its
sources); the origins the site legitimately reaches are added from the settings that name them: the map
tiles (PRIMARIA_MAP_TILES_URL) to img-src, the card payment page (PRIMARIA_NETOPIA_URL) and the ROeID
provider (PRIMARIA_ROEID_ISSUER) to form-action, since a form sent to this site may be redirected there.
A view that sets its own Content-Security-Policy keeps it.

One page is looser: the API's interactive documentation (/api/v1/docs/, Swagger UI) loads Swagger UI from
SPECTACULAR_SETTINGS' SWAGGER_UI_DIST, and Swagger UI sets style attributes as it draws; its own start-up
script is a separate file (SpectacularSwaggerSplitView), so it still runs no inline script.
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings


def origin(url: str) -> str:
    """"https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org"; "" when not a URL."""
    parts = urlsplit(url.replace("{s}.", "*.") if url else "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('%7Bs%7D', '*')}"


@cache
def _header(policy_items: tuple, tiles: str, payment: str, roeid: str, extra_form_action: tuple) -> str:
    policy = {name: list(sources) for name, sources in policy_items}
    if origin(tiles):
        policy.setdefault("img-src", ["'self'"]).append(origin(tiles))
    for url in (payment, roeid, *extra_form_action):
        if origin(url):
            policy.setdefault("form-action", ["'self'"]).append(origin(url))
    return "; ".join(f"{name} {' '.join(dict.fromkeys(sources))}".strip() for name, sources in policy.items())


def header(path: str = "") -> str:
    if path.startswith(API_DOCS):
        return api_docs_header()
    return _header(tuple((name, tuple(sources)) for name, sources in settings.PRIMARIA_CSP.items()),
                   settings.PRIMARIA_MAP_TILES_URL, settings.PRIMARIA_NETOPIA_URL, settings.PRIMARIA_ROEID_ISSUER,
                   tuple(settings.PRIMARIA_CSP_FORM_ACTION))


API_DOCS = "/api/v1/docs/"


def api_docs_header() -> str:
    from drf_spectacular.settings import spectacular_settings

    dist = origin(spectacular_settings.SWAGGER_UI_DIST)
    policy = {**settings.PRIMARIA_CSP, "script-src": ["'self'", dist], "style-src": ["'self'", "'unsafe-inline'", dist],
              "img-src": ["'self'", "data:", dist]}
    return "; ".join(f"{name} {' '.join(source for source in sources if source)}" for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PRIMARIA_CSP and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = header(request.path_info)
        return response
