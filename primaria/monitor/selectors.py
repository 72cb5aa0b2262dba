"""Reads of the Monitorul Oficial Local: sections, an act by its stable address, search, the registers."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.institutions.selectors import main_institution
from primaria.search.text import STOP_WORDS, parse_query

from .models import (
    SLUG_KINDS,
    Act,
    DraftDecision,
    JobCompetition,
    Kind,
    ProcurementNotice,
    Relation,
    Section,
    StageResult,
)

SECTION_NOTES = {
    Section.STATUTE: gettext_lazy("Statutul unității administrativ-teritoriale și hotărârile care îl modifică."),
    Section.REGULATIONS: gettext_lazy("Regulamentul de organizare și funcționare, regulamentele privind procedurile administrative."),
    Section.DECISIONS: gettext_lazy("Hotărârile consiliului local, registrul proiectelor de hotărâri și registrul hotărârilor adoptate."),
    Section.DISPOSITIONS: gettext_lazy("Dispozițiile primarului și registrul dispozițiilor."),
    Section.FINANCIAL: gettext_lazy("Bugetul local, execuția bugetară, situațiile financiare și alte informații financiare."),
    Section.OTHER: gettext_lazy("Alte documente publicate potrivit legii."),
}


def sections(institution=None):
    """The six sections, in the order of Annex 1, each with its label, note and number of acts."""
    institution = institution or main_institution()
    counts = {}
    for section in Act.objects.filter(institution=institution).values_list("section", flat=True):
        counts[section] = counts.get(section, 0) + 1
    return [{"slug": value, "name": label, "note": SECTION_NOTES[value], "count": counts.get(value, 0)}
            for value, label in Section.choices]


def acts(institution=None):
    return Act.objects.filter(institution=institution or main_institution()).select_related("document")


def section_acts(section, *, year=None, institution=None):
    found = acts(institution).filter(section=section)
    if year:
        found = found.filter(year=year)
    return found.order_by("-adopted_on", "-number")


def years_of(section, institution=None):
    return list(acts(institution).filter(section=section).values_list("year", flat=True).distinct().order_by("-year"))


def act_at(kind_slug, year, number, institution=None) -> Act:
    kind = SLUG_KINDS.get(kind_slug)
    if kind is None or not (0 < year < 10_000 and 0 < number < 2**31):
        raise Http404(_("Nu există această categorie de acte."))
    act = (acts(institution).filter(kind=kind, year=year, number=number)
           .prefetch_related(Prefetch("changed_by", Relation.objects.select_related("source").order_by("source__adopted_on")),
                             Prefetch("changes", Relation.objects.select_related("target")))
           .first())
    if act is None:
        raise Http404(_("Actul nu există în Monitorul Oficial Local."))
    return act


def act_by_code(code) -> Act | None:
    return Act.objects.filter(verification_code=(code or "").strip().upper()).select_related("institution").first()


def search(query_text, *, section="", institution=None):
    """Acts whose number, subject, text or issuer hold every word typed (a "phrase" in that order; -word excluded);
    diacritics and Romanian word endings do not matter (the analyzer of `primaria.search.text`)."""
    query = parse_query(query_text)
    found = acts(institution)
    if section:
        found = found.filter(section=section)
    clauses = [c for c in query.clauses if not all(t in STOP_WORDS for t in c)] or list(query.clauses)
    if not clauses:
        return query, found.none()
    condition = Q()
    for clause in clauses:
        condition &= Q(search_terms__contains=" " + " ".join(clause) + " ")
    for clause in query.excluded:
        condition &= ~Q(search_terms__contains=" " + " ".join(clause) + " ")
    return query, found.filter(condition).order_by("-adopted_on", "-number")


def decisions_register(year=None, institution=None):
    """The register of adopted decisions (Annex 1): number, date, subject, communication to the prefect, publication,
    and what changed the decision later."""
    found = acts(institution).filter(kind=Kind.DECISION)
    if year:
        found = found.filter(year=year)
    return found.prefetch_related(Prefetch("changed_by", Relation.objects.select_related("source"))).order_by("year", "number")


def dispositions_register(year=None, institution=None):
    found = acts(institution).filter(kind=Kind.DISPOSITION)
    if year:
        found = found.filter(year=year)
    return found.prefetch_related(Prefetch("changed_by", Relation.objects.select_related("source"))).order_by("year", "number")


def drafts_register(year=None, institution=None):
    found = DraftDecision.objects.filter(institution=institution or main_institution()).select_related("decision")
    if year:
        found = found.filter(year=year)
    return found.order_by("year", "number")


def financial_acts(institution=None):
    return section_acts(Section.FINANCIAL, institution=institution)


def procurement_notices(institution=None):
    """The notices published (a draft is seen only by the office), with their amendments."""
    return ProcurementNotice.objects.filter(institution=institution or main_institution()).exclude(
        status=ProcurementNotice.Status.DRAFT).prefetch_related("revisions")


def competitions(institution=None):
    """The competitions published, with their amendments and the results of their stages."""
    return JobCompetition.objects.filter(institution=institution or main_institution()).exclude(
        status=JobCompetition.Status.DRAFT).prefetch_related(
        "revisions", Prefetch("stages__results", StageResult.objects.select_related("application__registry_entry")))


def open_acts(institution=None):
    """The acts an act may amend or repeal: those not repealed."""
    return acts(institution).exclude(status="repealed").order_by("-year", "kind", "-number")


def my_applications(user):
    """The applications to competitions filed by the user (for themselves or a party they act for), each with its
    competition and the results published for it, stage by stage."""
    from types import SimpleNamespace

    from primaria.accounts.selectors import parties_of
    from primaria.requests.models import Request
    from primaria.requests.models import Status as RequestStatus

    from .services import competition_service

    service = competition_service()
    if service is None or not getattr(user, "is_authenticated", False):
        return []
    applications = list(Request.objects.filter(service=service, applicant_id__in=[p.pk for p in parties_of(user)])
                        .exclude(status=RequestStatus.DRAFT).select_related("registry_entry", "applicant")
                        .order_by("-pk"))
    by_reference = {c.reference: c for c in JobCompetition.objects.filter(
        institution_id__in={a.institution_id for a in applications}).exclude(status=JobCompetition.Status.DRAFT)}
    results = {}
    for result in StageResult.objects.filter(application__in=applications).select_related("stage").order_by(
            "stage__held_on", "pk"):
        results.setdefault(result.application_id, []).append(result)
    rows = []
    for application in applications:
        reference = str((application.data or {}).get("concurs", "")).split(" – ", 1)[0]
        rows.append(SimpleNamespace(application=application, competition=by_reference.get(reference),
                                    results=results.get(application.pk, [])))
    return rows
