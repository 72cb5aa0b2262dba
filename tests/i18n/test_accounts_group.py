"""Accounts, identity, security, privacy and notifications in English and Hungarian: pages, messages, e-mails.

Romanian stays the default (the existing tests read it); here the `limba` cookie chooses English or Hungarian,
and an account's language (User.language) chooses the language of its e-mails.
"""

import pytest
from django.test import Client

from primaria.accounts import services as accounts
from primaria.accounts.models import User
from primaria.notifications.models import Notification
from primaria.notifications.services import notify, render

pytestmark = pytest.mark.django_db

SIGNUP = {"first_name": "Ana", "last_name": "Pop", "cnp": "1600520350026", "email": "ana.pop@example.ro",
          "address": "Str. Lalelelor nr. 5, Municipiul Demo", "phone": "0744 123 456", "password": "o-parola-lunga-2026"}


def page(url, language, user=None):
    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code in (200, 403), url  # 403: the page that asks for ROeID
    return response.content.decode()


def written(notification: Notification) -> Notification:
    """The message as the worker writes it, in its language."""
    render(notification)
    return notification


# (url, who, {language: text of the page}, Romanian text that must be gone)
PAGES = {
    "accounts-resident": ("/cont/profil/", "ion", {"en": "My account", "hu": "Fiókom"}, "Contul meu"),
    "accounts-signup": ("/cont/inregistrare/", None, {"en": "Create a personal account",
                                                      "hu": "Hozzon létre magánszemélyként fiókot"},
                        "Creați un cont de persoană fizică"),
    "accounts-office": ("/birou/mandate/", "clerk", {"en": "Mandates to check",
                                                     "hu": "Ellenőrizendő meghatalmazások"}, "Mandate de verificat"),
    "identity-resident": ("/cont/roeid/necesar/", "ion", {"en": "Sign in with ROeID for this page",
                                                          "hu": "Ehhez az oldalhoz jelentkezzen be ROeID-vel"},
                          "Pentru această pagină intrați cu ROeID"),
    "security-resident": ("/cont/securitate/", "ion", {"en": "Account security", "hu": "Fiókbiztonság"},
                          "Securitatea contului"),
    "security-office": ("/cont/securitate/", "secretary", {"en": "API tokens", "hu": "API-tokenek"},
                        "Tokenuri pentru API"),
    "privacy-resident": ("/cont/datele-mele/", "ion", {"en": "Who has looked at my data",
                                                       "hu": "Kik tekintettek be az adataimba"},
                         "Cine a consultat datele mele"),
    "notifications-resident": ("/cont/notificari/", "ion", {"en": "My notifications", "hu": "Értesítéseim"},
                               "Notificările mele"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_of_accounts_identity_security_privacy_notifications_in_english_and_hungarian(city, users, name):
    url, who, texts, romanian = PAGES[name]
    for language in ("en", "hu"):
        html = page(url, language, getattr(users, who) if who else None)
        assert texts[language] in html, language
        assert romanian not in html, language


def test_accounts_pages_stay_romanian_by_default(city, users):
    assert "Contul meu" in page("/cont/profil/", "ro", users.ion)


def test_accounts_sign_up_keeps_the_language_of_the_page_and_writes_the_first_email_in_it(city, mailbox,
                                                                                           django_capture_on_commit_callbacks):
    client = Client()
    client.cookies["limba"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cont/inregistrare/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert user.language == "en"
    [message] = mailbox.to(SIGNUP["email"])
    assert message["subject"] == "Confirm the e-mail address of your account on the city hall's portal"
    assert "To be able to file requests, confirm your e-mail address" in message["body"]
    assert "Ați creat" not in message["body"]


def test_accounts_sign_up_in_romanian_keeps_romanian(city):
    Client().post("/cont/inregistrare/", SIGNUP)
    assert User.objects.get(email=SIGNUP["email"]).language == "ro"


@pytest.mark.parametrize("given, kept", [("hu", "hu"), ("en-gb", "en"), ("xx", ""), ("", "")])
def test_accounts_register_person_keeps_only_a_known_language(city, given, kept):
    user = accounts.register_person(**{**SIGNUP, "cnp": "1600520350026"}, language=given)
    assert user.language == kept


def test_accounts_mandate_email_in_english(city, users):
    from tests.test_mandates import ask

    maria = users.maria
    maria.language = "en"
    maria.save(update_fields=["language"])
    representation = ask(maria)
    message = written(Notification.objects.get(template="representation_requested", object_id=str(representation.pk)))
    assert message.subject == "We have received your request to represent the company Floare SRL"
    assert "The registry checks the document, usually within 1–2 working days." in message.body
    assert "Registratura" not in message.body


def test_accounts_mandate_email_in_hungarian(city, users):
    from tests.test_mandates import ask

    maria = users.maria
    maria.language = "hu"
    maria.save(update_fields=["language"])
    representation = ask(maria)
    message = written(Notification.objects.get(template="representation_requested", object_id=str(representation.pk)))
    assert message.subject == "Megkaptuk a(z) Floare SRL cég képviseletére vonatkozó kérelmét"


@pytest.mark.parametrize("language, subject, sentence", [
    ("en", "Confirm the e-mail address of your account on the city hall's portal",
     "If you did not create the account, please ignore this message."),
    ("hu", "Erősítse meg a polgármesteri hivatal portálján lévő fiókja e-mail-címét",
     "Ha nem Ön hozta létre a fiókot, hagyja figyelmen kívül ezt az üzenetet."),
])
def test_notifications_verification_email_in_the_accounts_language(city, users, language, subject, sentence):
    user = users.maria
    user.language = language
    message = written(notify(address=user.email, recipient=user, template="verify_email",
                             context={"user": user, "link": "https://primaria.example/confirmare/x/"}))
    assert message.language == language and message.subject == subject
    assert sentence in message.body and "Bună ziua" not in message.body


@pytest.mark.parametrize("language, subject, sentence", [
    ("en", "Your personal data is ready to download", "If you did not request this copy"),
    ("hu", "Személyes adatai letölthetők", "Ha nem Ön kérte ezt a másolatot"),
])
def test_privacy_export_email_in_the_accounts_language(city, users, language, subject, sentence):
    user = users.ion
    user.language = language
    message = written(notify(address=user.email, recipient=user, template="privacy_export_ready",
                             context={"user": user, "link": "https://primaria.example/x/", "days": 7}))
    assert message.subject == subject and sentence in message.body and "Bună ziua" not in message.body


def test_security_and_notifications_messages_in_english(city, users):
    client = Client()
    client.cookies["limba"] = "en"
    client.force_login(users.ion)
    Notification.objects.create(channel="inapp", recipient=users.ion, address=users.ion.email, template="x",
                                subject="Subiect", body="Text", status=Notification.Status.SENT)
    response = client.post("/cont/notificari/citite/", {"toate": "1"}, follow=True)
    assert "The notification has been marked as read." in response.content.decode()
    response = client.post("/cont/securitate/coduri-recuperare/", follow=True)
    assert "First add an authenticator app or a passkey." in response.content.decode()


def test_privacy_messages_in_hungarian(city, users):
    client = Client()
    client.cookies["limba"] = "hu"
    client.force_login(users.ion)
    response = client.post("/cont/datele-mele/acord/", {"purpose": "newsletter", "action": "nimic"}, follow=True)
    assert "Ismeretlen művelet." in response.content.decode()
