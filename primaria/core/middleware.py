"""Refusing input that no page, API call or database can take, before any view sees it.

A NUL character or a lone surrogate cannot be stored in PostgreSQL and breaks the text it sits in; bytes
that are not UTF-8 would reach a view already replaced by "�" (Django decodes forms leniently), so what
was stored would not be what was sent; a JSON body nested thousands of levels deep exhausts the stack
of any recursive parser. None of these is an honest answer, so the request is refused as a whole with a
400 in Romanian: a page in the site's design, or {"detail": …} for the API. Nothing reached a view, so
nothing can be half-saved.

What is merely invisible (control and bidirectional formatting characters) is not refused here: the
domain removes it from answers and file names (`primaria.core.validators.clean_text`, `safe_filename`).
"""

import base64
import binascii
import logging
import re
from email.message import Message
from importlib import import_module
from itertools import accumulate
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MAX_TOTAL_HEADER_SIZE, MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.http import parse_header_parameters
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Deeper than any document the platform exchanges, far below Python's recursion limit.
MAX_JSON_DEPTH = 64

PAGE_TITLE = gettext_lazy("Datele trimise nu pot fi primite")

# Where the bad input was found, as the start of a sentence.
PATH, QUERY, HEADERS, FORM, FILE_NAME, JSON = (
    gettext_lazy("În adresa paginii"), gettext_lazy("În parametrii adresei paginii"), gettext_lazy("În antetele cererii"), gettext_lazy("În formularul trimis"),
    gettext_lazy("În numele unui fișier încărcat"), gettext_lazy("În corpul JSON al cererii"),
)
MALFORMED_FORM = gettext_lazy("Formularul trimis nu a putut fi citit. Reîncărcați pagina și încercați din nou.")
TOO_DEEP = format_lazy(gettext_lazy("Corpul JSON al cererii are prea multe niveluri incluse unul în altul: cel mult "
                                   "{depth} sunt permise."), depth=MAX_JSON_DEPTH)
TOO_BIG = gettext_lazy("Datele trimise depășesc dimensiunea maximă acceptată.")
TOO_MANY_FIELDS = gettext_lazy("Formularul trimis are prea multe câmpuri.")
TOO_MANY_FILES = gettext_lazy("Ați trimis prea multe fișiere deodată.")
UNKNOWN_CHARSET = (gettext_lazy("Setul de caractere declarat în antetul Content-Type nu este acceptat. Trimiteți datele "
                   "codificate UTF-8."))


class Refusal(Exception):
    """Input refused as a whole; the message tells the sender why, in Romanian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def null_character(place: str) -> Refusal:
    return Refusal(_("%(place)s apare caracterul nul (U+0000), care nu este permis. Ștergeți-l (de obicei vine din text copiat dintr-un alt program) și încercați din nou.") % {"place": place})


def lone_surrogate(place: str) -> Refusal:
    return Refusal(_("%(place)s apare o secvență de caractere Unicode nevalidă (un „surogat” fără pereche). Corectați textul și încercați din nou.") % {"place": place})


def not_utf8(place: str) -> Refusal:
    return Refusal(_("%(place)s apar octeți care nu formează text UTF-8 valid. Trimiteți textul codificat UTF-8 și încercați din nou.") % {"place": place})


# --- text ----------------------------------------------------------------------------------------------


def check_text(text: str, place: str) -> None:
    """Refuse text holding a character no database column can keep: NUL or a lone surrogate."""
    if "\x00" in text:
        raise null_character(place)
    if not text.isascii():
        try:
            text.encode("utf-8")  # fails exactly on a surrogate, and runs in C
        except UnicodeEncodeError:
            raise lone_surrogate(place) from None


def decode(data: bytes, encoding: str, place: str) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise not_utf8(place) from None
    check_text(text, place)
    return text


def check_urlencoded(data: bytes, encoding: str, place: str) -> None:
    """Refuse a query string or form body whose names or values are not text in `encoding`.

    The whole string is decoded at once: "&" and "=" are ASCII, so a multi-byte character can never span
    two fields, and the string decodes strictly if and only if every name and value does. Fields are
    counted first, as Django counts them, so that a body Django would refuse is not decoded for nothing.
    """
    if not data:
        return
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is not None and data.count(b"&") + 1 > limit:
        raise Refusal(TOO_MANY_FIELDS)
    decode(unquote_to_bytes(data), encoding, place)


# --- JSON ----------------------------------------------------------------------------------------------

# Escaped backslashes and escaped quotes: the only escapes that change where a string ends. Removed left
# to right they pair up as a JSON parser pairs them (any other escape starts with a lone backslash).
_QUOTE_OR_BACKSLASH_ESCAPE = re.compile(r'\\[\\"]')
_QUOTED = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_DEPTH_CHUNK = 1 << 16
# \u0000 or a surrogate escape. Looked for again once the escaped backslashes are gone (so that every
# backslash left starts an escape, and an escaped backslash followed by the letters "u0000" no longer looks
# like one) and the well-formed surrogate pairs (an emoji, say) are gone too.
_RISKY_ESCAPE = re.compile(r"\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_ESCAPED_BACKSLASH = re.compile(r"\\\\")
_SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the brackets outside strings nest deeper than `limit`, without parsing (so without recursion).

    The escapes that could hide a quote are removed first, so every remaining quote opens or closes a
    string; strings are removed next, so every remaining bracket is structure; the depth is then summed in
    C, a slice at a time so that a body of a million "[" stops at the first slice. Linear in time whatever
    the body.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    skeleton = _NOT_BRACKET.sub("", _QUOTED.sub("", _QUOTE_OR_BACKSLASH_ESCAPE.sub("", text)))
    depth = 0
    for start in range(0, len(skeleton), _DEPTH_CHUNK):
        levels = list(accumulate(map(_NESTING_STEP.__getitem__, skeleton[start:start + _DEPTH_CHUNK]),
                                 initial=depth))
        if max(levels) > limit:
            return True
        depth = levels[-1]
    return False


def check_json(text: str) -> None:
    """Refuse a JSON document that nests too deep or whose strings hold NUL or a lone surrogate, whether
    written as such or as a \\u escape; a document that is simply not JSON is left to its parser."""
    check_text(text, JSON)
    if json_too_deep(text):
        raise Refusal(TOO_DEEP)
    if not _RISKY_ESCAPE.search(text):
        return  # the usual case, found in one pass in C
    found = _RISKY_ESCAPE.search(_SURROGATE_PAIR.sub("", _ESCAPED_BACKSLASH.sub("", text)))
    if found:
        raise null_character(JSON) if found.group(1) == "0000" else lone_surrogate(JSON)


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or (content_type.startswith("application/")
                                                  and content_type.endswith("+json"))


# --- multipart -----------------------------------------------------------------------------------------


class MultipartScanner:
    """Follows a multipart/form-data body while Django's parser reads it, and checks its raw bytes.

    Django decodes field values and file names with errors="replace", so bytes that are not UTF-8 would
    reach the view as "�" and a NUL in a file name would silently disappear; only the raw bytes tell. The
    scanner splits the body where Django does (at every "--boundary", a part's headers ending at the first
    blank line), so it checks every part Django keeps: all header lines (field names, file names, also
    RFC 2231 `filename*=`), and the value of every part that is not a file. File contents are not kept.
    """

    def __init__(self, boundary: bytes, encoding: str):
        self.delimiter = b"--" + boundary
        self.encoding = encoding
        self.buffer = bytearray()
        self.in_headers = True
        self.is_field = False
        self.base64 = False
        self.value = bytearray()
        self.value_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.refusal = None

    def feed(self, data: bytes) -> None:
        if data and self.refusal is None:
            self.buffer += data
            self._advance(final=False)

    def close(self) -> None:
        if self.refusal is None:
            self._advance(final=True)

    def _advance(self, *, final: bool) -> None:
        try:
            self._split(final)
        except Refusal as refusal:
            self.refusal = refusal
            self.buffer.clear()
            self.value.clear()

    def _split(self, final: bool) -> None:
        size = len(self.delimiter)
        while True:
            boundary_at = self.buffer.find(self.delimiter)
            part_end = boundary_at if boundary_at >= 0 else len(self.buffer)
            if self.in_headers:
                headers_end = self.buffer.find(b"\r\n\r\n", 0, part_end)
                if headers_end >= 0:
                    self._start_part(bytes(self.buffer[:headers_end]))
                    del self.buffer[: headers_end + 4]
                elif boundary_at >= 0:  # a part without headers: Django skips it
                    del self.buffer[: boundary_at + size]
                elif len(self.buffer) > MAX_TOTAL_HEADER_SIZE + size + 4:
                    raise Refusal(MALFORMED_FORM)  # Django's parser refuses such headers too
                else:
                    return
            elif boundary_at >= 0:
                self._keep(self.buffer[:boundary_at])
                del self.buffer[: boundary_at + size]
                self._end_part()
            elif final:
                self._keep(self.buffer)
                self.buffer.clear()
                self._end_part()
                return
            else:
                # Hold back what could be the start of a delimiter cut in two by the read.
                cut = max(0, len(self.buffer) - size)
                self._keep(self.buffer[:cut])
                del self.buffer[:cut]
                return

    def _start_part(self, headers: bytes) -> None:
        self.in_headers, self.is_field, self.base64 = False, False, False
        self.value.clear()
        for line in headers.split(b"\r\n"):
            place = FILE_NAME if b"filename" in line.lower() else FORM
            if b"\x00" in line:
                raise null_character(place)
            text = decode(line, "utf-8", place)  # Django reads part headers as UTF-8
            self._check_parameters(text, place)
            try:
                main, params = parse_header_parameters(text)
                name, value = main.split(":", 1)
            except ValueError:
                continue
            if name == "content-disposition":
                self.is_field = not params.get("filename")
            elif name == "content-transfer-encoding":
                self.base64 = value.strip() == "base64"

    @staticmethod
    def _check_parameters(text: str, place: str) -> None:
        """Check header parameters as they will be decoded, RFC 2231 ones (filename*=utf-8''…) strictly."""
        if ";" not in text:
            return
        message = Message()
        message["content-type"] = text
        for _name, value in (message.get_params() or [])[1:]:
            if isinstance(value, tuple):
                charset, _language, raw = value
                decode(raw.encode("raw-unicode-escape"), charset or "us-ascii", place)
            else:
                check_text(value, place)

    def _keep(self, data) -> None:
        if self.is_field and (self.value_limit is None or len(self.value) <= self.value_limit):
            self.value += data

    def _end_part(self) -> None:
        if self.is_field and (self.value_limit is None or len(self.value) <= self.value_limit):
            value = bytes(self.value)
            # Django drops the line break before the delimiter, "\n" then "\r".
            value = value[:-1] if value.endswith(b"\n") else value
            value = value[:-1] if value.endswith(b"\r") else value
            if self.base64:
                try:
                    value = base64.b64decode(value)
                except binascii.Error:
                    pass
            decode(value, self.encoding, FORM)
        self.in_headers, self.is_field, self.base64 = True, False, False
        self.value.clear()


class ScannedStream:
    """The request's input stream, shown to a scanner as it is read."""

    def __init__(self, stream, scanner: MultipartScanner):
        self.stream, self.scanner = stream, scanner

    def read(self, *args, **kwargs):
        data = self.stream.read(*args, **kwargs)
        self.scanner.feed(data)
        return data

    def readline(self, *args, **kwargs):
        data = self.stream.readline(*args, **kwargs)
        self.scanner.feed(data)
        return data


def parse_multipart(request) -> None:
    """Have Django parse the form now, through the scanner; refuse what either of them cannot read.

    For POST this is what CsrfViewMiddleware would do a moment later anyway. Other methods (a PATCH with
    files to the API) get the same check; their parsed form is kept where Django REST framework looks for
    a form already read, so the view sees the same data.
    """
    _ctype, options = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    try:
        boundary = (options.get("boundary") or "").encode("ascii")
    except UnicodeEncodeError:
        boundary = b""
    scanner = None
    if boundary:
        scanner = MultipartScanner(boundary, request.encoding or settings.DEFAULT_CHARSET)
        request._stream = ScannedStream(request._stream, scanner)
    try:
        if request.method == "POST":
            post, files = request.POST, request.FILES
        else:
            post, files = request.parse_file_upload(request.META, request)
            request._post, request._files = post, files
    except Exception as exc:
        if scanner is not None and scanner.refusal is not None:
            raise scanner.refusal from None
        if isinstance(exc, MultiPartParserError):
            raise Refusal(MALFORMED_FORM) from None
        raise
    if scanner is not None:
        scanner.close()
        if scanner.refusal is not None:
            raise scanner.refusal
    for key, values in post.lists():
        check_text(key, FORM)
        for value in values:
            check_text(value, FORM)
    for uploaded in files.values():
        check_text(uploaded.name or "", FILE_NAME)


# --- the middleware ------------------------------------------------------------------------------------

_BODY_LIMITS = (
    (RequestDataTooBig, TOO_BIG),
    (TooManyFieldsSent, TOO_MANY_FIELDS),
    (TooManyFilesSent, TOO_MANY_FILES),
)


def check_request(request) -> None:
    """Raise Refusal for the first thing in the request that cannot be taken."""
    check_text(request.path_info, PATH)
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str) and "\x00" in value:
            raise null_character(HEADERS)
    query = request.META.get("QUERY_STRING", "")
    try:
        raw_query = query.encode("iso-8859-1")  # how WSGI hands over the bytes of the request line
    except UnicodeEncodeError:
        raw_query = query.encode("utf-8", "surrogatepass")
    encoding = request.encoding or settings.DEFAULT_CHARSET
    try:
        "".encode(encoding)  # a declared charset such as "bz2_codec" is a codec, but not of text
    except (LookupError, UnicodeError):
        raise Refusal(UNKNOWN_CHARSET) from None
    check_urlencoded(raw_query, encoding, QUERY)
    content_type = request.content_type or ""
    if content_type == "multipart/form-data":
        parse_multipart(request)
    elif content_type == "application/x-www-form-urlencoded":
        check_urlencoded(request.body, encoding, FORM)
    elif is_json(content_type) and request.body:
        check_json(decode(request.body, encoding, JSON))


def _reader_language(request) -> str:
    """The language LocaleMiddleware will choose (the `limba` cookie, then Accept-Language), or Romanian."""
    try:
        return translation.get_language_from_request(request)
    except Exception:  # noqa: BLE001 - unreadable headers: the default language
        return settings.LANGUAGE_CODE


class RefuseUnreadableInputMiddleware:
    """Answers 400 to a request carrying input nothing behind it could take (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # This runs before LocaleMiddleware: a refusal is written in the reader's language all the same.
        with translation.override(_reader_language(request)):
            try:
                check_request(request)
            except Refusal as refusal:
                return self.refuse(request, refusal.message)
            except SuspiciousOperation as exc:
                message = next((text for kind, text in _BODY_LIMITS if isinstance(exc, kind)), None)
                if message is None:
                    raise
                logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
                return self.refuse(request, message)
        return self.get_response(request)

    def refuse(self, request, message: str):
        logger.info("Refused unreadable input (%s %r): %s", request.method, request.path_info[:200], message)
        if wants_json(request):
            return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
        return error_page(request, message)


class MethodNotAllowedPageMiddleware:
    """A 405 without a body (Django's answer when a view takes only POST, for example a form's address opened
    by hand) becomes the Romanian page, or JSON, of `core.error_pages`; the Allow header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            from .error_pages import method_not_allowed

            return method_not_allowed(request, response.get("Allow", ""))
        return response


def wants_json(request) -> bool:
    if request.path_info.startswith("/api/"):
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    if "text/html" in accept:
        return False
    return "json" in accept or is_json(request.content_type or "")


def error_page(request, message: str):
    """The 400 page in the site's design, with the header of whoever is signed in.

    The session, the signed-in user and the CSRF cookie are read here as their middleware would have
    read them (this answer is given before they run), so that the menu and the sign-out button work;
    if the headers themselves were refused, the page is shown as to a visitor.
    """
    headers_readable = not any("\x00" in value for key, value in request.META.items()
                               if key.startswith("HTTP_") and isinstance(value, str))
    csrf = CsrfViewMiddleware(lambda _request: None)
    try:
        if headers_readable:
            engine = import_module(settings.SESSION_ENGINE)
            request.session = engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
            request.user = SimpleLazyObject(lambda: get_user(request))
            csrf.process_request(request)
        else:
            request.user = AnonymousUser()
        html = render_to_string("errors/400_input.html", {"message": message}, request=request)
    except Exception:  # the refusal must reach the sender even when the page cannot be drawn
        logger.exception("The 400 page could not be rendered")
        nothing_saved = escape(_("Nu s-a salvat nimic."))
        html = (f'<!doctype html><html lang="{escape(get_language() or "ro")}"><meta charset="utf-8">'
                f"<title>{PAGE_TITLE}</title><h1>{PAGE_TITLE}</h1><p>{escape(message)}</p>"
                f"<p>{nothing_saved}</p></html>")
        return HttpResponse(html, status=400)
    response = HttpResponse(html, status=400)
    if headers_readable:
        csrf.process_response(request, response)
    return response


class AccountLanguageMiddleware:
    """Pages in the language an account chose, on a browser that has not chosen one (after LocaleMiddleware and
    AuthenticationMiddleware). The browser's own choice (the language cookie) always wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        user = getattr(request, "user", None)
        if (settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user is not None and user.is_authenticated
                and getattr(user, "language", "")):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
