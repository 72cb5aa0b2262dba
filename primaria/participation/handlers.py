"""What announcements imply: a message to the confirmed subscribers of the matching topic, one per address and
announcement (`services.send_to_topic`, idempotent by `NewsletterSend`), sent by `notifications.deliver`.

Subjects and summaries are phrases (`primaria.core.phrases`): each subscriber reads them in the language they
subscribed in; names, titles and dates are their parameters, shown as written."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from primaria.core.phrases import phrase
from primaria.institutions import tenancy
from primaria.outbox.services import handler

from . import services
from .models import Debate, Topic

ACT_FEEDS = {"hotarare": Topic.Feed.DECISIONS, "dispozitie": Topic.Feed.DISPOSITIONS}


def _subject(event):
    """The id of the event's subject (the payload names it differently as the notice is drafted or published)."""
    return int(event.subject_id) if str(event.subject_id).isdigit() else None


def _site(path: str, institution) -> str:
    return tenancy.site_url(tenancy.city_hall_of(institution)) + path


@handler("participation.newsletter_act", on=["monitor.act_published"], atomic=True)
def act_published(event):
    from primaria.monitor.models import Act

    act = Act.objects.filter(pk=event.payload["act_id"]).first()
    if act is None:
        return
    feed = ACT_FEEDS.get(act.kind, Topic.Feed.OTHER_ACTS)
    services.send_to_topic(feed=feed, key=f"act:{act.pk}",
                           subject=phrase(gettext_noop("%(act)s a fost publicat(ă)"), act=act.official_label),
                           summary=phrase(gettext_noop("%(act)s privind %(title)s"), act=act.official_label, title=act.title),
                           url=_site(act.get_absolute_url(), act.institution), related=act, city_hall=act.institution)


@handler("participation.newsletter_procurement", on=["monitor.procurement_published"], atomic=True)
def procurement_published(event):
    from primaria.monitor.models import ProcurementNotice

    notice = ProcurementNotice.objects.filter(pk=_subject(event)).first()
    if notice is not None:
        services.send_to_topic(
            feed=Topic.Feed.PROCUREMENT, key=f"procurement:{notice.pk}",
            subject=phrase(gettext_noop("Anunț de achiziție publică")),
            summary=phrase(gettext_noop("%(title)s (anunțul %(reference)s); oferte până la %(deadline)s."),
                           title=notice.title, reference=notice.reference, deadline=f"{notice.deadline:%d.%m.%Y}"),
            url=_site(reverse("public_info:procurement"), notice.institution), related=notice,
            city_hall=notice.institution)


@handler("participation.newsletter_competition", on=["monitor.competition_published"], atomic=True)
def competition_published(event):
    from primaria.monitor.models import JobCompetition

    competition = JobCompetition.objects.filter(pk=_subject(event)).first()
    if competition is not None:
        services.send_to_topic(
            feed=Topic.Feed.JOBS, key=f"competition:{competition.pk}",
            subject=phrase(gettext_noop("Concurs de angajare")),
            summary=phrase(gettext_noop("%(position)s, %(department)s; înscrieri până la %(until)s."),
                           position=competition.position, department=str(competition.department),
                           until=f"{competition.applications_until:%d.%m.%Y}"),
            url=_site(reverse("public_info:competitions"), competition.institution), related=competition,
            city_hall=competition.institution)


@handler("participation.newsletter_consultation", on=["council.consultation_opened"], atomic=True)
def consultation_opened(event):
    from primaria.council.models import Draft

    draft = Draft.objects.filter(pk=event.payload.get("draft_id")).select_related("consultation").first()
    if draft is None or not hasattr(draft, "consultation"):
        return
    services.send_to_topic(
        feed=Topic.Feed.CONSULTATIONS, key=f"consultation:{draft.pk}",
        subject=phrase(gettext_noop("Proiect în consultare publică")),
        summary=phrase(gettext_noop("Proiectul nr. %(number)s/%(year)s privind %(title)s. Propunerile se primesc "
                                    "până la %(until)s."), number=draft.number, year=draft.year, title=draft.title,
                       until=f"{draft.consultation.proposals_until:%d.%m.%Y}"),
        url=_site(reverse("council:consultation", kwargs={"pk": draft.pk}), draft.institution), related=draft,
        city_hall=draft.institution)


@handler("participation.newsletter_debate", on=["participation.debate_announced"], atomic=True)
def debate_announced(event):
    debate = Debate.objects.filter(pk=event.payload["debate_id"]).first()
    if debate is None:
        return
    from django.utils import timezone

    start = timezone.localtime(debate.starts_at)
    when = {"title": debate.title, "day": f"{start:%d.%m.%Y}", "time": f"{start:%H:%M}"}
    summary = (phrase(gettext_noop("%(title)s: %(day)s, ora %(time)s, %(place)s."), place=debate.place, **when)
               if debate.place else phrase(gettext_noop("%(title)s: %(day)s, ora %(time)s, online."), **when))
    services.send_to_topic(
        feed=Topic.Feed.DEBATES, key=f"debate:{debate.pk}", subject=phrase(gettext_noop("Dezbatere publică anunțată")),
        summary=summary,
        url=_site(debate.get_absolute_url(), debate.institution), related=debate, city_hall=debate.institution)
