"""Argon2id for new passwords, old hashes upgraded at login; breached and look-alike passwords refused."""

import importlib

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from primaria.accounts import services
from primaria.core.errors import DomainError
from primaria.security.passwords import breached_passwords

from .hibp_server import HibpServer

pytestmark = pytest.mark.django_db

PRODUCTION = importlib.import_module("config.settings")
PERSON = {"first_name": "Elena", "last_name": "Vasilescu", "cnp": "2900101350016", "address": "Str. Lungă nr. 5",
          "email": "elena.vasilescu@example.ro"}


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION.PASSWORD_HASHERS


def test_production_hashes_with_argon2id_and_never_md5(production_hashers):
    assert PRODUCTION.PASSWORD_HASHERS[0] == "primaria.security.passwords.Argon2PasswordHasher"
    assert not any("MD5" in name for name in PRODUCTION.PASSWORD_HASHERS)
    encoded = make_password("O-parolă-lungă-de-test-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=65536,t=3,p=4$")
    user = services.register_person(password="Castan-Verde-Pe-Deal-42", **PERSON)
    assert user.password.startswith("argon2$argon2id$")


def test_an_old_pbkdf2_hash_is_upgraded_at_login(client, production_hashers, users):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    ion = users.ion
    ion.password = PBKDF2PasswordHasher().encode("Demo-2026!", PBKDF2PasswordHasher().salt())
    ion.save(update_fields=["password"])
    assert client.post("/cont/intrare/", {"username": ion.email, "password": "Demo-2026!"}).status_code == 302
    ion.refresh_from_db()
    assert identify_hasher(ion.password).algorithm == "argon2"


def _refusal(password, **person):
    with pytest.raises(DomainError) as info:
        services.register_person(password=password, **{**PERSON, **person})
    return info.value.message_dict["password"][0]


def test_breached_passwords_are_refused_in_romanian(settings):
    settings.PRIMARIA_BREACHED_PASSWORDS = "local"
    for password in ["Parola123!", "parolasecreta", "qwertyuiop", "1qaz2wsx3edc", "Bucuresti2024"]:
        assert "aflate după atacuri informatice" in _refusal(password), password
    validate_password("Castan-Verde-Pe-Deal-42")  # a password of its own passes


def test_passwords_like_the_account_are_refused(settings):
    assert "prea asemănătoare" in _refusal("elena.vasilescu")
    assert "prea asemănătoare" in _refusal("Vasilescu2026")
    assert "prea asemănătoare cu CNP-ul" in _refusal("2900101350016x"), "the CNP counts too"


def test_the_have_i_been_pwned_plugin_sends_only_a_prefix(settings):
    with HibpServer({"Castan-Verde-Pe-Deal-42": 3}) as server:
        settings.PRIMARIA_BREACHED_PASSWORDS = "hibp"
        settings.PRIMARIA_HIBP_URL = server.url
        assert "aflate după atacuri informatice" in _refusal("Castan-Verde-Pe-Deal-42")
        validate_password("Alt-Castan-Pe-Deal-43")
        assert server.asked and all(len(prefix) == 5 for prefix in server.asked)
        assert breached_passwords["hibp"].check_config().ok


def test_an_unreachable_service_falls_back_to_the_local_list(settings):
    settings.PRIMARIA_BREACHED_PASSWORDS = "hibp"
    settings.PRIMARIA_HIBP_URL = "http://127.0.0.1:9/range/"
    settings.PRIMARIA_HIBP_TIMEOUT = 1
    with pytest.raises(ValidationError):
        validate_password("1qaz2wsx3edc")
    validate_password("Castan-Verde-Pe-Deal-42")
    assert not breached_passwords["hibp"].check_config().ok
