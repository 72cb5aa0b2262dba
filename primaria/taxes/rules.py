"""Who may see and change the fiscal records. The rules are entries of the one table of
`primaria.core.rules` (`RULES`), registered when the app starts, so pages ask `rules.can(actor, party, ...)`:

* `view_taxes` on a party: the party itself and whoever may act for it with a mandate covering the tax
  services (or every service); the officials of the tax office;
* `manage_taxes` on a party: the officials of the tax office (Direcția Impozite și Taxe Locale, code ITL)
  and the IT admin through the admin.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from primaria.core.rules import RULES, Refusal, tax_office


def tax_department_code() -> str:
    return getattr(settings, "PRIMARIA_TAX_DEPARTMENT", "itl")


def is_tax_official(user) -> bool:
    """The tax office's own officials (core.rules.tax_office, without the secretary general and the mayor)."""
    return tax_office(user, leaders=False)


def _view(actor, party):
    from primaria.accounts.selectors import acting_entry

    if is_tax_official(actor):
        return None
    entry = acting_entry(actor, party) if getattr(actor, "is_authenticated", False) else None
    if entry is None:
        return Refusal(_("Nu puteți vedea situația fiscală a acestui contribuabil."))
    scope = getattr(entry, "mandate_services", None)
    if scope is not None:
        from primaria.catalog.models import Service

        if not Service.objects.filter(pk__in=scope, department__code=tax_department_code()).exists():
            return Refusal(_("Mandatul dumneavoastră nu cuprinde impozitele și taxele locale."))
    return None


def _manage(actor, party):
    if is_tax_official(actor) or getattr(actor, "is_superuser", False):
        return None
    return Refusal(_("Doar Direcția Impozite și Taxe Locale poate modifica evidența fiscală."))


def register_rules():
    RULES[("accounts.party", "view_taxes")] = _view
    RULES[("accounts.party", "manage_taxes")] = _manage
