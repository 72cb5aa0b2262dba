"""The parking forms tie their hints and errors to their fields, as the request forms do."""

from tests.a11y.html_fields import problems


def test_the_purchase_form_ties_every_hint_and_error_to_its_field(client, users, kinds):
    client.force_login(users.maria)
    assert problems(client.get("/parcare/abonament-nou/").content.decode()) == []
    answer = client.post("/parcare/abonament-nou/", {
        "plate": "XX 1", "type": kinds["Abonament rezident"].pk, "starts_on-zi": "", "starts_on-luna": "",
        "starts_on-an": "", "address": "Bd. Revoluției nr. 17"})
    page = answer.content.decode()
    assert answer.status_code == 400 and 'class="error-summary"' in page
    for field in ("plate", "starts_on", "address", "proof"):
        assert f'href="#f-{field}"' in page and f'id="err-{field}"' in page, field
    assert problems(page) == []


def test_the_check_form_ties_its_errors_to_its_fields(client, inspector):
    client.force_login(inspector)
    assert problems(client.get("/birou/parcare/verificare/").content.decode()) == []
    page = client.post("/birou/parcare/verificare/", {"plate": "", "zone": "NU"}).content.decode()
    assert 'href="#f-plate"' in page and 'href="#f-zone"' in page and problems(page) == []
