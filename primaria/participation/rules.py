"""Who may do what with public debates and newsletters, as entries of `primaria.core.rules.RULES`: the secretary
general's staff (`core.rules.council_office`, the same people who run the council's circuit and its public
consultation) announce debates, register written requests for one, publish the minute and send announcements."""

from django.utils.translation import gettext_lazy

from primaria.core.rules import RULES, Refusal, council_office

REFUSAL = gettext_lazy("Doar aparatul de specialitate al secretarului general organizează dezbaterile publice.")


def _manage(actor, _obj):
    return None if council_office(actor) else Refusal(REFUSAL)


def register_rules():
    for model in ("debate", "debaterequest", "topic"):
        RULES[(f"participation.{model}", "manage")] = _manage
