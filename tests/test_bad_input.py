"""Input nothing could store or show honestly is refused with a 400 in Romanian and nothing is saved;
invisible characters are removed from the answers and file names that are kept.

Through the filing page (a resident saving a draft), the REST API and the other ways in: a NUL character,
a lone surrogate, bytes that are not UTF-8, JSON nested 100,000 levels deep, in answers, file names, the
query string, the path and the headers.
"""

import json
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from primaria.accounts.selectors import person_of
from primaria.api.errors import exception_handler
from primaria.api.parsers import JSONParser
from primaria.audit.models import AuditEntry
from primaria.catalog.models import FieldKind, FormField, Service
from primaria.core.middleware import MAX_JSON_DEPTH, json_too_deep
from primaria.core.validators import clean_cnp, clean_text, safe_filename
from primaria.documents.models import Document
from primaria.requests import services
from primaria.requests.answers import validate_answers
from primaria.requests.models import Attachment, Request, TimelineEvent
from tests.factories import pdf_file

pytestmark = pytest.mark.django_db

SLUG = "adeverinta-nomenclatura-stradala"
DEEP = 100_000
PAGE_TITLE = "Datele trimise nu pot fi primite"


@pytest.fixture
def service(city):
    service = Service.objects.get(slug=SLUG)
    FormField.objects.create(service=service, order=60, name="detalii", label="Detalii", kind=FieldKind.LONG_TEXT,
                             required=False)
    return service


@pytest.fixture
def draft(users, service):
    return services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)


@pytest.fixture
def web(client, users):
    client.force_login(users.ion)
    return client


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users.ion)
    return client


def edit_url(draft):
    return f"/cereri/{draft.public_id}/completare/"


def api_url(draft):
    return f"/api/v1/requests/{draft.public_id}/"


def slot(draft):
    return f"doc_{draft.service.required_documents.filter(required=True).order_by('pk').first().pk}"


def snapshot(draft, settings):
    """Everything a refused request must leave as it was."""
    draft.refresh_from_db()
    media = Path(settings.MEDIA_ROOT)
    return {
        "data": dict(draft.data), "urgent": draft.urgent, "status": draft.status,
        "requests": Request.objects.count(), "documents": Document.objects.count(),
        "attachments": Attachment.objects.count(), "events": TimelineEvent.objects.count(),
        "audit": AuditEntry.objects.count(),
        "files": sorted(str(p) for p in media.rglob("*") if p.is_file()) if media.exists() else [],
    }


def assert_refused_page(response, *words):
    assert response.status_code == 400, response.status_code
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert PAGE_TITLE in page and "Nu am salvat nimic" in page
    assert 'class="site-header"' in page  # the site's own design, not a bare error
    for word in words:
        assert word in page, word
    return page


def assert_refused_json(response, *words):
    assert response.status_code == 400, response.status_code
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    for word in words:
        assert word in detail, (word, detail)
    return detail


def multipart(*parts, boundary="LimitaFormularului"):
    """A multipart/form-data body built byte by byte: (header lines, value) per part."""
    body = b""
    for headers, value in parts:
        body += b"--" + boundary.encode() + b"\r\n" + b"\r\n".join(headers) + b"\r\n\r\n" + value + b"\r\n"
    body += b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


def field(name: bytes, value: bytes):
    return [b'Content-Disposition: form-data; name="' + name + b'"'], value


# --- the filing page -----------------------------------------------------------------------------------


def test_a_nul_character_in_an_answer_on_the_filing_page_is_refused(web, draft, settings):
    before = snapshot(draft, settings)
    response = web.post(edit_url(draft), {"numar_cadastral": "12\x0034", "adresa_din_acte": "Str. Florilor nr. 3",
                                          slot(draft): pdf_file("act.pdf"), "action": "save"})
    page = assert_refused_page(response, "În formularul trimis apare caracterul nul")
    assert "Cererile mele" in page and "Ieșire" in page  # the header of the signed-in resident
    assert snapshot(draft, settings) == before


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"12\xed\xa0\x8034", b"\xc3", b"abc\xe2\x82"],
                         ids=["not-utf8", "encoded-surrogate", "cut-short", "cut-short-3"])
def test_bytes_that_are_not_utf8_in_a_multipart_form_are_refused(web, draft, settings, raw):
    before = snapshot(draft, settings)
    body, content_type = multipart(field(b"numar_cadastral", raw), field(b"action", b"save"))
    response = web.post(edit_url(draft), body, content_type=content_type)
    assert_refused_page(response, "UTF-8")
    assert snapshot(draft, settings) == before


def test_bytes_that_are_not_utf8_in_an_urlencoded_form_are_refused(web, draft, settings):
    before = snapshot(draft, settings)
    response = web.post(edit_url(draft), b"numar_cadastral=%FF%FE12&action=save",
                        content_type="application/x-www-form-urlencoded")
    assert_refused_page(response, "În formularul trimis apar octeți care nu formează text UTF-8 valid")
    assert snapshot(draft, settings) == before


def test_a_base64_form_value_is_checked_once_decoded(web, draft, settings):
    before = snapshot(draft, settings)
    headers = [b'Content-Disposition: form-data; name="numar_cadastral"', b"Content-Transfer-Encoding: base64"]
    body, content_type = multipart((headers, b"MTIAMzQ="), field(b"action", b"save"))  # "12\x0034"
    assert_refused_page(web.post(edit_url(draft), body, content_type=content_type), "caracterul nul")
    assert snapshot(draft, settings) == before


def test_a_nul_character_in_a_field_name_is_refused(web, draft, settings):
    before = snapshot(draft, settings)
    body, content_type = multipart(field(b"numar\x00cadastral", b"123"), field(b"action", b"save"))
    assert_refused_page(web.post(edit_url(draft), body, content_type=content_type), "caracterul nul")
    assert snapshot(draft, settings) == before


def test_a_nul_character_in_an_uploaded_file_name_is_refused_and_no_file_is_kept(web, draft, settings):
    before = snapshot(draft, settings)
    response = web.post(edit_url(draft), {slot(draft): pdf_file("act\x00identitate.pdf"), "action": "save"})
    assert_refused_page(response, "În numele unui fișier încărcat apare caracterul nul")
    assert snapshot(draft, settings) == before


@pytest.mark.parametrize("disposition", [
    b"filename*=UTF-8''act%00identitate.pdf",
    b"filename*=UTF-8''act%FFidentitate.pdf",
    b"filename*=bz2_codec''act.pdf",
    b'filename="act\xffidentitate.pdf"',
])
def test_a_bad_file_name_in_any_spelling_is_refused(web, draft, settings, disposition):
    before = snapshot(draft, settings)
    headers = [b'Content-Disposition: form-data; name="' + slot(draft).encode() + b'"; ' + disposition,
               b"Content-Type: application/pdf"]
    body, content_type = multipart((headers, pdf_file().read()), field(b"action", b"save"))
    assert_refused_page(web.post(edit_url(draft), body, content_type=content_type), "În numele unui fișier încărcat")
    assert snapshot(draft, settings) == before


def test_a_json_body_nested_deep_is_refused_on_a_page_too(web, draft, settings):
    before = snapshot(draft, settings)
    response = web.post(edit_url(draft), "[" * DEEP + "]" * DEEP, content_type="application/json")
    assert_refused_json(response, "niveluri", str(MAX_JSON_DEPTH))
    assert snapshot(draft, settings) == before


def test_invisible_and_control_characters_are_removed_from_saved_answers(web, draft):
    response = web.post(edit_url(draft), {
        "adresa_din_acte": "Str.\u202eFlorilor\u0007 nr.\u200b 3\u2066",
        "numar_cadastral": "12\u00ad34\x1b",
        "detalii": "Prima linie\u202e\r\na doua\tlinie\x85a treia\ufeff",
        "adresa_imobil": "Str. Mica\u0306 nr. 1",  # "ă" as "a" and a combining breve
        "action": "save",
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["adresa_din_acte"] == "Str.Florilor nr. 3"
    assert draft.data["numar_cadastral"] == "1234"
    assert draft.data["detalii"] == "Prima linie\na doua\tlinie\na treia"
    assert draft.data["adresa_imobil"] == "Str. Mică nr. 1"


def test_the_stored_name_of_a_file_sent_from_the_page_is_safe(web, draft):
    response = web.post(edit_url(draft), {slot(draft): pdf_file("..raport<1>:final|?*.pdf"), "action": "save"})
    assert response.status_code == 302
    assert draft.attachments.get().document.original_name == "raport1final.pdf"


# --- the API ---------------------------------------------------------------------------------------------


def test_a_nul_character_in_an_answer_through_the_api_is_refused(api, draft, settings):
    before = snapshot(draft, settings)
    response = api.patch(api_url(draft), {"answers": {"numar_cadastral": "12\x0034"}}, format="json")
    assert_refused_json(response, "În corpul JSON al cererii apare caracterul nul")
    assert snapshot(draft, settings) == before


@pytest.mark.parametrize("escaped", [r"12\ud800", r"\udc00x", r"\ud800\u0041", r"\uDBFF", r"\\\ud800"])
def test_a_lone_surrogate_in_json_is_refused(api, draft, settings, escaped):
    before = snapshot(draft, settings)
    body = '{"answers": {"numar_cadastral": "' + escaped + '"}}'
    response = api.patch(api_url(draft), body, content_type="application/json")
    assert_refused_json(response, "surogat")
    assert snapshot(draft, settings) == before


def test_what_only_looks_like_a_bad_escape_is_kept(api, draft):
    # A surrogate pair is one character (an emoji); "\\u0000" is a backslash followed by the text "u0000".
    body = r'{"answers": {"numar_cadastral": "A\ud83d\ude00", "adresa_din_acte": "C:\\u0000 [[[{{{"}}'
    response = api.patch(api_url(draft), body, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["answers"] == {"numar_cadastral": "A\U0001F600", "adresa_din_acte": "C:\\u0000 [[[{{{"}


def test_bytes_that_are_not_utf8_in_json_are_refused(api, draft, settings):
    before = snapshot(draft, settings)
    response = api.patch(api_url(draft), b'{"answers": {"numar_cadastral": "12\xff34"}}',
                         content_type="application/json")
    assert_refused_json(response, "UTF-8")
    assert snapshot(draft, settings) == before


def test_a_json_body_nested_100000_levels_deep_is_refused(api, draft, settings):
    before = snapshot(draft, settings)
    for body in ("[" * DEEP + "]" * DEEP, '{"answers": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}", "[" * DEEP):
        response = api.patch(api_url(draft), body, content_type="application/json")
        assert_refused_json(response, "prea multe niveluri")
    assert snapshot(draft, settings) == before


def test_json_nesting_is_counted_outside_strings_only(api, draft, settings):
    def nested(depth):  # the outer object is the first level
        return '{"answers": {"numar_cadastral": "[[[["}, "x": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    assert api.patch(api_url(draft), nested(MAX_JSON_DEPTH), content_type="application/json").status_code == 200
    before = snapshot(draft, settings)
    assert_refused_json(api.patch(api_url(draft), nested(MAX_JSON_DEPTH + 1), content_type="application/json"),
                        "prea multe niveluri")
    assert snapshot(draft, settings) == before


def test_a_body_that_is_not_json_is_explained_in_romanian(api, draft, settings):
    before = snapshot(draft, settings)
    response = api.patch(api_url(draft), '{"answers": {"numar_cadastral": }', content_type="application/json")
    assert_refused_json(response, "nu este JSON valid")
    assert snapshot(draft, settings) == before


def test_a_nul_character_in_an_uploaded_file_name_through_the_api_is_refused(api, draft, settings):
    before = snapshot(draft, settings)
    response = api.post(api_url(draft) + "attachments/", {"slot": slot(draft), "file": pdf_file("act\x00.pdf")},
                        format="multipart")
    assert_refused_json(response, "În numele unui fișier încărcat apare caracterul nul")
    assert snapshot(draft, settings) == before


def test_a_multipart_patch_is_checked_and_still_reaches_the_view(api, draft, settings):
    before = snapshot(draft, settings)
    body, content_type = multipart(field(b"urgent", b"true\x00"))
    assert_refused_json(api.patch(api_url(draft), body, content_type=content_type), "caracterul nul")
    assert snapshot(draft, settings) == before

    body, content_type = multipart(field(b"urgent", b"true"))
    response = api.patch(api_url(draft), body, content_type=content_type)
    assert response.status_code == 200 and response.json()["urgent"] is True


def test_bytes_that_are_not_utf8_in_an_urlencoded_api_call_are_refused(api, draft, settings):
    before = snapshot(draft, settings)
    response = api.patch(api_url(draft), b"urgent=%FFtrue", content_type="application/x-www-form-urlencoded")
    assert_refused_json(response, "UTF-8")
    assert snapshot(draft, settings) == before


def test_invisible_and_control_characters_are_removed_from_answers_through_the_api(api, draft):
    response = api.patch(api_url(draft), {"answers": {"adresa_din_acte": "Str.\u202eFlorilor\u0007 nr. 3\u200f"}},
                         format="json")
    assert response.status_code == 200
    assert response.json()["answers"]["adresa_din_acte"] == "Str.Florilor nr. 3"


# --- the query string, the path, the headers, other endpoints --------------------------------------------


def test_a_nul_character_in_the_query_string_is_refused(web, api):
    assert_refused_page(web.get("/servicii/?q=nomenclatur%00a"), "În parametrii adresei paginii apare caracterul nul")
    assert_refused_json(api.get("/api/v1/requests/?status=%00"), "caracterul nul")
    assert_refused_page(web.get("/servicii/?q=%FF"), "UTF-8")


def test_a_nul_character_in_the_path_is_refused_and_bad_bytes_there_are_not_found(client, city):
    assert_refused_page(client.get("/servicii/nomenclatura%00/"), "În adresa paginii apare caracterul nul")
    assert client.get("/servicii/%FF%FE/").status_code == 404
    assert client.get("/cereri/%ED%A0%80/").status_code in (302, 404)


def test_headers_with_a_nul_character_are_refused_and_bad_bytes_in_cookies_are_harmless(client, city):
    page = assert_refused_page(client.get("/", HTTP_USER_AGENT="Mozilla\x00"), "În antetele cererii")
    assert "Intrare în cont" in page
    assert_refused_page(client.get("/servicii/", HTTP_COOKIE="sessionid=abcdefgh\x00ijk"), "caracterul nul")
    assert client.get("/servicii/", HTTP_COOKIE="sessionid=\xff\xfe\xed\xa0\x80; csrftoken=\xc3").status_code == 200


def test_a_deep_json_body_to_the_remote_signing_endpoint_is_refused(client, settings):
    settings.PRIMARIA_CSC_SERVER_ACCOUNTS = "semnatar:parola-lunga"
    response = client.post("/csc/v2/info", "{" * DEEP, content_type="application/json")
    assert_refused_json(response, "prea multe niveluri")


def test_a_declared_charset_that_is_not_text_is_refused(web, draft, settings):
    before = snapshot(draft, settings)
    response = web.post(edit_url(draft), b"numar_cadastral=123&action=save",
                        content_type='application/x-www-form-urlencoded; charset="bz2_codec"')
    assert_refused_page(response, "Setul de caractere")
    assert snapshot(draft, settings) == before


# --- the parser and the domain, without the middleware ----------------------------------------------------


def test_the_api_parser_refuses_deep_json_without_recursing():
    parser = JSONParser()
    with pytest.raises(ParseError) as caught:
        parser.parse(BytesIO(b"[" * DEEP + b"]" * DEEP), parser_context={"encoding": "utf-8"})
    assert "prea multe niveluri" in str(caught.value.detail)
    with pytest.raises(ParseError) as caught:
        parser.parse(BytesIO(b'{"a": 1,}'), parser_context={"encoding": "utf-8"})
    assert "nu este JSON valid (linia 1, coloana 9)" in str(caught.value.detail)
    assert parser.parse(BytesIO('{"a": ["ș"]}'.encode()), parser_context={"encoding": "utf-8"}) == {"a": ["ș"]}


def test_the_english_parse_errors_of_the_framework_are_answered_in_romanian():
    response = exception_handler(ParseError("JSON parse error - Expecting value: line 1 column 1 (char 0)"), {})
    assert response.status_code == 400
    assert response.data == {"detail": "Corpul cererii nu este JSON valid. Verificați ghilimelele, virgulele și "
                                       "parantezele."}
    response = exception_handler(ParseError("Multipart form parse error - Invalid boundary"), {})
    assert response.status_code == 400 and "nu au putut fi citite" in response.data["detail"]


def test_a_stored_file_name_never_carries_a_path_control_or_bidi_characters(users, draft):
    upload = SimpleUploadedFile('C:\\temp\\\u202efdp.exe\x07"copie".pdf', pdf_file().read(),
                                content_type="application/pdf")
    services.save_draft(actor=users.ion, request_id=draft.pk, answers={}, uploads={slot(draft): upload})
    assert draft.attachments.get().document.original_name == "fdp.execopie.pdf"


def test_a_long_file_name_is_shortened_keeping_its_extension(users, draft):
    upload = SimpleUploadedFile("ș" * 240 + ".pdf", pdf_file().read(), content_type="application/pdf")
    services.save_draft(actor=users.ion, request_id=draft.pk, answers={}, uploads={slot(draft): upload})
    name = draft.attachments.get().document.original_name
    assert len(name) == 200 and name == "ș" * 196 + ".pdf"


def test_an_answer_of_only_invisible_characters_counts_as_empty(service):
    _cleaned, errors = validate_answers(service, {"adresa_imobil": "\u200b\u202e\u2066 "}, require_all=True)
    assert errors["adresa_imobil"] == "Completați câmpul „Adresa imobilului”."


def test_identifiers_typed_at_the_counter_lose_invisible_characters():
    assert clean_cnp("\u200b1800101350018\u202c") == "1800101350018"


@pytest.mark.parametrize(("raw", "multiline", "expected"), [
    ("Str.\u202eFlorilor\u202c nr. 3", False, "Str.Florilor nr. 3"),
    ("a\u2066b\u2069c\u200ed\u200fe\u061cf", False, "abcdef"),
    ("zero\u200bwidth\u200c\u200djoin\ufeff\u2060", False, "zerowidthjoin"),
    ("tag\U000e0041\U000e007f", False, "tag"),
    ("bell\x07 esc\x1b del\x7f c1\x9b", False, "bell esc del c1"),
    ("linia 1\r\nlinia 2\rlinia 3\u2028linia 4", False, "linia 1 linia 2 linia 3 linia 4"),
    ("linia 1\r\nlinia 2\rlinia 3\u2028linia 4\tx", True, "linia 1\nlinia 2\nlinia 3\nlinia 4\tx"),
    ("tab\there", False, "tab here"),
    ("i\u0302n as\u0326a", False, "în așa"),
    ("emoji \U0001F600 și ț", False, "emoji \U0001F600 și ț"),
    ("lone\ud800 surrogate\x00", False, "lone surrogate"),
    ("non\ufffe\uffffchar\ufdd0", False, "nonchar"),
    (None, False, ""),
])
def test_clean_text(raw, multiline, expected):
    assert clean_text(raw, multiline=multiline) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("act.pdf", "act.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ion\\act.pdf", "act.pdf"),
    ("factura\u202efdp.exe", "facturafdp.exe"),
    ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
    ("..ascuns.pdf", "ascuns.pdf"),
    ("nume. .pdf", "nume.pdf"),
    ("  prea   multe   spații  .pdf ", "prea multe spații.pdf"),
    ("linie\nnoua.pdf", "linie noua.pdf"),
    ("x\x00y\x07.pdf", "xy.pdf"),
    ("", "document"),
    (None, "document"),
    ("...", "document"),
    ("<>.pdf", "document.pdf"),
    ("arhiva.tar.gz", "arhiva.tar.gz"),
    ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ("a" * 300, "a" * 200),
])
def test_safe_filename(raw, expected):
    assert safe_filename(raw) == expected


def test_json_depth_is_measured_in_linear_time_outside_strings():
    assert not json_too_deep('["' + "[" * 1000 + '"]')
    assert not json_too_deep(json.dumps([[i] for i in range(20_000)]))
    assert not json_too_deep(r'["\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]')
    assert json_too_deep('{"a": ' * 65 + "1" + "}" * 65)
    assert json_too_deep('"\\\\"' + "[" * 65)  # an escaped backslash does not hide the quote after it
    assert json_too_deep('"\\"' + "[" * 1000)  # not JSON, counted anyway; refused either way
