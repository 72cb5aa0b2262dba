"""axe-core (the engine browsers' accessibility tools use) on every public, resident and office page, in a real
Chromium: zero violations of WCAG 2.1 A and AA.

The pages are opened as their users open them: public pages signed out; a resident who acts for a company and
has a filed request, a draft and files in the folder; and the officials whose menus hold the office pages (the
secretary general, the registry clerk at the counter, the tax office). A page that answers with an error, or
whose axe run finds a violation, is reported with the rule, its impact and the elements it found.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
SECRETARY = "secretar@primaria-demo.ro"
REGISTRY = "registratura@primaria-demo.ro"
TAXES = "itl.specialist@primaria-demo.ro"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PUBLIC = ["/", "/servicii/", "/servicii/{service}/", "/cont/intrare/", "/cont/inregistrare/", "/cont/parola/",
          "/verificare/", "/verificare/COD-GRESIT/", "/arhiva/", "/pagina-care-nu-exista/", "/programari/",
          "/programari/noua/"]
RESIDENT = ["/", "/servicii/", "/servicii/{service}/", "/cereri/", "/cereri/{request}/",
            "/cereri/{draft}/completare/", "/cereri/{complete}/verificare/", "/cereri/{request}/confirmare/",
            "/cereri/revendica/", "/dosar/", "/cont/profil/", "/cont/securitate/", "/cont/datele-mele/",
            "/taxe/", "/plati/", "/plati/istoric/", "/programari/", "/programari/noua/", "/parcare/",
            "/parcare/abonament-nou/", "/audiente/", "/audiente/cerere/"]
OFFICE = {
    SECRETARY: ["/birou/", "/birou/cereri/{request}/", "/birou/de-semnat/", "/birou/documente/",
                "/birou/documente/nou/", "/birou/pasi/", "/birou/procese/", "/birou/registratura/", "/birou/delegari/", "/birou/mandate/", "/birou/arhiva/",
                "/birou/arhiva/unitati/", "/birou/arhiva/nomenclator/", "/birou/arhiva/loturi/",
                "/birou/arhiva/eliminare/", "/birou/situatie/", "/birou/situatie/tablou/", "/cont/securitate/"],
    REGISTRY: ["/birou/", "/birou/ghiseu/", "/birou/registratura/", "/birou/registratura/inregistreaza/",
               "/birou/mandate/", "/birou/programari/"],
    "reg.sef@primaria-demo.ro": ["/birou/programari/program/"],
    "cab.specialist@primaria-demo.ro": ["/birou/audiente/", "/birou/audiente/ziua/", "/birou/audiente/registru/",
                                        "/birou/audiente/program/"],
    "par.specialist@primaria-demo.ro": ["/birou/parcare/verificare/"],
    TAXES: ["/taxe/birou/", "/taxe/birou/{party}/", "/birou/plati/", "/birou/plati/extrase/",
            "/birou/plati/notificari/", "/birou/plati/raport/"],
}


def _ids():
    from primaria.accounts.models import User
    from primaria.catalog.models import Service
    from primaria.requests import services
    from tests.factories import answers_for, person_of, submitted_request, uploads_for

    ion = User.objects.get(email=ION)
    filed = submitted_request(ion)
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = services.start_draft(actor=ion, party=person_of(ion), service=service)
    complete = services.start_draft(actor=ion, party=person_of(ion), service=filed.service)
    services.save_draft(actor=ion, request_id=complete.pk, answers=answers_for(filed.service), uploads=uploads_for(filed.service))
    return {"request": filed.public_id, "draft": draft.public_id, "complete": complete.public_id,
            "service": service.slug, "party": person_of(ion).public_id}


def _violations(page, paths, ids, ok_statuses=(200,)):
    axe, found = Axe(), {}
    for path in paths:
        url = path.format(**ids)
        response = page.goto(url)
        expected = (404,) if "GRESIT" in url or "nu-exista" in url else ok_statuses
        assert response.status in expected, f"{url} answered {response.status}"
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            found[url] = [
                f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
                    ",".join(node["target"]) for node in v["nodes"][:4])
                for v in results.response["violations"]]
    return found


def _report(found) -> str:
    return "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in found.items())


def test_public_pages_have_no_axe_violations(open_session):
    ids = _ids()
    found = _violations(open_session(), PUBLIC, ids)
    assert found == {}, "\n" + _report(found)


def test_resident_pages_have_no_axe_violations(open_session):
    ids = _ids()
    found = _violations(open_session(ION), RESIDENT, ids)
    assert found == {}, "\n" + _report(found)


@pytest.mark.parametrize("email", list(OFFICE))
def test_office_pages_have_no_axe_violations(open_session, email):
    ids = _ids()
    found = _violations(open_session(email), OFFICE[email], ids)
    assert found == {}, "\n" + _report(found)
