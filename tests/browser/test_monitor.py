"""axe-core on the pages of the Monitorul Oficial Local and of the public information, in a real Chromium: zero
violations of WCAG 2.1 A and AA, signed out and for the official who publishes; and the act's PDF opens from its page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PUBLIC = ["/monitorul-oficial/", "/monitorul-oficial/hotarari/", "/monitorul-oficial/statut/",
          "/monitorul-oficial/hotarari/2025/45/", "/monitorul-oficial/hotarari/2026/15/",
          "/monitorul-oficial/cautare/?q=hotararea+consiliului", "/monitorul-oficial/hotarari/registrul-proiectelor/",
          "/monitorul-oficial/hotarari/registrul-hotararilor/", "/monitorul-oficial/dispozitii/registrul-dispozitiilor/",
          "/informatii-publice/", "/informatii-publice/buget/", "/informatii-publice/achizitii/",
          "/informatii-publice/concursuri/"]
OFFICE = ["/birou/monitorul-oficial/", "/birou/monitorul-oficial/publica/", "/birou/monitorul-oficial/proiecte/"]


def _violations(page, paths):
    axe, found = Axe(), {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            found[path] = [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
                ",".join(node["target"]) for node in v["nodes"][:4]) for v in results.response["violations"]]
    return found


def test_the_monitor_pages_have_no_axe_violations(open_session):
    from primaria.monitor.demo import load_demo_monitor

    load_demo_monitor()
    page = open_session()
    found = _violations(page, PUBLIC)
    assert found == {}, found
    page.goto("/monitorul-oficial/hotarari/2025/45/")
    assert "Act abrogat." in page.locator("[data-testid=status]").inner_text()
    page.get_by_role("link", name="Hotărârea nr. 15/2026").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/monitorul-oficial/hotarari/2026/15/")
    found = _violations(open_session("sg.specialist@primaria-demo.ro"), OFFICE)
    assert found == {}, found
