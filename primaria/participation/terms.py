"""The terms of a public debate (Legea nr. 52/2003), on the calendar of `primaria.core.terms`, each with its legal
basis (shown next to the date it gives)."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from primaria.core.terms import CALENDAR, add_term, units_between
from primaria.council.terms import Term

NOTICE_DAYS = 3  # calendar days, at least, between the announcement and the debate
LATEST_DAYS = 10  # days, at most, between the publication of the date and place and the debate

BASIS_REQUEST = (  # i18n: ro (legal basis, quoted)
    "Legea nr. 52/2003, art. 7 alin. (9): dezbaterea publică este obligatorie dacă a fost cerută în "
    "scris de o asociație legal constituită sau de o altă autoritate publică")
BASIS_NOTICE = (  # i18n: ro (legal basis, quoted)
    "Legea nr. 52/2003, art. 7 alin. (9)–(10): data, ora, locul și ordinea de zi ale dezbaterii publice "
    "se anunță cu cel puțin 3 zile calendaristice înainte")
BASIS_LATEST = (  # i18n: ro (legal basis, quoted)
    "Legea nr. 52/2003, art. 7 alin. (10): dezbaterea se desfășoară în cel mult 10 zile de la "
    "publicarea datei și locului")
BASIS_MINUTES = (  # i18n: ro (legal basis, quoted)
    "Legea nr. 52/2003, art. 7 alin. (10)–(12): minuta dezbaterii și, dacă există, înregistrarea se "
    "publică pe pagina instituției")
BASIS_PROPOSALS = (  # i18n: ro (legal basis, quoted)
    "Legea nr. 52/2003, art. 7: propunerile, sugestiile și opiniile cu valoare de recomandare se "
    "primesc în scris până la termenul anunțat")


def earliest_debate(announced_on: date) -> Term:
    """The first day a debate announced on `announced_on` may take place: 3 full calendar days later."""
    return Term(_("Dezbaterea cel mai devreme la"), announced_on + timedelta(days=NOTICE_DAYS), BASIS_NOTICE)


def notice_given(announced_on: date, debate_day: date) -> int:
    """How many calendar days the announcement precedes the debate by."""
    return units_between(announced_on, debate_day, CALENDAR)


def latest_debate(announced_on: date) -> Term:
    """The last day the debate may take place (a non-working last day moves to the next working day)."""
    return Term(_("Dezbaterea cel târziu la"), add_term(announced_on, LATEST_DAYS, CALENDAR), BASIS_LATEST)
