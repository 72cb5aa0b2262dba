"""Errors answer in Romanian, in the site's design, with a way back; the API answers JSON, never HTML.

Run with DEBUG off, as in production: Django then uses the handlers of config.urls.
"""

import json
import re

import pytest
from django.test import Client

pytestmark = [pytest.mark.urls("tests.search_experience.urls"), pytest.mark.django_db]

ENGLISH = ("Not Found", "Server Error", "Bad Request", "Forbidden", "CSRF", "internal", "Traceback")


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _page(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert '<html lang="ro">' in text and 'class="site-header"' in text  # the site's design
    assert 'href="/"' in text and "Mergeți la pagina principală" in text  # a way home
    for word in ENGLISH:
        assert word not in text, word
    return text


def _json(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"detail"} and body["detail"]
    for word in ENGLISH:
        assert word not in body["detail"], word
    return body["detail"]


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_404_page(browser):
    text = _page(browser.get("/pagina-care-nu-exista/"), 404)
    assert "Pagina nu există" in text


def test_404_page_has_a_way_back_to_a_page_of_this_site_only(browser):
    text = _page(browser.get("/nu-exista/", HTTP_REFERER="http://testserver/servicii/"), 404)
    assert 'href="http://testserver/servicii/"' in text and "Înapoi la pagina anterioară" in text
    text = _page(browser.get("/nu-exista/", HTTP_REFERER="https://evil.example/"), 404)
    assert "evil.example" not in text and "Înapoi la pagina anterioară" not in text


def test_403_page(browser):
    text = _page(browser.get("/test-interzis/"), 403)
    assert "Nu aveți acces la această pagină" in text
    assert "Intrați în cont" in text  # a visitor is offered the login


def test_400_page(browser):
    text = _page(browser.get("/test-invalid/"), 400)
    assert "Cererea nu a putut fi înțeleasă" in text
    text = _page(browser.get("/servicii/", HTTP_HOST="site-strain.example"), 400)  # a Host not allowed
    assert "Cererea nu a putut fi înțeleasă" in text


def test_500_page(browser):
    text = _page(browser.get("/test-eroare/"), 500)
    assert "A apărut o eroare la noi" in text and "Nu este vina dumneavoastră" in text


def test_a_form_address_opened_by_hand_is_a_romanian_405_page(browser, city, users):
    browser.force_login(users.ion)
    response = browser.get("/cont/iesire/")  # sign-out takes only POST
    text = _page(response, 405)
    assert "Această adresă primește doar formulare" in text and "Nu s-a salvat nimic" in text
    assert "POST" in response["Allow"]
    assert _json(browser.get("/cont/iesire/", HTTP_ACCEPT="application/json"), 405)


def test_csrf_failure_is_a_plain_romanian_page():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/cont/intrare/", {"username": "ion.popescu@example.ro", "password": "x"},
                            HTTP_REFERER="http://testserver/cont/intrare/")
    text = _page(response, 403)
    assert "Formularul nu a putut fi trimis" in text
    assert "nu am salvat nimic" in text
    assert 'href="http://testserver/cont/intrare/"' in text  # back to the form, to send it again
    shown = re.sub(r"<[^>]*>", " ", text)  # what the reader sees (the page's forms carry their own token)
    for word in ("token", "cookie", "Referer", "referer"):
        assert word not in shown


@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/api/v1/nu-exista/", 404),                  # no route: Django's 404, answered as JSON
    ("get", "/api/v1/services/serviciu-inexistent/", 404),  # the API's own 404
    ("post", "/api/v1/services/", 405),                  # a method the endpoint does not take
    ("get", "/api/v1/test-interzis/", 403),
    ("get", "/api/v1/test-invalid/", 400),
    ("get", "/api/v1/test-eroare/", 500),
])
def test_the_api_answers_json_errors(browser, method, path, status):
    _json(getattr(browser, method)(path), status)


def test_the_api_answers_json_for_a_host_not_allowed(browser):
    _json(browser.get("/api/v1/services/", HTTP_HOST="site-strain.example"), 400)


def test_the_api_refuses_a_session_without_its_form_check_in_romanian(city, users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users.ion)
    detail = _json(browser.post("/api/v1/requests/", {"service": "petitie"}, content_type="application/json"), 403)
    assert "siguranță" in detail


# --- the public verification of issued documents ----------------------------------------------------------


def test_verification_says_when_the_code_is_empty(browser):
    for empty in ("", "   "):
        response = browser.get("/verificare/", {"cod": empty})
        text = response.content.decode()
        assert response.status_code == 200
        assert "Scrieți codul de verificare" in text and 'class="error-summary"' in text


def test_verification_without_a_code_shows_the_form_only(browser):
    text = browser.get("/verificare/").content.decode()
    assert "Verificați un document emis" in text and "error-summary" not in text


def test_a_mistyped_verification_code_is_a_romanian_404(browser):
    response = browser.get("/verificare/PMD-XXXX-0000/")
    text = _page(response, 404)
    assert "Nu am găsit niciun document cu acest cod" in text and "PMD-XXXX-0000" in text
    assert 'name="cod"' in text  # the form again, to type it once more


def test_a_typed_code_is_tidied_and_odd_characters_do_not_break_the_page(browser):
    response = browser.get("/verificare/", {"cod": " pmd 7k3q  9xwd "})
    assert response.status_code == 302 and response["Location"] == "/verificare/PMD-7K3Q-9XWD/"
    text = _page(browser.get("/verificare/", {"cod": "AB/CD<script>"}), 404)
    assert "<script>" not in text


def test_api_errors_are_json_for_a_browser_too(browser):
    _json(browser.get("/api/v1/services/serviciu-inexistent/", HTTP_ACCEPT="text/html,application/xhtml+xml"), 404)
    _json(browser.get("/api/v1/nu-exista/", HTTP_ACCEPT="text/html"), 404)


def test_the_500_page_needs_no_database(browser, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = browser.get("/test-eroare/")
    assert response.status_code == 500 and "A apărut o eroare la noi" in response.content.decode()
