# i18n: ro (demo data: the demo city is Romanian by design)
"""Answers to the survey for part of the demo city's year of history (`primaria.demo.history`), so the dashboard
shows figures at once. Bulk rows, like the history itself: a few seconds for 20,000 requests.

Every resolved request of the history gets its invitation (made the day it was resolved, expiring 30 days later);
about a third were answered, the marks lower when the answer came late, some with a short comment.
"""

import random
from datetime import timedelta

COMMENTS_GOOD = ["Totul a mers repede, mulțumesc.", "Foarte clar ce aveam de făcut.", "Nu a mai trebuit să merg la ghișeu.",
                 "Răspuns primit înainte de termen.", "Funcționarii au fost amabili la telefon."]
COMMENTS_BAD = ["A durat mai mult decât mă așteptam.", "Nu am înțeles de ce mi s-au cerut completări.",
                "Formularul ar putea fi mai simplu.", "Am așteptat răspunsul peste termen.",
                "Aș fi vrut să fiu anunțat când se schimbă ceva."]
ON_TIME = [2, 4, 12, 38, 44]
LATE = [14, 18, 30, 24, 14]


def load_demo_answers(*, seed: int = 2026, share: float = 0.35) -> dict:
    from django.db import transaction

    from primaria.demo.history import HISTORY_SOURCE
    from primaria.requests.models import Request

    from .models import Answer, Invitation, Subject
    from .services import DURATION_CHOICES, VALID_DAYS, current_questions

    history = Request.objects.filter(registry_entry__annexes=HISTORY_SOURCE, status="resolved",
                                     resolved_at__isnull=False)
    if Invitation.objects.filter(request__registry_entry__annexes=HISTORY_SOURCE).exists() or not history.exists():
        return {"skipped": True}
    rnd = random.Random(seed)
    questions = current_questions()
    rows = list(history.values_list("pk", "institution_id", "department_id", "service_id", "filed_by_id",
                                    "applicant__email", "resolved_at", "due_date").order_by("pk"))
    with transaction.atomic():
        invitations, answers = [], {}
        for pk, institution_id, department_id, service_id, user_id, email, resolved_at, due in rows:
            answered = rnd.random() < share
            late = due is not None and resolved_at.date() > due
            at = resolved_at + timedelta(hours=rnd.randint(1, 24 * 6)) if answered else None
            invitations.append(Invitation(
                subject=Subject.REQUEST, request_id=pk, institution_id=institution_id, department_id=department_id,
                service_id=service_id, question_set=questions, user_id=user_id, email=email or "",
                closed_at=resolved_at, created_at=resolved_at, expires_at=resolved_at + timedelta(days=VALID_DAYS),
                answered_at=at))
            if answered:
                overall = rnd.choices(range(1, 6), weights=LATE if late else ON_TIME)[0]
                comment = ""
                if rnd.random() < 0.15:
                    comment = rnd.choice(COMMENTS_GOOD if overall >= 4 else COMMENTS_BAD)
                answers[pk] = Answer(
                    question_set=questions, overall=overall, comment=comment, answered_at=at,
                    values={"overall": overall, "clear": "da" if rnd.random() < 0.6 + 0.08 * overall else "nu",
                            "on_time": "nu" if late else "da",
                            "duration": DURATION_CHOICES[2 if late else rnd.choice((0, 1, 1))]})
        Invitation.objects.bulk_create(invitations, batch_size=2000)
        ids = dict(Invitation.objects.filter(request_id__in=list(answers)).values_list("request_id", "pk"))
        for request_id, answer in answers.items():
            answer.invitation_id = ids[request_id]
        Answer.objects.bulk_create(list(answers.values()), batch_size=2000)
    return {"invitations": len(invitations), "answers": len(answers)}
