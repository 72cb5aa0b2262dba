"""i18n: ro (demo data, Romanian by design).

The demo of public participation: a public debate announced for the demo's draft under consultation (in 5 days,
with its agenda and a PDF of the draft), and a confirmed subscriber (`ion.popescu@example.ro`) to the council's
decisions, the consultations and the debates. The topics themselves come with the migrations. Run by
`manage.py load_demo_city`; loading again adds nothing."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

DEMO_SUBSCRIBER = "ion.popescu@example.ro"
DEMO_FEEDS = ("hotarari", "consultari", "dezbateri")


def _draft_pdf(draft) -> bytes:
    from django.utils.html import escape

    from primaria.core.pdf import html_to_pdf

    body = "".join(f"<p>{escape(line)}</p>" for line in draft.body.splitlines())
    return html_to_pdf(f"<html><body><h1>Proiect de hotărâre nr. {draft.number}/{draft.year}</h1>"
                       f"<h2>privind {escape(draft.title)}</h2>{body}</body></html>")


@transaction.atomic
def load_demo_participation():
    from primaria.accounts.models import User
    from primaria.council.models import Draft
    from primaria.institutions.selectors import main_institution

    from . import services
    from .models import Debate, Subscription, Topic

    institution = main_institution()
    office = User.objects.filter(email="sg.specialist@primaria-demo.ro").first()
    draft = Draft.objects.filter(institution=institution, status=Draft.Status.CONSULTATION).order_by("pk").first()
    if office is not None and draft is not None and not Debate.objects.filter(institution=institution).exists():
        day = timezone.localdate() + timedelta(days=5)
        documents = []
        try:
            documents = [("Proiectul de hotărâre", "proiect.pdf", _draft_pdf(draft), "application/pdf")]
        except Exception:  # noqa: BLE001 - a machine without the PDF renderer gets the debate without the file
            documents = []
        services.announce_debate(
            actor=office, title=f"Dezbaterea proiectului privind {draft.title}", draft_id=draft.pk,
            starts_at=timezone.make_aware(datetime.combine(day, time(17, 0))),
            place="Sala de ședințe a Consiliului Local, Piața Unirii nr. 1", online_url="https://live.primaria-demo.ro/",
            agenda="1. Prezentarea proiectului de către inițiator.\n2. Intervențiile celor înscriși la cuvânt "
                   "(5 minute fiecare).\n3. Răspunsurile inițiatorului și ale specialiștilor.",
            documents=documents)
    # The demo subscriber goes through the double opt-in like anyone: asked, then confirmed by the signed link.
    user = User.objects.filter(email=DEMO_SUBSCRIBER).first()
    topics = list(Topic.objects.filter(feed__in=DEMO_FEEDS).values_list("pk", flat=True))
    if user is not None and topics and not Subscription.objects.filter(email=DEMO_SUBSCRIBER).exists():
        pending = services.subscribe(email=DEMO_SUBSCRIBER, topic_ids=topics, user=user, agree=True)
        services.confirm(token=services.confirm_token(DEMO_SUBSCRIBER, pending))
