"""An Atom feed per section of the Monitorul Oficial Local (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from primaria.institutions import tenancy
from primaria.institutions.selectors import main_institution

from . import selectors
from .models import Section

FEED_SIZE = 50


class SectionFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, section):
        if section not in Section.values:
            raise Http404(_("Secțiunea nu există."))
        return Section(section)

    def title(self, section):
        return _("Monitorul Oficial Local – %(section)s – %(institution)s") % {
            "section": section.label, "institution": main_institution().name}

    def subtitle(self, section):
        return selectors.SECTION_NOTES[section]

    def link(self, section):
        return reverse("monitor:section", kwargs={"section": section.value})

    def feed_guid(self, section):
        return self.link(section)

    def items(self, section):
        return selectors.acts().filter(section=section).order_by("-published_at")[:FEED_SIZE]

    def item_title(self, act):
        return f"{act.label} – {act.title}"

    def item_description(self, act):
        return _("%(kind)s din %(date)s, %(status)s. %(title)s") % {
            "kind": act.get_kind_display(), "date": f"{act.adopted_on:%d.%m.%Y}", "status": act.get_status_display(),
            "title": act.title}

    def item_link(self, act):
        return act.get_absolute_url()

    def item_pubdate(self, act):
        return act.published_at

    def item_updateddate(self, act):
        return act.published_at or timezone.now()

    def item_author_name(self, act):
        return act.issuer

    def item_enclosures(self, act):
        from django.utils.feedgenerator import Enclosure

        site = tenancy.site_url(main_institution()).rstrip("/")  # the feed lists the acts of the site's city hall
        return [Enclosure(f"{site}{act.get_absolute_url()}act.pdf", str(act.document.size),
                          "application/pdf")]
