"""Ids typed as digits Python reads as numbers but `int` does not (superscripts): refused, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_superscript_topic_ids_are_refused_with_a_message(client, city):
    page = client.post("/abonamente/", {"email": "ana@example.ro", "topics": ["²", "-3"], "agree": "1"})
    assert page.status_code == 400 and "Alegeți cel puțin o temă." in page.content.decode()
