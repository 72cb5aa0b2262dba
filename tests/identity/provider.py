"""A real OpenID Connect provider for the tests: oidc-provider-mock, run in a thread on a free port.

The provider serves whatever claims a test gives a person (ROeID's `cnp`, `nume`, `prenume`...). A test
can also ask it to hand out one bad ID token: re-signed with a stranger's key (same key id), or signed
with the provider's own key but for another audience, from another issuer or with another nonce.

It enforces PKCE as a real provider does (the mock itself does not): a code is exchanged only with the
verifier whose S256 digest was sent with the authorization request, so every login of the tests proves that
our client sends both.
"""

import base64
import hashlib
import re
import threading
from urllib.parse import parse_qs, urlparse

import flask
import oidc_provider_mock
import requests
from joserfc import jwk, jwt

TAMPERS = {
    "aud": lambda claims: {**claims, "aud": "alt-serviciu"},
    "iss": lambda claims: {**claims, "iss": "https://emitent-fals.example"},
    "nonce": lambda claims: {**claims, "nonce": "un-nonce-vechi"},
}


class LocalProvider:
    def __init__(self):
        self.tamper: str | None = None
        self.discovery_issuer: str | None = None  # a discovery document naming another issuer
        self.app = oidc_provider_mock.app(require_nonce=True)
        self.app.after_request(self._tamper_token)
        self.app.after_request(self._remember_challenge)
        self.app.before_request(self._check_verifier)
        self._challenges: dict[str, tuple[str | None, str | None]] = {}
        self.pkce_checked = 0
        self._server = None
        self.url = ""

    def _remember_challenge(self, response):
        if flask.request.path != "/oauth2/authorize":
            return response
        if response.status_code in (302, 303):
            code = query(response.headers.get("Location", "")).get("code")
        else:  # response_mode=form_post: a page that posts the code back
            found = re.search(r'name="code"\s+value="([^"]+)"', response.get_data(as_text=True))
            code = found.group(1) if found else None
        if code:
            self._challenges[code] = (flask.request.args.get("code_challenge"),
                                      flask.request.args.get("code_challenge_method"))
        return response

    def _check_verifier(self):
        if flask.request.path != "/oauth2/token" or flask.request.form.get("grant_type") != "authorization_code":
            return None
        challenge, method = self._challenges.pop(flask.request.form.get("code", ""), (None, None))
        verifier = flask.request.form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if method != "S256" or not challenge or not verifier or digest != challenge:
            return flask.jsonify(error="invalid_grant", error_description="PKCE verification failed"), 400
        self.pkce_checked += 1
        return None

    def _tamper_token(self, response):
        if flask.request.path.endswith("/openid-configuration") and self.discovery_issuer:
            response.set_data(flask.json.dumps({**response.get_json(), "issuer": self.discovery_issuer}))
            return response
        if flask.request.path != "/oauth2/token" or not self.tamper or response.status_code != 200:
            return response
        body = response.get_json()
        if not body or "id_token" not in body:
            return response
        own_key = jwk.RSAKey.import_key(flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True))
        token = jwt.decode(body["id_token"], own_key)
        if self.tamper == "signature":
            key = jwk.RSAKey.generate_key(2048, private=True)
            claims = token.claims
        else:
            key = own_key
            claims = TAMPERS[self.tamper](token.claims)
        body["id_token"] = jwt.encode(dict(token.header), claims, key)
        response.set_data(flask.json.dumps(body))
        return response

    def start(self):
        from werkzeug.serving import make_server

        self._server = make_server("localhost", 0, self.app, threaded=True)
        self.url = f"http://localhost:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def set_person(self, sub: str, claims: dict):
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The person logs in at the provider; returns where the provider sends the browser back."""
        assert authorize_url.startswith(self.url + "/"), authorize_url
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def cnp(birth="800101", county="35", serial="001", sex="1") -> str:
    """A CNP with a correct check digit."""
    body = sex + birth + county + serial
    total = sum(int(d) * int(w) for d, w in zip(body, "279146358279", strict=True)) % 11
    return body + str(1 if total == 10 else total)


def roeid_claims(cnp_value: str, **extra) -> dict:
    claims = {"cnp": cnp_value, "nume": "Georgescu", "prenume": "Ana-Maria", "email": "ana.georgescu@example.ro",
              "telefon": "0722 000 111", "adresa": "Str. Libertății nr. 7", "localitate": "Municipiul Demo",
              "judet": "Timiș", "acr": "http://eidas.europa.eu/LoA/substantial"}
    claims.update(extra)
    return {key: value for key, value in claims.items() if value is not None}
