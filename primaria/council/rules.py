"""Who may do what in the council's circuit, as entries of `primaria.core.rules.RULES`:

* `manage` (drafts, consultations, opinions, sessions, votes, communication, publication): the secretary general's
  staff (`core.rules.council_office`);
* `sign_chair` on a decision: the councillor who chaired the session, with his own account;
* `countersign` on a decision or a disposition: the secretary general of the city hall;
* `issue` on a draft disposition: the mayor, who signs it;
* `withdraw` a draft before its adoption: its initiator, with the account recorded on the draft, or the mayor.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.rules import RULES, Refusal, council_office

REFUSAL = gettext_lazy("Doar aparatul de specialitate al secretarului general gestionează circuitul hotărârilor.")


def _manage(actor, _obj):
    return None if council_office(actor) else Refusal(REFUSAL)


def is_secretary_general(actor) -> bool:
    from primaria.institutions.models import Position, Role

    return bool(getattr(actor, "is_authenticated", False)) and Position.objects.filter(
        user=actor, role=Role.SECRETARY_GENERAL, active=True).exists()


def _sign_chair(actor, decision):
    chair = decision.session.chair if decision.session_id else None
    if chair is not None and chair.user_id is not None and getattr(actor, "pk", None) == chair.user_id:
        return None
    return Refusal(_("Hotărârea se semnează de președintele de ședință."))


def _countersign(actor, _decision):
    return None if is_secretary_general(actor) else Refusal(_("Hotărârea se contrasemnează de secretarul general."))


def is_mayor(actor) -> bool:
    from primaria.institutions.models import Position, Role

    return bool(getattr(actor, "is_authenticated", False)) and Position.objects.filter(
        user=actor, role=Role.MAYOR, active=True).exists()


def _issue(actor, _draft):
    return None if is_mayor(actor) else Refusal(_("Dispoziția se emite și se semnează de primar."))


def _withdraw(actor, draft):
    if draft.initiator_user_id is not None and getattr(actor, "pk", None) == draft.initiator_user_id:
        return None
    return None if is_mayor(actor) else Refusal(_("Proiectul se retrage de inițiatorul său sau de primar."))


def register_rules():
    for model in ("draft", "consultation", "session", "decision", "councillor", "committee"):
        RULES[(f"council.{model}", "manage")] = _manage
    RULES[("council.decision", "sign_chair")] = _sign_chair
    RULES[("council.decision", "countersign")] = _countersign
    RULES[("council.draft", "issue")] = _issue
    RULES[("council.draft", "withdraw")] = _withdraw
    RULES[("council.addressee", "manage")] = _manage
