"""Who may do what with the satisfaction survey, entries of the one table of `primaria.core.rules`:

* `answer` (an invitation): its applicant's account; without an account, the signed link stands for the applicant
  (checked by `services.from_token`, not here);
* `read_comments` (an invitation): the comments of the answers are read, without the applicant's name, by the mayor,
  the deputy mayors and the secretary general of the invitation's institution, and by the head of its department;
  nobody else, residents included (a resident sees only the answer they gave);
* `edit` (`QuestionSet`): the IT admin and the secretary general publish a new version of the questions.
"""

from django.utils.translation import gettext as _

from primaria.core.rules import INSTITUTION_WIDE_ACTORS, RULES, Refusal, _authenticated, _positions
from primaria.institutions.models import Role


def _answer(actor, invitation):
    if _authenticated(actor) and invitation.user_id == actor.pk:
        return None
    return Refusal(_("Chestionarul este al altei persoane."))


def comment_scope(actor) -> tuple[set[int], set[int]]:
    """(institutions whose comments the actor reads all of, departments whose comments the actor reads)."""
    institutions, departments = set(), set()
    for p in _positions(actor):
        if p.role in INSTITUTION_WIDE_ACTORS:
            institutions.add(p.department.institution_id)
        elif p.role == Role.HEAD:
            departments.add(p.department_id)
    return institutions, departments


def _read_comments(actor, invitation):
    institutions, departments = comment_scope(actor)
    if invitation.institution_id in institutions or invitation.department_id in departments:
        return None
    return Refusal(_("Comentariile pot fi citite doar de conducerea instituției și de șeful compartimentului."))


def _edit_questions(actor, _question_set):
    if _authenticated(actor) and actor.is_superuser:
        return None
    if any(p.role == Role.SECRETARY_GENERAL for p in _positions(actor)):
        return None
    return Refusal(_("Doar secretarul general și administratorul platformei modifică întrebările chestionarului."))


def register_rules():
    RULES[("satisfaction.invitation", "answer")] = _answer
    RULES[("satisfaction.invitation", "read_comments")] = _read_comments
    RULES[("satisfaction.questionset", "edit")] = _edit_questions
