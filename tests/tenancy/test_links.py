"""Links written into messages, documents and payments name the city hall the object belongs to: the demo city on
demo.test, a commune added by the IT admin's command on beta.test (docs/deployment.md, "Links in messages").

Messages are rendered as the worker renders them: outside any request, so the city hall comes from what the
message is about, never from a request being answered."""

from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.documents import rendering
from primaria.institutions import tenancy
from primaria.institutions.models import HostName, Institution
from primaria.notifications.models import Notification
from primaria.notifications.services import notify, render
from primaria.participation import services as participation
from primaria.participation.models import Subscription, Topic
from primaria.requests import services as requests
from tests.factories import answers_for, uploads_for

pytestmark = pytest.mark.django_db

SLUG = "adeverinta-nomenclatura-stradala"


@pytest.fixture
def two_city_halls(city, settings):
    """The demo city on demo.test and a commune added with the IT admin's command on beta.test."""
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    settings.SITE_URL = "http://instalare.test"
    HostName.objects.create(host="demo.test", institution=city, primary=True)
    call_command("add_city_hall", code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                 address="Str. Principală 1, Beta", secretary_email="secretar@beta.test", stdout=StringIO())
    return city, Institution.objects.get(code="CBETA")


def _file(user, city_hall):
    """`user` files the street-naming certificate on `city_hall`'s site."""
    with tenancy.serving(city_hall):
        service = Service.objects.get(institution=city_hall, slug=SLUG)
        draft = requests.start_draft(actor=user, party=person_of(user), service=service)
        requests.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service),
                            uploads=uploads_for(service))
        return requests.submit(actor=user, request_id=draft.pk)


def _rendered(**filters) -> list[Notification]:
    notifications = list(Notification.objects.filter(**filters).order_by("pk"))
    assert notifications
    for notification in notifications:
        render(notification)  # outside any request, as the worker does
    return notifications


def test_the_messages_of_a_request_name_the_city_hall_it_was_filed_on(two_city_halls, users):
    demo, commune = two_city_halls
    assert tenancy.site_url(commune) == "http://beta.test"
    on_commune, on_demo = _file(users.ion, commune), _file(users.maria, demo)
    [commune_message] = _rendered(object_type="requests.request", object_id=str(on_commune.pk))
    [demo_message] = _rendered(object_type="requests.request", object_id=str(on_demo.pk))
    assert f"http://beta.test/cereri/{on_commune.public_id}/" in commune_message.body
    assert f"http://demo.test/cereri/{on_demo.public_id}/" in demo_message.body
    assert "instalare.test" not in commune_message.body + demo_message.body
    assert commune_message.city_hall == commune and demo_message.city_hall == demo


def test_a_message_about_nothing_of_a_city_hall_names_the_site_it_was_asked_on(two_city_halls, users):
    demo, commune = two_city_halls
    with transaction.atomic(), tenancy.serving(commune):
        asked = notify(address="ion.popescu@example.ro", recipient=users.ion, template="representation_requested",
                       context={"user": users.ion}, related=users.ion)
    # outside a request and without a city hall's object: the installation's address
    elsewhere = notify(address="ion.popescu@example.ro", recipient=users.ion, template="representation_requested",
                       context={"user": users.ion}, related=users.ion)
    render(asked)
    render(elsewhere)
    assert "http://beta.test/cont/profil/" in asked.body
    assert "http://instalare.test/cont/profil/" in elsewhere.body


def test_an_issued_document_is_verified_on_its_issuing_city_halls_site(two_city_halls, monkeypatch):
    demo, commune = two_city_halls
    pages = []
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html, **kwargs: pages.append(html) or b"%PDF-")
    subordinate = Institution.objects.filter(parent=demo).first()
    for institution in (commune, demo, subordinate):
        department = institution.departments.first() or commune.departments.first()
        rendering.render_pdf(institution=institution, department=department, title="Adeverință", body_html="<p>x</p>",
                             outgoing_reference="1/2026", signers=[], verification_code="CBETA-7K3Q-9XWD")
    for page, host in zip(pages, ("beta.test", "demo.test", "demo.test"), strict=True):
        url = f"http://{host}/verificare/CBETA-7K3Q-9XWD/"
        assert url in page  # the line under the QR code
        assert rendering.qr_svg(url) in page  # the QR code encodes the same address
    assert subordinate is not None


def _subscribe(address, topic, city_hall):
    return Subscription.objects.create(email=address, topic=topic, institution=city_hall, consent_text="Acord",
                                       status=Subscription.Status.CONFIRMED, requested_at=timezone.now(),
                                       confirmed_at=timezone.now())


def test_a_newsletter_names_its_city_halls_site_and_asks_for_it_once(two_city_halls):
    demo, commune = two_city_halls
    topic = Topic.objects.get(slug="hotarari")
    _subscribe("ana@example.ro", topic, commune)
    _subscribe("dan@example.ro", topic, demo)

    def send(key, city_hall):
        with transaction.atomic():
            return participation.send_to_topic(feed=Topic.Feed.DECISIONS, key=key, subject="Hotărâre nouă",
                                               summary="Rezumat", url="/monitorul-oficial/", city_hall=city_hall)

    assert send("links:1", commune) == 1 and send("links:2", demo) == 1
    [to_commune] = _rendered(address="ana@example.ro", template="participation_newsletter")
    [to_demo] = _rendered(address="dan@example.ro", template="participation_newsletter")
    assert to_commune.context["unsubscribe_url"].startswith("http://beta.test/abonamente/")
    assert to_demo.context["unsubscribe_url"].startswith("http://demo.test/abonamente/")
    assert to_commune.context["unsubscribe_url"] in to_commune.body
    assert to_demo.context["unsubscribe_url"] in to_demo.body

    # the city halls' addresses are asked once per send, not once per subscriber
    def institution_queries(key):
        caches["local"].clear()
        with CaptureQueriesContext(connection) as captured:
            send(key, commune)
        return [q["sql"] for q in captured.captured_queries if "institutions_" in q["sql"]]

    one = institution_queries("links:3")
    for n in range(3):
        _subscribe(f"vecin{n}@example.ro", topic, commune)
    four = institution_queries("links:4")
    assert len(one) == len(four) and any("institutions_hostname" in sql for sql in one)


def test_a_card_payment_returns_to_the_site_of_the_request_city_hall(two_city_halls, users, monkeypatch):
    from primaria.payments import providers, services
    from primaria.payments.providers import Started
    from primaria.payments.sources import unpaid_fees

    demo, commune = two_city_halls
    seen = []

    class Card(providers.PaymentProvider):
        identifier, kind, verbose_name = "card-test", "card", "Card (test)"

        def check_config(self):
            return type("Check", (), {"ok": True})()

        def start(self, payment, *, return_url, notify_url):
            seen.append((return_url, notify_url))
            return Started(provider_reference=f"T{len(seen)}", redirect_url="https://plati.example/1")

    monkeypatch.setattr(providers, "card_providers", lambda: [Card()])
    monkeypatch.setattr(providers, "provider", lambda identifier: Card())
    on_commune, on_demo = _file(users.ion, commune), _file(users.ion, demo)
    assert unpaid_fees(on_commune) and unpaid_fees(on_demo)
    # the fee of a request filed on the commune, paid right after filing
    services.pay_request_fees(actor=users.ion, request=on_commune)
    # the basket of the demo city's site
    with tenancy.serving(demo):
        services.start_payment(actor=users.ion, party=person_of(users.ion), provider_id="card-test",
                               keys=[line.key for line in unpaid_fees(on_demo)])
    (commune_return, commune_notice), (demo_return, demo_notice) = seen
    assert commune_return.startswith("http://beta.test/plati/") and commune_notice.startswith("http://beta.test/")
    assert demo_return.startswith("http://demo.test/plati/") and demo_notice.startswith("http://demo.test/")


def test_the_export_of_ones_data_is_sent_on_the_site_it_was_asked_on(two_city_halls, users):
    from primaria.privacy import services as privacy

    demo, commune = two_city_halls
    with tenancy.serving(commune):
        export = privacy.request_export(actor=users.ion)
    assert privacy.build_export(export.pk)
    [message] = _rendered(template="privacy_export_ready", recipient=users.ion)
    link = "http://beta.test" + reverse("privacy:download", args=[export.public_id])
    assert message.context["link"] == link and link in message.body
