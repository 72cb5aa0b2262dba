import pytest

pytestmark = pytest.mark.django_db


def test_the_it_admin_sees_every_plugin_check(client, users, mailbox):
    client.force_login(users.admin)
    page = client.get("/admin/sanatate/").content.decode()
    assert "Baza de date" in page and "răspunde" in page
    assert "E-mail (SMTP)" in page and f"127.0.0.1:{mailbox.port} răspunde" in page
    assert "Coada de sarcini" in page


def test_a_dead_smtp_server_shows_as_a_problem(client, users, settings):
    settings.EMAIL_PORT = 1
    client.force_login(users.admin)
    page = client.get("/admin/sanatate/").content.decode()
    assert "Serverul SMTP nu răspunde" in page


def test_officials_who_are_not_staff_cannot_see_it(client, users):
    client.force_login(users.mayor)
    assert client.get("/admin/sanatate/").status_code == 302
