"""The payments pages (and the sandbox gateway's page) in English and Hungarian; Romanian stays the default."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = {
    "en": ("Payment history", "You have nothing to pay at the moment.", "Bank statements", "Daily report of receipts"),
    "hu": ("Fizetési előzmények", "Jelenleg nincs fizetnivalója.", "Bankszámlakivonatok", "Napi bevételi jelentés"),
}


@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_basket_and_the_office_pages_speak_the_chosen_language(client, users, language):
    history, empty, statements, report = PAGES[language]
    client.cookies["limba"] = language
    client.force_login(users.maria)
    page = client.get("/plati/").content.decode()
    assert history in page and "Istoricul plăților" not in page
    assert empty in page or "data-testid=\"basket\"" in page
    assert "Nu aveți nimic de plătit" not in page and "Alegeți ce plătiți acum" not in page
    page = client.get("/plati/istoric/").content.decode()
    assert history in page and "Istoricul plăților" not in page

    client.force_login(users.itl_specialist)
    page = client.get("/birou/plati/extrase/").content.decode()
    assert statements in page and "Încarcă extrasul" not in page
    page = client.get("/birou/plati/raport/").content.decode()
    assert report in page and "Raportul zilnic al încasărilor" not in page


def test_the_basket_labels_follow_the_page_and_the_payment_line_keeps_romanian(client, users):
    from primaria.accounts.selectors import person_of
    from primaria.payments import selectors
    from primaria.payments.sources import ServiceFeeSource
    from tests.factories import submitted_request

    request = submitted_request(users.ion)
    number = request.reference or f"#{request.pk}"
    with translation.override("ro"):
        items = ServiceFeeSource().open_items(person_of(users.ion))
    assert items and items[0].label == items[0].display == f"Taxa pentru „{request.service.name}”, cererea nr. {number}"
    client.cookies["limba"] = "en"
    client.force_login(users.ion)
    page = client.get("/plati/").content.decode()
    assert f"request no. {number}" in page and "Taxa pentru" not in page
    with translation.override("en"):
        entry = next(e for e in selectors.basket(person_of(users.ion)) if e.item.reference == items[0].reference)
    assert entry.item.label == items[0].label  # what a payment line keeps: Romanian
    assert entry.item.display == f"Fee for “{request.service.name}”, request no. {number}"


def test_romanian_stays_the_default(client, users):
    client.force_login(users.maria)
    page = client.get("/plati/").content.decode()
    assert "Istoricul plăților" in page and "Payment history" not in page
