"""The lines a step of a request’s process writes in the request’s history, as phrases (primaria.core.phrases):
what was done, then what comes next, in one line each reader reads in their own language.

Generated: every pair of a step done (DONE) and what follows (NEXT) is one catalog entry.
"""

from django.utils.translation import gettext_noop

LINES = {
    ("checked", "end"): gettext_noop("Documentele au fost verificate. Procesul cererii s-a încheiat."),
    ("checked", "opinions"): gettext_noop("Documentele au fost verificate. Se așteaptă avizele: %(departments)s."),
    ("checked", "sign"): gettext_noop("Documentele au fost verificate. Urmează: redactarea răspunsului și semnarea lui."),
    ("checked", "steps"): gettext_noop("Documentele au fost verificate. Urmează: %(steps)s."),
    ("check", "end"): gettext_noop("%(label)s: s-a încheiat. Procesul cererii s-a încheiat."),
    ("check", "opinions"): gettext_noop("%(label)s: s-a încheiat. Se așteaptă avizele: %(departments)s."),
    ("check", "sign"): gettext_noop("%(label)s: s-a încheiat. Urmează: redactarea răspunsului și semnarea lui."),
    ("check", "steps"): gettext_noop("%(label)s: s-a încheiat. Urmează: %(steps)s."),
    ("analysis", "end"): gettext_noop("%(label)s s-a încheiat. Procesul cererii s-a încheiat."),
    ("analysis", "opinions"): gettext_noop("%(label)s s-a încheiat. Se așteaptă avizele: %(departments)s."),
    ("analysis", "sign"): gettext_noop("%(label)s s-a încheiat. Urmează: redactarea răspunsului și semnarea lui."),
    ("analysis", "steps"): gettext_noop("%(label)s s-a încheiat. Urmează: %(steps)s."),
    ("approval:aprobat", "end"): gettext_noop("%(label)s: aprobat. Procesul cererii s-a încheiat."),
    ("approval:aprobat", "opinions"): gettext_noop("%(label)s: aprobat. Se așteaptă avizele: %(departments)s."),
    ("approval:aprobat", "sign"): gettext_noop("%(label)s: aprobat. Urmează: redactarea răspunsului și semnarea lui."),
    ("approval:aprobat", "steps"): gettext_noop("%(label)s: aprobat. Urmează: %(steps)s."),
    ("approval:respins", "end"): gettext_noop("%(label)s: respins. Procesul cererii s-a încheiat."),
    ("approval:respins", "opinions"): gettext_noop("%(label)s: respins. Se așteaptă avizele: %(departments)s."),
    ("approval:respins", "sign"): gettext_noop("%(label)s: respins. Urmează: redactarea răspunsului și semnarea lui."),
    ("approval:respins", "steps"): gettext_noop("%(label)s: respins. Urmează: %(steps)s."),
    ("opinion:favorabil", "end"): gettext_noop("%(department)s a dat avizul: favorabil. Procesul cererii s-a încheiat."),
    ("opinion:favorabil", "opinions"): gettext_noop("%(department)s a dat avizul: favorabil. Se așteaptă avizele: %(departments)s."),
    ("opinion:favorabil", "sign"): gettext_noop("%(department)s a dat avizul: favorabil. Urmează: redactarea răspunsului și semnarea lui."),
    ("opinion:favorabil", "steps"): gettext_noop("%(department)s a dat avizul: favorabil. Urmează: %(steps)s."),
    ("opinion:favorabil_cu_conditii", "end"): gettext_noop("%(department)s a dat avizul: favorabil cu condiții. Procesul cererii s-a încheiat."),
    ("opinion:favorabil_cu_conditii", "opinions"): gettext_noop("%(department)s a dat avizul: favorabil cu condiții. Se așteaptă avizele: %(departments)s."),
    ("opinion:favorabil_cu_conditii", "sign"): gettext_noop("%(department)s a dat avizul: favorabil cu condiții. Urmează: redactarea răspunsului și semnarea lui."),
    ("opinion:favorabil_cu_conditii", "steps"): gettext_noop("%(department)s a dat avizul: favorabil cu condiții. Urmează: %(steps)s."),
    ("opinion:nefavorabil", "end"): gettext_noop("%(department)s a dat avizul: nefavorabil. Procesul cererii s-a încheiat."),
    ("opinion:nefavorabil", "opinions"): gettext_noop("%(department)s a dat avizul: nefavorabil. Se așteaptă avizele: %(departments)s."),
    ("opinion:nefavorabil", "sign"): gettext_noop("%(department)s a dat avizul: nefavorabil. Urmează: redactarea răspunsului și semnarea lui."),
    ("opinion:nefavorabil", "steps"): gettext_noop("%(department)s a dat avizul: nefavorabil. Urmează: %(steps)s."),
}

