from datetime import timedelta

import pytest
from django.utils import timezone

from tests.payments.conftest import Gateway, _netopia_sandbox, sandbox_dir  # noqa: F401  (the sandbox gateway)


@pytest.fixture
def gateway(live_server, settings):
    settings.SITE_URL = live_server.url
    return Gateway(live_server.url)


@pytest.fixture
def inspector(city):
    from primaria.accounts.models import User

    return User.objects.get(email="par.specialist@primaria-demo.ro")


@pytest.fixture
def kinds(city):
    from primaria.parking.models import SubscriptionType

    return {t.name: t for t in SubscriptionType.objects.select_related("zone")}


def tomorrow():
    return timezone.localdate() + timedelta(days=1)
