"""Changes to the catalog's search synonyms: checked, saved in one transaction with an audit entry.

Services themselves are edited in the admin's forms; the synonyms go through here so that every change to
what a search finds is in the audit log (who, when, from where, before and after).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core.errors import DomainError
from primaria.search.text import analyze, normalize

from .models import SearchSynonym


def require_catalog_admin(actor):
    """The catalog (and what its search understands) is kept by the city hall's IT admin (or a superuser)."""
    from primaria.institutions.models import Role
    from primaria.institutions.selectors import has_role

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Doar administratorul IT poate schimba sinonimele căutării."))
    if not (actor.is_superuser or has_role(actor, Role.IT_ADMIN)):
        raise PermissionDenied(_("Doar administratorul IT poate schimba sinonimele căutării."))


def _clean(value) -> str:
    return " ".join(normalize(value or "").split())


def check_synonym(*, actor, term: str, expansion: str, synonym_id=None) -> tuple[str, str]:
    """The term and its expansion as they will be stored; DomainError (per field) if they are not usable."""
    require_catalog_admin(actor)
    term, expansion = _clean(term), _clean(expansion)
    errors = {}
    if not analyze(term):
        errors["term"] = _("Scrieți cuvântul sau expresia pe care o caută oamenii (cel puțin o literă sau o cifră).")
    if not analyze(expansion):
        errors["expansion"] = _("Scrieți ce să se caute în plus (cel puțin o literă sau o cifră).")
    if not errors and analyze(term) == analyze(expansion):
        errors["expansion"] = (_("Este același text ca cel căutat (căutarea nu ține seama de diacritice și de "
                               "terminații), deci nu adaugă nimic."))
    if not errors:
        # the same pair as the search sees it (diacritics, capitals and word endings aside)
        wanted = (analyze(term), analyze(expansion))
        others = SearchSynonym.objects.exclude(pk=synonym_id) if synonym_id is not None else SearchSynonym.objects
        if any((analyze(t), analyze(e)) == wanted for t, e in others.values_list("term", "expansion")):
            errors["expansion"] = _("Acest sinonim există deja.")
    if errors:
        raise DomainError(errors)
    return term, expansion


@transaction.atomic
def save_synonym(*, actor, term: str, expansion: str, synonym_id=None, ip=None) -> SearchSynonym:
    """Add a synonym, or change the one with `synonym_id`."""
    synonym = None
    if synonym_id is not None:
        synonym = SearchSynonym.objects.select_for_update().get(pk=synonym_id)
    term, expansion = check_synonym(actor=actor, term=term, expansion=expansion, synonym_id=synonym_id)
    before = None
    if synonym is None:
        synonym = SearchSynonym.objects.create(term=term, expansion=expansion)
    else:
        before = {"term": synonym.term, "expansion": synonym.expansion}
        synonym.term, synonym.expansion = term, expansion
        synonym.save(update_fields=["term", "expansion"])
    record(actor=actor, action="catalog.synonym.save", target=synonym, ip_address=ip, term=term,
           expansion=expansion, before=before)
    return synonym


@transaction.atomic
def delete_synonym(*, actor, synonym_id, ip=None) -> None:
    require_catalog_admin(actor)
    synonym = SearchSynonym.objects.select_for_update().filter(pk=synonym_id).first()
    if synonym is None:
        return
    record(actor=actor, action="catalog.synonym.delete", target=synonym, ip_address=ip, term=synonym.term,
           expansion=synonym.expansion)
    synonym.delete()
