"""Who may see and act on audiences. The rules are entries of the one table of `primaria.core.rules` (`RULES`),
registered when the app starts, so pages and services ask `rules.can(actor, audience, ...)`:

* `view`: whoever may act for the applicant (themselves, or under a mandate in force), the mayor's office
  (`core.rules.audience_office`) and the official who receives the audience;
* `confirm` (the applicant's answer to a proposed slot): whoever may act for the applicant;
* `decide` (accept with a slot, refuse, send to a department) and the audience hours: the mayor's office;
* `hold` (held, not presented, what was decided): the official who receives it, and the mayor's office.
"""

from django.utils.translation import gettext as _

from primaria.core.rules import RULES, Refusal, audience_office


def _authenticated(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _acts_for_applicant(actor, audience) -> bool:
    from primaria.accounts.selectors import acting_entry

    return _authenticated(actor) and acting_entry(actor, audience.applicant) is not None


def _view(actor, audience):
    if _acts_for_applicant(actor, audience) or audience_office(actor):
        return None
    if _authenticated(actor) and audience.official_id == actor.pk:
        return None
    return Refusal(_("Această audiență nu vă privește."))


def _confirm(actor, audience):
    if _acts_for_applicant(actor, audience):
        return None
    return Refusal(_("Doar solicitantul confirmă programarea audienței."))


def _decide(actor, _audience):
    if audience_office(actor):
        return None
    return Refusal(_("Doar Cabinetul Primarului decide asupra cererilor de audiență."))


def _hold(actor, audience):
    if audience_office(actor) or (_authenticated(actor) and audience.official_id == actor.pk):
        return None
    return Refusal(_("Doar cel care acordă audiența consemnează desfășurarea ei."))


def _hours(actor, _hours):
    if audience_office(actor):
        return None
    return Refusal(_("Doar Cabinetul Primarului stabilește programul de audiențe."))


def register_rules():
    RULES[("audiences.audience", "view")] = _view
    RULES[("audiences.audience", "confirm")] = _confirm
    RULES[("audiences.audience", "decide")] = _decide
    RULES[("audiences.audience", "hold")] = _hold
    RULES[("audiences.audiencehours", "edit")] = _hours
