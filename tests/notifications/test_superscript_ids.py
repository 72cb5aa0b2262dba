"""Ids typed as digits Python reads as numbers but `int` does not (superscripts): ignored, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_superscript_notice_ids_mark_nothing(client, users):
    client.force_login(users.ion)
    page = client.post("/cont/notificari/citite/", {"notificare": ["²", "99999999999999999999"]})
    assert page.status_code == 302
