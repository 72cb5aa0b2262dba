"""CSC API v2 endpoints (Cloud Signature Consortium, "Architectures and protocols for remote signature
applications", v2.0): info, auth/login, oauth2/token, credentials/list|info|authorize, signatures/signHash.

Tokens and signature activation data (SAD) are signed with SECRET_KEY (django.core.signing), so any
number of web processes can answer. The SAD is bound to the credential and to the hashes it authorises
(SCAL 2): it signs those hashes and nothing else, for five minutes.
"""

import base64
import binascii
import json
from functools import wraps

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.serialization import Encoding
from django.core import signing
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .store import CSCStore, accounts

TOKEN_SALT = "primaria.signing.csc.token"
SAD_SALT = "primaria.signing.csc.sad"
TOKEN_SECONDS = 3600
SAD_SECONDS = 300
HASHES = {
    "2.16.840.1.101.3.4.2.1": hashes.SHA256(),
    "2.16.840.1.101.3.4.2.2": hashes.SHA384(),
    "2.16.840.1.101.3.4.2.3": hashes.SHA512(),
}
ECDSA = {"1.2.840.10045.4.3.2": "2.16.840.1.101.3.4.2.1", "1.2.840.10045.4.3.3": "2.16.840.1.101.3.4.2.2",
         "1.2.840.10045.4.3.4": "2.16.840.1.101.3.4.2.3"}
EC_PUBLIC_KEY = "1.2.840.10045.2.1"
METHODS = ["auth/login", "oauth2/token", "credentials/list", "credentials/info", "credentials/authorize",
           "signatures/signHash"]


class CSCError(Exception):
    def __init__(self, error, description, status=400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def endpoint(authenticated=True, methods=("POST",)):
    def decorate(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        @wraps(view)
        def wrapper(request):
            if not accounts():
                raise Http404(gettext("Serverul CSC local nu este pornit (PRIMARIA_CSC_SERVER_ACCOUNTS)."))
            try:
                body = json.loads(request.body or b"{}") if request.content_type == "application/json" else {}
                if not isinstance(body, dict):
                    raise CSCError("invalid_request", "The request body must be a JSON object.")
                owner = _bearer(request) if authenticated else None
                return JsonResponse(view(request, body, owner) if authenticated else view(request, body))
            except json.JSONDecodeError:
                return JsonResponse({"error": "invalid_request", "error_description": "Malformed JSON."}, status=400)
            except CSCError as exc:
                return JsonResponse({"error": exc.error, "error_description": exc.description}, status=exc.status)
        return wrapper
    return decorate


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise CSCError("invalid_token", "Missing bearer token.", status=401)
    try:
        owner = signing.loads(header[7:], salt=TOKEN_SALT, max_age=TOKEN_SECONDS)["sub"]
    except (signing.BadSignature, KeyError, TypeError):
        raise CSCError("invalid_token", "Invalid or expired access token.", status=401)
    if owner not in accounts():
        raise CSCError("invalid_token", "Unknown account.", status=401)
    return owner


def _token(owner: str) -> dict:
    return {"access_token": signing.dumps({"sub": owner}, salt=TOKEN_SALT), "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS}


def _check_password(user, password):
    expected = accounts().get(user)
    if expected is None or not signing.constant_time_compare(expected, password or ""):
        raise CSCError("invalid_request", "Authentication failed.", status=401)


@endpoint(authenticated=False, methods=("GET", "POST"))
def info(request, body):
    base = request.build_absolute_uri("/").rstrip("/")
    return {
        "specs": "2.0.0.2", "name": "Primăria Demo – serviciu de semnare la distanță (test)",  # i18n: ro (its own name)
        "logo": "",
        "region": "RO", "lang": "ro-RO",
        "description": "Server CSC local: cheile rămân în serviciu, platforma trimite doar amprente.",  # i18n: ro
        "authType": ["basic", "oauth2client"], "oauth2": f"{base}/csc/v2/", "asynchronousOperationMode": False,
        "methods": METHODS, "validationInfo": False,
        "signAlgorithms": {"algos": list(ECDSA) + [EC_PUBLIC_KEY]},
    }


@endpoint(authenticated=False)
def auth_login(request, body):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        raise CSCError("invalid_request", "HTTP Basic authentication required.", status=401)
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise CSCError("invalid_request", "Malformed Basic credentials.", status=401)
    _check_password(user, password)
    token = _token(user)
    return {"access_token": token["access_token"], "expires_in": token["expires_in"]}


@csrf_exempt
@require_http_methods(["POST"])
def oauth2_token(request):
    """OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials), form-encoded as OAuth requires."""
    if not accounts():
        raise Http404
    client_id, secret = request.POST.get("client_id", ""), request.POST.get("client_secret", "")
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return JsonResponse({"error": "invalid_client"}, status=401)
    if request.POST.get("grant_type") != "client_credentials":
        return JsonResponse({"error": "unsupported_grant_type"}, status=400)
    try:
        _check_password(client_id, secret)
    except CSCError:
        return JsonResponse({"error": "invalid_client"}, status=401)
    return JsonResponse(_token(client_id))


def _credential(owner, body):
    credential_id = body.get("credentialID")
    credential = CSCStore().get(credential_id) if isinstance(credential_id, str) else None
    if credential is None or credential["owner"] != owner:
        raise CSCError("invalid_request", "Invalid parameter credentialID.")
    return credential_id, credential


def _credential_info(credential_id, credential, body) -> dict:
    pems = credential["certificates"]
    which = body.get("certificates", "single")
    selected = {"none": [], "single": pems[:1], "chain": pems}.get(which)
    if selected is None:
        raise CSCError("invalid_request", "Invalid parameter certificates.")
    certificate = x509.load_pem_x509_certificate(pems[0].encode())
    result = {
        "description": credential.get("description", ""),
        "key": {"status": "enabled", "algo": list(ECDSA) + [EC_PUBLIC_KEY], "len": 256, "curve": "1.2.840.10045.3.1.7"},
        "cert": {"status": "valid", "certificates": [
            base64.b64encode(x509.load_pem_x509_certificate(p.encode()).public_bytes(Encoding.DER)).decode()
            for p in selected]},
        "auth": {"mode": "implicit"}, "SCAL": "2", "multisign": 10, "lang": "ro-RO",
    }
    if body.get("certInfo"):
        result["cert"].update({
            "issuerDN": certificate.issuer.rfc4514_string(), "subjectDN": certificate.subject.rfc4514_string(),
            "serialNumber": format(certificate.serial_number, "x"),
            "validFrom": certificate.not_valid_before_utc.strftime("%Y%m%d%H%M%SZ"),
            "validTo": certificate.not_valid_after_utc.strftime("%Y%m%d%H%M%SZ"),
        })
    return result


@endpoint()
def credentials_list(request, body, owner):
    user_id = body.get("userID")
    found = CSCStore().credentials(owner=owner, user_id=user_id if isinstance(user_id, str) else None)
    result = {"credentialIDs": sorted(found)}
    if body.get("credentialInfo"):
        result["credentialInfos"] = [{"credentialID": cid, **_credential_info(cid, found[cid], body)}
                                     for cid in sorted(found)]
    return result


@endpoint()
def credentials_info(request, body, owner):
    credential_id, credential = _credential(owner, body)
    return _credential_info(credential_id, credential, body)


def _hash_list(body, key_v2="hashes", key_v1="hash"):
    values = body.get(key_v2, body.get(key_v1))
    if values is None:
        return None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values) or not values:
        raise CSCError("invalid_request", f"Invalid parameter {key_v2}.")
    return values


@endpoint()
def credentials_authorize(request, body, owner):
    credential_id, _credential_data = _credential(owner, body)
    try:
        count = int(body.get("numSignatures"))
    except (TypeError, ValueError):
        raise CSCError("invalid_request", "Invalid parameter numSignatures.")
    hashes_b64 = _hash_list(body)
    if hashes_b64 is None:  # SCAL 2: the authorisation names the hashes it allows
        raise CSCError("invalid_request", "Missing parameter hashes (SCAL 2).")
    if count < 1 or count > 10 or count != len(hashes_b64):
        raise CSCError("invalid_request", "Invalid parameter numSignatures.")
    sad = signing.dumps({"cid": credential_id, "sub": owner, "h": sorted(hashes_b64)}, salt=SAD_SALT)
    return {"SAD": sad, "expiresIn": SAD_SECONDS}


@endpoint()
def signatures_sign_hash(request, body, owner):
    credential_id, _credential_data = _credential(owner, body)
    try:
        sad = signing.loads(body.get("SAD", ""), salt=SAD_SALT, max_age=SAD_SECONDS)
    except (signing.BadSignature, TypeError):
        raise CSCError("invalid_request", "Invalid or expired SAD.")
    if sad.get("cid") != credential_id or sad.get("sub") != owner:
        raise CSCError("invalid_request", "The SAD was issued for another credential.")
    hashes_b64 = _hash_list(body)
    if hashes_b64 is None or not set(hashes_b64) <= set(sad.get("h", [])):
        raise CSCError("invalid_request", "Hash not authorised by the SAD.")
    sign_algo = body.get("signAlgo")
    hash_oid = body.get("hashAlgorithmOID", body.get("hashAlgo")) or ECDSA.get(sign_algo)
    if sign_algo not in ECDSA and sign_algo != EC_PUBLIC_KEY:
        raise CSCError("invalid_request", "Invalid parameter signAlgo.")
    if hash_oid not in HASHES or (sign_algo in ECDSA and ECDSA[sign_algo] != hash_oid):
        raise CSCError("invalid_request", "Invalid parameter hashAlgorithmOID.")
    algorithm = HASHES[hash_oid]
    key = CSCStore().private_key(credential_id)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CSCError("invalid_request", "Unsupported key.")
    signatures = []
    for value in hashes_b64:
        try:
            digest = base64.b64decode(value, validate=True)
        except binascii.Error:
            raise CSCError("invalid_request", "Invalid parameter hashes.")
        if len(digest) != algorithm.digest_size:
            raise CSCError("invalid_request", "Invalid digest length.")
        signatures.append(base64.b64encode(key.sign(digest, ec.ECDSA(utils.Prehashed(algorithm)))).decode())
    return {"signatures": signatures}
