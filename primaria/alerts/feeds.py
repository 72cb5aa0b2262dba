"""Atom feeds of the current local alerts, all of them and per topic (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from primaria.institutions.selectors import main_institution

from . import selectors
from .models import Topic


class AlertFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, topic=None):
        if topic is None:
            return None
        if topic not in Topic.values:
            raise Http404(_("Subiectul nu există."))
        return Topic(topic)

    def title(self, topic):
        institution = main_institution()
        name = institution.name if institution else _("Primăria")
        if topic:
            return _("Alerte locale – %(topic)s – %(institution)s") % {"topic": topic.label, "institution": name}
        return _("Alerte locale – %(institution)s") % {"institution": name}

    def subtitle(self, topic):
        return _("Lucrări, restricții de circulație și întreruperi de utilități în vigoare acum.")

    def link(self, topic):
        return reverse("alerts:index") + (f"?subiect={topic.value}" if topic else "")

    def feed_guid(self, topic):
        return self.link(topic)

    def items(self, topic):
        alerts = selectors.current()
        if topic:
            alerts = alerts.filter(topic=topic)
        return alerts.order_by("-updated_at")[:100]

    def item_title(self, alert):
        return f"{alert.get_topic_display()}: {alert.title}"

    def item_description(self, alert):
        start, end = timezone.localtime(alert.starts_at), timezone.localtime(alert.ends_at)
        return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}. {alert.description}"

    def item_link(self, alert):
        return alert.get_absolute_url()

    def item_guid(self, alert):
        return f"urn:uuid:{alert.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, alert):
        return alert.published_at

    def item_updateddate(self, alert):
        return alert.updated_at or alert.published_at

    def item_author_name(self, alert):
        return alert.department.name

    def item_categories(self, alert):
        return [str(alert.get_topic_display())]
