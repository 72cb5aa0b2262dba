"""The anonymous forms of a public debate (proposals, speakers) are rate limited like the other public forms."""

import pytest

pytestmark = pytest.mark.django_db


def test_debate_posts_over_the_limit_get_429(client, settings):
    settings.PRIMARIA_RATE_LIMITS = {**settings.PRIMARIA_RATE_LIMITS, "debate": "2/m"}
    for _ in range(2):
        answer = client.post("/dezbateri-publice/1/", {"form": "proposal", "text": "O propunere."},
                             REMOTE_ADDR="10.9.0.1")
        assert answer.status_code != 429
    over = client.post("/dezbateri-publice/1/", {"form": "speaker", "topic": "x"}, REMOTE_ADDR="10.9.0.1")
    assert over.status_code == 429 and "Prea multe cereri" in over.content.decode()
    assert client.get("/dezbateri-publice/1/", REMOTE_ADDR="10.9.0.1").status_code != 429
    assert client.post("/dezbateri-publice/1/", {"form": "speaker"}, REMOTE_ADDR="10.9.0.2").status_code != 429
