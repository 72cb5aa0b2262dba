"""Who may publish local alerts. Entries of the one table of `primaria.core.rules` (`RULES`):

* `publish` (draft, publish, update, end or cancel an alert): the officials (specialists and heads) of the
  institution named by settings.PRIMARIA_ALERTS_INSTITUTION (the public-domain administration, which runs the
  works and the utilities' notices), and the city hall's secretary general, mayor and deputy mayors; both looked
  up in the tree of the city hall the request serves (`tenancy.institution_ids`): on a commune's site the demo
  city's ADP is nobody, the commune's own institution with that code is the publisher. An alert of another
  city hall is nobody's to change here;
* the alert's issuing department is one of the actor's own departments, or any department of the city hall for
  the secretary general, the mayor and the deputy mayors (`departments_for`);
* reading needs no rule: published alerts are public; a subscription is its owner's alone (`manage`).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.rules import RULES, Refusal, _positions
from primaria.institutions.models import Department, Role

REFUSAL = gettext_lazy("Doar funcționarii administrației domeniului public, secretarul general, primarul și "
                       "viceprimarii publică alerte locale.")
LEADERS = (Role.SECRETARY_GENERAL, Role.MAYOR, Role.DEPUTY_MAYOR)


def _publisher_positions(actor):
    from primaria.institutions import tenancy
    from primaria.institutions.selectors import main_institution

    positions = _positions(actor)
    if not positions:
        return []
    city_hall = main_institution()
    if city_hall is None:
        return []
    tree = tenancy.institution_ids(city_hall)
    code = settings.PRIMARIA_ALERTS_INSTITUTION.lower()
    return [p for p in positions
            if (p.role in (Role.SPECIALIST, Role.HEAD) and p.department.institution_id in tree
                and p.department.institution.code.lower() == code)
            or (p.role in LEADERS and p.department.institution_id == city_hall.pk)]


def publishes_alerts(actor) -> bool:
    return bool(_publisher_positions(actor))


def departments_for(actor):
    """The departments an alert of `actor` may be issued in the name of."""
    positions = _publisher_positions(actor)
    ids = {p.department_id for p in positions if p.role not in LEADERS}
    institutions = {p.department.institution_id for p in positions if p.role in LEADERS}
    return Department.objects.filter(pk__in=ids) | Department.objects.filter(institution_id__in=institutions)


def _publish(actor, obj):
    """On the class (`Alert`): whether the actor publishes alerts at all; on an alert: whether it is one of the
    actor's departments' alerts."""
    if not publishes_alerts(actor):
        return Refusal(REFUSAL)
    city_hall_id = getattr(obj, "city_hall_id", None) if not isinstance(obj, type) else None
    if city_hall_id is not None and city_hall_id != _served_id():
        return Refusal(_("Alerta este a altei primării."))
    department_id = getattr(obj, "department_id", None) if not isinstance(obj, type) else None
    if department_id is not None and not departments_for(actor).filter(pk=department_id).exists():
        return Refusal(_("Alerta este emisă de alt compartiment; o schimbă doar funcționarii acestuia."))
    return None


def _served_id():
    from primaria.institutions.selectors import main_institution

    city_hall = main_institution()
    return city_hall.pk if city_hall is not None else None


def _manage(actor, subscription):
    if subscription.city_hall_id is not None and subscription.city_hall_id != _served_id():
        return Refusal(_("Abonarea este la alertele altei primării."))
    if getattr(actor, "is_authenticated", False) and subscription.user_id == actor.pk:
        return None
    return Refusal(_("Abonarea nu este a contului dumneavoastră."))


def register_rules():
    RULES[("alerts.alert", "publish")] = _publish
    RULES[("alerts.subscription", "manage")] = _manage
