"""The ROeID journey in Chromium, against the local OpenID Connect provider: a new account, then linking."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.identity.conftest import claim_mappings, oidc_provider, roeid  # noqa: F401  (the local ROeID)
from tests.identity.provider import cnp, roeid_claims

PASSWORD = "Parola-Sigura-2026"


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def open_():
        context = browser.new_context(base_url=live_server.url, locale="ro-RO")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def log_in_at_roeid(page, sub):
    page.goto("/cont/intrare/")
    page.get_by_role("button", name="Intră cu ROeID").click()
    page.fill("input[name=sub]", sub)  # the provider's own login page
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


@pytest.mark.usefixtures("django_db_serialized_rollback")
def test_roeid_journey_new_account_then_linking(roeid, new_page, transactional_db):  # noqa: F811
    from primaria.accounts.models import Party, PartyKind, User
    from primaria.identity.models import EidLink

    # A person new to the platform: ROeID creates the account, already verified.
    new_cnp = cnp(serial="201")
    roeid.set_person("sub-browser-nou", roeid_claims(new_cnp))
    page = new_page()
    log_in_at_roeid(page, "sub-browser-nou")
    expect(page.get_by_role("heading", level=1)).to_have_text("Creați contul cu datele din ROeID")
    expect(page.get_by_label("Adresa de e-mail")).to_have_value("ana.georgescu@example.ro")
    page.get_by_role("button", name="Creează contul").click()
    expect(page.get_by_text("Contul a fost creat cu datele din ROeID.")).to_be_visible()
    assert page.url.endswith("/cereri/")
    user = User.objects.get(email="ana.georgescu@example.ro")
    assert user.email_verified and EidLink.objects.filter(user=user, subject="sub-browser-nou").exists()

    # Logging out of ROeID too goes through the provider's end-of-session page and comes back home.
    page.get_by_role("button", name="Ieșire și din ROeID").click()
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("link", name="Intrare în cont").first).to_be_visible()

    # A person who already has an account for their CNP links it, confirming its password.
    old_cnp = cnp(serial="202")
    old = User.objects.create_user(email="vasile@example.ro", password=PASSWORD, first_name="Vasile",
                                   last_name="Marin", email_verified=True)
    Party.objects.create(kind=PartyKind.PERSON, name="Vasile Marin", cnp=old_cnp, email=old.email, user=old)
    roeid.set_person("sub-browser-vechi", roeid_claims(old_cnp, nume="Marin", prenume="Vasile", email="v@example.ro"))
    page = new_page()
    log_in_at_roeid(page, "sub-browser-vechi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Legați contul existent de ROeID")
    page.get_by_label("Parola contului").fill("nu-este-parola")
    page.get_by_role("button", name="Leagă contul de ROeID").click()
    expect(page.get_by_role("alert")).to_contain_text("Parola nu este corectă")
    assert not EidLink.objects.filter(user=old).exists()
    page.get_by_label("Parola contului").fill(PASSWORD)
    page.get_by_role("button", name="Leagă contul de ROeID").click()
    expect(page.get_by_text("Contul dumneavoastră este acum legat de ROeID.")).to_be_visible()
    assert EidLink.objects.get(user=old).subject == "sub-browser-vechi"

    # From now on the password alone shows only the public pages.
    page = new_page()
    page.goto("/cont/intrare/")
    page.fill("input[name=username]", old.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Intră în cont").click()
    page.goto("/cereri/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pentru această pagină intrați cu ROeID")
    page.get_by_role("button", name="Intră cu ROeID").click()
    page.get_by_role("button", name="sub-browser-vechi").click()  # the provider remembers the person
    page.wait_for_load_state()
    assert page.url.endswith("/cereri/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Pentru această pagină intrați cu ROeID")


@pytest.mark.usefixtures("django_db_serialized_rollback")
@pytest.mark.parametrize("tamper", ["signature", "nonce"])
def test_roeid_journey_a_token_that_cannot_be_trusted_is_refused_in_romanian(
        roeid, new_page, transactional_db, tamper):  # noqa: F811
    from primaria.accounts.models import User
    from primaria.identity.providers import REFUSALS

    roeid.set_person(f"sub-browser-{tamper}", roeid_claims(cnp(serial="203")))
    roeid.tamper = tamper
    page = new_page()
    log_in_at_roeid(page, f"sub-browser-{tamper}")
    expect(page.get_by_text(REFUSALS[tamper])).to_be_visible()
    expect(page.get_by_role("link", name="Intrare în cont").first).to_be_visible()  # nobody is logged in
    page.goto("/cereri/")
    assert "/cont/intrare/" in page.url
    assert not User.objects.filter(person__cnp=cnp(serial="203")).exists()
