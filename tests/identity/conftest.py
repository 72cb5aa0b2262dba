import pytest

from .provider import LocalProvider


@pytest.fixture(scope="session")
def oidc_provider():
    provider = LocalProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def roeid(oidc_provider, settings, monkeypatch, claim_mappings):
    """ROeID configured against the local provider (plain HTTP is allowed only here, in the tests)."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    settings.PRIMARIA_ROEID_ISSUER = oidc_provider.url
    settings.PRIMARIA_ROEID_CLIENT_ID = "primaria-test"
    settings.PRIMARIA_ROEID_CLIENT_SECRET = "secret-de-test"
    settings.PRIMARIA_ROEID_SCOPE = "openid profile email"
    oidc_provider.tamper = oidc_provider.discovery_issuer = None
    yield oidc_provider
    oidc_provider.tamper = oidc_provider.discovery_issuer = None


@pytest.fixture
def claim_mappings(db):
    """The ROeID claim names the data migration seeds, put back when a transactional test emptied the table.

    Browser tests run on a flushed database; the seed function is the migration's own, so what it writes
    is still what these tests check.
    """
    import importlib

    from django.apps import apps

    from primaria.identity.models import ClaimMapping

    if not ClaimMapping.objects.exists():
        importlib.import_module("primaria.identity.migrations.0002_seed_roeid_claim_mappings").seed(apps, None)
