"""Who may publish in the Monitorul Oficial Local. The rules are entries of the one table of `primaria.core.rules`
(`RULES`), registered when the app starts, so pages, the API and `services` ask `rules.can(actor, act, "publish")`:

* `publish` (an act, its relations, a draft decision, an announcement or a competition): the secretary general's
  staff (`core.rules.monitor_office`);
* reading needs no rule: everything published here is public, without an account.
"""

from django.utils.translation import gettext_lazy

from primaria.core.rules import RULES, Refusal, monitor_office

REFUSAL = gettext_lazy("Doar aparatul de specialitate al secretarului general publică în Monitorul Oficial Local.")


def _publish(actor, _obj):
    if monitor_office(actor):
        return None
    return Refusal(REFUSAL)


def register_rules():
    for model in ("act", "draftdecision", "procurementnotice", "jobcompetition"):
        RULES[(f"monitor.{model}", "publish")] = _publish
