"""The legal terms of the council's circuit, on the working-day calendar of `primaria.core.terms`, each with its
legal basis (shown on the pages next to the date it gives)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from primaria.core.terms import CALENDAR, WORKING, add_term

ANNOUNCEMENT_DAYS = 30  # working days between the announcement and the adoption of a normative draft
PROPOSAL_DAYS = 10  # calendar days, at least, for proposals
CONVOCATION_DAYS = {"ordinara": 5, "extraordinara": 3}
PREFECT_DAYS = 10  # working days
ADDRESSEE_DAYS = 5  # days after the official communication to the prefect
PUBLICATION_DAYS = 5  # days after the official communication to the prefect, for a normative act

# A term that says how long before something must happen ("cu cel puțin N zile înainte") is counted on free days
# (Codul civil, art. 2.553 alin. 1): neither the day it starts from nor the day of the act counts, so N whole days
# lie between them. A term that says by when something must be done ("în cel mult N zile de la") ends on the N-th
# day: done on it or before, the act is always in time.

BASIS_ANNOUNCEMENT = "Legea nr. 52/2003, art. 7 alin. (2): anunțul cu cel puțin 30 de zile lucrătoare înainte de supunerea spre analiză, avizare și adoptare"  # i18n: ro (legal basis, quoted)
BASIS_PROPOSALS = "Legea nr. 52/2003, art. 7 alin. (4): cel puțin 10 zile calendaristice pentru propuneri"  # i18n: ro (legal basis, quoted)
BASIS_CONVOCATION = "OUG nr. 57/2019, art. 134 alin. (3): convocarea cu cel puțin 5 zile (ordinară) sau 3 zile (extraordinară)"  # i18n: ro (legal basis, quoted)
BASIS_OPINIONS = "OUG nr. 57/2019, art. 136 alin. (8) lit. c): proiectul se dezbate însoțit de avizul comisiei de specialitate"  # i18n: ro (legal basis, quoted)
BASIS_QUORUM = "OUG nr. 57/2019, art. 137 alin. (1): majoritatea consilierilor locali în funcție"  # i18n: ro (legal basis, quoted)
BASIS_MAJORITY = "OUG nr. 57/2019, art. 139 alin. (1)–(3): majoritatea cerută de lege"  # i18n: ro (legal basis, quoted)
BASIS_SIGNATURE = "OUG nr. 57/2019, art. 140 alin. (1) și art. 243 alin. (1) lit. a): semnătura președintelui de ședință și contrasemnătura secretarului general"  # i18n: ro (legal basis, quoted)
BASIS_DISPOSITION = "OUG nr. 57/2019, art. 196 alin. (1) lit. b) și art. 243 alin. (1) lit. a): dispoziția primarului, contrasemnată de secretarul general"  # i18n: ro (legal basis, quoted)
BASIS_PREFECT = "OUG nr. 57/2019, art. 197 alin. (1): comunicarea către prefect în cel mult 10 zile lucrătoare de la adoptare"  # i18n: ro (legal basis, quoted)
BASIS_ADDRESSEES = "OUG nr. 57/2019, art. 199 alin. (1): comunicarea actului cu caracter individual către persoanele cărora li se adresează în cel mult 5 zile de la data comunicării oficiale către prefect"  # i18n: ro (legal basis, quoted)
BASIS_WITHDRAWAL = "OUG nr. 57/2019, Anexa nr. 1 (registrul pentru evidența proiectelor de hotărâri): proiectul retras de inițiator înainte de adoptare rămâne în registru, cu mențiunea „retras”"  # i18n: ro (legal basis, quoted)
BASIS_PUBLICATION = "OUG nr. 57/2019, art. 197 alin. (4) și art. 198 alin. (1): publicarea în Monitorul Oficial Local"  # i18n: ro (legal basis, quoted)
BASIS_PUBLICATION_DUE = "OUG nr. 57/2019, art. 198 alin. (2): aducerea la cunoștință publică a actului normativ în termen de 5 zile de la data comunicării oficiale către prefect"  # i18n: ro (legal basis, quoted)


@dataclass(frozen=True)
class Term:
    label: str
    day: date
    basis: str
    late: bool = False  # a step done after its term (still done, and shown as late)


def earliest_adoption(announced_on: date) -> Term:
    """The first day a normative draft announced on `announced_on` may be analysed by the committees and adopted: 30
    whole working days after the announcement, so the 31st working day after it."""
    return Term(_("Avizarea și adoptarea cel mai devreme la"), add_term(announced_on, ANNOUNCEMENT_DAYS + 1, WORKING),
                BASIS_ANNOUNCEMENT)


def proposals_minimum(announced_on: date) -> Term:
    """The earliest end of the proposals window: the 10th calendar day after the announcement (a non-working last day
    moves to the next working day)."""
    return Term(_("Propuneri primite cel puțin până la"), add_term(announced_on, PROPOSAL_DAYS, CALENDAR),
                BASIS_PROPOSALS)


def convocation_latest(session_date: date, kind: str) -> Term:
    """The last day the convocation may be sent: `days` whole days between it and the session."""
    return Term(_("Convocarea trimisă cel târziu la"), session_date - timedelta(days=CONVOCATION_DAYS[kind] + 1),
                BASIS_CONVOCATION)


def prefect_due(adopted_on: date) -> Term:
    return Term(_("Comunicarea către prefect până la"), add_term(adopted_on, PREFECT_DAYS, WORKING), BASIS_PREFECT)


def addressees_due(prefect_on: date) -> Term:
    """The last day an act with individual character is communicated to those it concerns: the 5th day after its
    official communication to the prefect (art. 199 alin. 1; a non-working last day moves to the next working
    day)."""
    return Term(_("Comunicarea către persoanele cărora se adresează până la"),
                add_term(prefect_on, ADDRESSEE_DAYS, CALENDAR), BASIS_ADDRESSEES)


def publication_due(prefect_on: date) -> Term:
    """The last day a normative act is made public: the 5th day after its official communication to the prefect (a
    non-working last day moves to the next working day)."""
    return Term(_("Publicarea actului normativ până la"), add_term(prefect_on, PUBLICATION_DAYS, CALENDAR),
                BASIS_PUBLICATION_DUE)
