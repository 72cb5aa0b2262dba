"""The local taxes pages in English and Hungarian; the lines kept on a statement follow the reader's language."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext_noop

from primaria.accounts.models import Party
from primaria.core.phrases import phrase
from primaria.institutions.selectors import main_institution
from primaria.taxes.models import CreditEntry

pytestmark = pytest.mark.django_db

PAGES = {
    "en": ("Local taxes", "Amounts due by property and term", "Ask for the tax clearance certificate",
           "Tax register", "Issuing the tax roll", "Paid above the amount recomputed on 01.12.2026"),
    "hu": ("Helyi adók és illetékek", "Kötelezettségek vagyontárgyanként és határidőnként", "Adóigazolás kérése",
           "Adónyilvántartás", "Az adójegyzék kibocsátása",
           "A(z) 01.12.2026 napon újraszámított kötelezettség felett fizetve"),
}


@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_statement_and_the_tax_office_pages_speak_the_chosen_language(client, city, users, language):
    title, debts, ask, register, emission, credit = PAGES[language]
    ion = Party.objects.get(user=users.ion)
    CreditEntry.objects.create(institution=main_institution(), party=ion, amount=Decimal("5.00"), **phrase(
        gettext_noop("Plătit peste obligația recalculată la %(date)s"), date="01.12.2026").fields("reason"))
    client.cookies["limba"] = language
    client.force_login(users.ion)
    page = client.get("/taxe/").content.decode()
    assert title in page and debts in page and ask in page and credit in page
    assert "Obligații pe bunuri și termene" not in page and "Cer certificatul" not in page
    assert "Plătit peste obligația" not in page  # the kept line, in the reader's language

    client.force_login(users.itl_specialist)
    page = client.get("/taxe/birou/").content.decode()
    assert register in page and emission in page and "Emiterea rolului" not in page
    page = client.get(f"/taxe/birou/{ion.public_id}/").content.decode()
    assert "Bunuri în evidența fiscală" not in page and "Înregistrează amenda" not in page


def test_romanian_stays_the_default_and_the_record_keeps_its_romanian_line(client, city, users):
    ion = Party.objects.get(user=users.ion)
    entry = CreditEntry.objects.create(institution=main_institution(), party=ion, amount=Decimal("5.00"), **phrase(
        gettext_noop("Plătit peste obligația recalculată la %(date)s"), date="01.12.2026").fields("reason"))
    assert entry.reason == "Plătit peste obligația recalculată la 01.12.2026"
    client.force_login(users.ion)
    page = client.get("/taxe/").content.decode()
    assert "Obligații pe bunuri și termene" in page and entry.reason in page
