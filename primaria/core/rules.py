"""Who may do what: the one home of every rule of access and of action.

`can(actor, obj, action)` answers yes or no for pages (the views hand their templates the answers) and
the API;
`require(actor, obj, action)` raises the refusal the domain functions give. Both read the same table
(`RULES`), so a button is shown exactly when pressing it would be accepted.

A refusal has one of two kinds, kept apart because callers answer them differently:

* who the actor is (not the applicant's account, not the competent department, not their turn to
  sign) raises `PermissionDenied`: 403 in the API, a message on a page;
* where the object stands (a request not in the state the action needs, a step already done, a term
  already extended) raises `DomainError`, like the transition checks of `requests.services`: 400 in
  the API, an error on the page's form.

Lists and single objects read the same rule: `official_requests(user)` is the queryset of the requests
an official may open and `can(user, request, "view")` asks that queryset for the one request, so a
link in an inbox never answers 404 and a 404 never hides a request the official could list. The same
holds for the documents of a folder (`documents_visible_to`) and for issued documents
(`outgoing_documents_visible_to`).

Acting for a party (a person or a company) needs a mandate in force today (`accounts.selectors.parties_of`:
verified, within its validity period) verified by the city hall acted before (the one the page serves; for a
request, the request's) and, for a request, one whose scope covers the request's service;
the moves a request's status allows are decided by the transition table of `requests.services`; these rules
call them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.errors import DomainError
from primaria.institutions.models import Role

# Roles that act anywhere in their institution where a rule asks for them (the secretary general's
# approval, the mayor's signature); the other roles act only in their own department.
INSTITUTION_WIDE_ACTORS = frozenset({Role.SECRETARY_GENERAL, Role.MAYOR, Role.DEPUTY_MAYOR})

# Request statuses in which a step of the request's process can be completed: while the applicant
# completes the request the steps wait, and once the answer is drafted they are over.
STEP_STATUSES = frozenset({"registered", "in_review"})

REASON_MIN_LENGTH = 10


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused: `who` (PermissionDenied) or the object's state (DomainError)."""

    message: str
    who: bool = True

    def exception(self) -> Exception:
        return PermissionDenied(self.message) if self.who else DomainError(self.message)


def _state(message) -> Refusal:
    return Refusal(message, who=False)


# --- the public interface --------------------------------------------------------------------------------


def can(actor, obj, action: str) -> bool:
    """Whether `actor` may do `action` on `obj` now."""
    return _decide(actor, obj, action) is None


def require(actor, obj, action: str) -> None:
    """Raise PermissionDenied (who) or DomainError (the object's state) unless `actor` may do `action`."""
    refusal = _decide(actor, obj, action)
    if refusal is not None:
        raise refusal.exception()


def allowed_actions(actor, obj, actions) -> dict[str, bool]:
    """{action: can(actor, obj, action)} for a page that shows several buttons."""
    return {action: can(actor, obj, action) for action in actions}


def reason_problem(text, *, what: str, to_applicant: bool = False) -> str:
    """What is wrong with the reason given for a refusal, a rejection, an extension or a request for
    completion, or "" when it says something: at least 10 characters (spaces run together count once),
    a letter among them.

    `what` asks for it ("Motivați respingerea"); `to_applicant` adds that the applicant will read it.
    """
    text = (text or "").strip()
    if len(" ".join(text.split())) >= REASON_MIN_LENGTH and any(ch.isalpha() for ch in text):
        return ""
    ending = _("; textul ajunge la solicitant.") if to_applicant else "."
    return _("%(what)s (cel puțin %(minimum)s caractere)%(ending)s") % {"what": what, "minimum": REASON_MIN_LENGTH, "ending": ending}


def require_reason(text, *, field: str, what: str, to_applicant: bool = False) -> str:
    """The reason, stripped; a DomainError on `field` with `reason_problem`'s message when it says nothing."""
    problem = reason_problem(text, what=what, to_applicant=to_applicant)
    if problem:
        raise DomainError({field: problem})
    return (text or "").strip()


# --- who the actor is ---------------------------------------------------------------------------------------


def _authenticated(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _positions(actor) -> list:
    from primaria.institutions.selectors import positions_of

    return positions_of(actor) if _authenticated(actor) else []


def official_positions(actor, request, roles) -> list:
    """The actor's active positions with one of `roles` that act on `request`: in its department, or an
    institution-wide role (secretary general, mayor, deputy mayor) of its institution."""
    return [
        p for p in _positions(actor)
        if p.role in roles and p.department.institution_id == request.institution_id
        and (p.department_id == request.department_id or p.role in INSTITUTION_WIDE_ACTORS)
    ]


def require_position(actor, request, *roles) -> None:
    if not official_positions(actor, request, roles):
        raise PermissionDenied(_("Nu aveți dreptul să faceți această operațiune pentru cererea aceasta."))


def _acts_for_applicant(actor, request) -> bool:
    return _authenticated(actor) and _applicant_refusal(actor, request) is None


CANNOT_CHANGE_REQUEST = gettext_lazy("Nu puteți modifica această cerere.")


def _applicant_refusal(actor, request, *, refusal=CANNOT_CHANGE_REQUEST) -> Refusal | None:
    """The actor acts for the request's applicant (themselves, or under a mandate in force today) and, under
    a mandate, for the request's service (its scope). `refusal` is the message when they do not act for the
    applicant at all; a service outside the scope gets its own message."""
    from primaria.accounts.selectors import acting_entry, in_scope

    entry = (acting_entry(actor, request.applicant, _city_hall_of_request(request)) if _authenticated(actor)
             else None)
    if entry is None:
        return Refusal(refusal)
    if not in_scope(entry, request.service_id):
        return Refusal(scope_message(request.applicant, request.service))
    return None


def _city_hall_of_request(request):
    """The city hall a request is filed with (for one not yet saved, its service's): a mandate counts before
    the city hall that verified it."""
    from primaria.accounts.selectors import city_hall_of_institution

    institution_id = request.institution_id or (request.service.institution_id if request.service_id else None)
    return city_hall_of_institution(institution_id)


def _mandated_here():
    """The city hall the running request serves and its institutions' ids: what a mandate verified by it
    reaches (the requests filed there, the documents kept there)."""
    from primaria.accounts.selectors import here
    from primaria.institutions.tenancy import institution_ids

    city_hall = here()
    return city_hall, (sorted(institution_ids(city_hall)) if city_hall is not None else [])


def scope_message(party, service) -> str:
    return (_("Mandatul dumneavoastră pentru %(name)s nu cuprinde serviciul „%(service)s”; puteți acționa în numele acestui solicitant doar pentru serviciile din mandat.") % {"name": party.name, "service": service.name})


def _handles(actor, request) -> bool:
    """The request's case falls to the actor: they are its assignee (still an official of its institution)
    or the head of the competent department."""
    if request.assignee_id is not None and request.assignee_id == actor.pk and any(
            p.department.institution_id == request.institution_id for p in _positions(actor)):
        return True
    return bool(official_positions(actor, request, (Role.HEAD,)))


def signing_turn(actor, step):
    """(whether `actor` may sign `step` now, the delegation they sign under or None).

    It is the signer's turn when the step is the current one; while a delegation of the signer's rights runs
    (e.g. "p. Primar, Viceprimar"), its deputy may sign in the signer's place."""
    from primaria.documents.models import SignatureStep
    from primaria.institutions.selectors import active_delegation

    if step is None or step.status != SignatureStep.Status.CURRENT or not _positions(actor):
        return False, None
    if step.signer_id == actor.pk:
        return True, None
    delegation = active_delegation(step.signer_id)
    if delegation is not None and delegation.deputy_id == actor.pk:
        return True, delegation
    return False, None


NOT_YOUR_TURN = gettext_lazy("Nu este rândul dumneavoastră să semnați acest document.")


# --- what an official may see: querysets, so that lists and single pages agree ----------------------------------


def _signatures_of(user) -> Q:
    """Signature steps that bring a document and its request to the user: theirs, those they signed, and
    those still to be signed of an official whose deputy they are today."""
    from primaria.documents.models import OutgoingDocument, SignatureStep
    from primaria.institutions.selectors import principals_of

    mine = Q(signer_id=user.pk) | Q(signed_by_id=user.pk)
    principals = principals_of(user)
    if principals:
        mine |= Q(signer_id__in=principals, status__in=[SignatureStep.Status.CURRENT, SignatureStep.Status.WAITING],
                  document__status=OutgoingDocument.Status.SIGNING)
    return mine


def applicant_scope(user, parties=None) -> Q:
    """Requests of the parties the user may act for (of `parties` among them, if given): every request of
    their own party and of those they hold a mandate for every service for, those of the mandate's services
    for a mandate limited to some."""
    from primaria.accounts.selectors import parties_of

    wanted = None if parties is None else {getattr(p, "pk", p) for p in parties}
    entries = [p for p in parties_of(user) if wanted is None or p.pk in wanted]
    # Under a mandate, only the requests filed with the city hall that verified it.
    _city_hall, here_ids = _mandated_here()
    own = [p.pk for p in entries if getattr(p, "mandate_id", None) is None]
    whole = [p.pk for p in entries
             if getattr(p, "mandate_id", None) is not None and getattr(p, "mandate_services", None) is None]
    scope = Q(applicant_id__in=own) | Q(applicant_id__in=whole, institution_id__in=here_ids)
    for entry in entries:
        if getattr(entry, "mandate_services", None) is not None:
            scope |= Q(applicant_id=entry.pk, service_id__in=sorted(entry.mandate_services),
                       institution_id__in=here_ids)
    return scope


def applicant_requests(user):
    """Requests of the user and of the parties they may act for (within the scope of each mandate), drafts
    included."""
    from primaria.requests.models import Request

    if not _authenticated(user):
        return Request.objects.none()
    return Request.objects.filter(applicant_scope(user))


def official_requests(user):
    """Filed requests an official may open: those of their departments (of the whole institution for the
    secretary general, the mayor, the deputy mayor and the registry), those assigned to them, those whose
    process asked a step of one of their departments or of them by name (also after the step is done: an
    opinion given stays readable), and those whose answer they sign (or sign for, as a deputy)."""
    from primaria.documents.models import SignatureStep
    from primaria.institutions.selectors import visible_department_ids
    from primaria.requests.models import Request, Status
    from primaria.workflow.models import WorkflowTask

    if not _positions(user):
        return Request.objects.none()
    departments = visible_department_ids(user)
    asked = WorkflowTask.objects.filter(request_id=OuterRef("pk")).filter(
        Q(department_id__in=departments, elsewhere=True) | Q(assignee_id=user.pk))
    signing = SignatureStep.objects.filter(_signatures_of(user), document__request_id=OuterRef("pk"))
    return Request.objects.exclude(status=Status.DRAFT).filter(
        Q(department_id__in=departments) | Q(assignee_id=user.pk) | Exists(asked) | Exists(signing))


def documents_visible_to(user, documents=None):
    """The documents (of `documents`, every document by default) the user may open: those in the folders of
    the parties they act for (under a mandate limited to some services: only what they uploaded for the party
    and what belongs to the requests of those services) and, for an official, those attached to or answering
    a request they may open, or issued by them."""
    from primaria.accounts.selectors import parties_of
    from primaria.documents.models import Document
    from primaria.requests.models import Request

    documents = Document.objects.all() if documents is None else documents
    if not _authenticated(user):
        return documents.none()
    entries = parties_of(user)
    mine = [p.pk for p in entries if getattr(p, "mandate_id", None) is None]
    whole = [p.pk for p in entries
             if getattr(p, "mandate_id", None) is not None and getattr(p, "mandate_services", None) is None]
    limited = [p for p in entries if getattr(p, "mandate_services", None) is not None]
    # A mandate's proof is kept in the representative's folder (its owner) and in the represented party's;
    # under a mandate, the folder as the city hall that verified it keeps it.
    city_hall, here_ids = _mandated_here()
    own = (Q(owner_id__in=mine) | Exists(mandates_of_parties(mine).filter(proof_id=OuterRef("pk")))
           | Q(owner_id__in=whole, institution_id__in=here_ids)
           | Exists(mandates_of_parties(whole).filter(city_hall=city_hall, proof_id=OuterRef("pk"))))
    if limited:
        scoped = Request.objects.filter(applicant_scope(user, limited))
        own |= (Q(owner_id__in=[p.pk for p in limited], created_by_id=user.pk, institution_id__in=here_ids)
                | Exists(scoped.filter(attachments__document_id=OuterRef("pk")))
                | Exists(scoped.filter(answer_document_id=OuterRef("pk"))))
    if not _positions(user):
        return documents.filter(own)
    requests = official_requests(user)
    # "Issued by them": made by the institution through them (a scan at the counter, an answer, an internal
    # document), not a file they once uploaded for a party they may no longer act for.
    issued = Q(created_by_id=user.pk) & ~Q(source=Document.Source.UPLOADED)
    return documents.filter(
        own | issued
        | Exists(requests.filter(attachments__document_id=OuterRef("pk")))
        | Exists(requests.filter(answer_document_id=OuterRef("pk"))))


def mandates_of_parties(party_ids):
    """The mandates the parties gave that the registry verified (in force or ended since): their proofs are
    part of the represented party's folder."""
    from primaria.accounts.models import Representation, RepresentationStatus

    return Representation.objects.filter(company_id__in=party_ids, decided_at__isnull=False,
                                         status__in=[RepresentationStatus.VERIFIED, RepresentationStatus.REVOKED])


def outgoing_documents_visible_to(user):
    """Issued and internal documents an official may open: their departments' (or institution's), those of
    requests they may open, and those they sign, signed or sign today as a deputy."""
    from primaria.documents.models import OutgoingDocument, SignatureStep
    from primaria.institutions.selectors import visible_department_ids

    if not _positions(user):
        return OutgoingDocument.objects.none()
    signing = SignatureStep.objects.filter(_signatures_of(user), document_id=OuterRef("pk"))
    return OutgoingDocument.objects.filter(
        Q(department_id__in=visible_department_ids(user)) | Exists(signing)
        | Exists(official_requests(user).filter(pk=OuterRef("request_id"))))


# --- the rules, per kind of object and action -----------------------------------------------------------------


def _transition(request, action) -> Refusal | None:
    """The request's status allows `action` (the transition table of requests.services)."""
    from primaria.requests.services import ACTION_VERBS, allowed

    if allowed(request, action):
        return None
    return _state(_("Nu se poate face %(action)s: cererea este în starea „%(status)s”.") % {"action": ACTION_VERBS[action], "status": request.get_status_display()})


def _request_view(actor, request):
    if _acts_for_applicant(actor, request):
        return None
    if request.status != "draft" and request.pk and official_requests(actor).filter(pk=request.pk).exists():
        return None
    return Refusal(_("Nu aveți acces la această cerere."))


def _act_for_applicant(actor, request):
    return _applicant_refusal(actor, request)


def _start(actor, request):
    """Starting a request (`request` unsaved, with its applicant and service): the actor acts for the applicant
    for that service."""
    return _applicant_refusal(actor, request, refusal=_("Nu puteți depune cereri în numele acestui solicitant."))


def _act_for_party(actor, party):
    """Choosing a party to act for ("Acționați în numele"): themselves, or a party under a mandate in force."""
    from primaria.accounts.selectors import acting_entry

    if _authenticated(actor) and acting_entry(actor, party) is not None:
        return None
    return Refusal(_("Nu puteți acționa în numele acestui solicitant."))


def _mandate_revoke(actor, representation):
    """Revoking a mandate: either side (the representative, or the represented person's account), for a company
    another representative of it with a mandate in force for every service, and the registry; only a verified
    one, in force or not yet ended."""
    from primaria.accounts.models import PartyKind, RepresentationStatus
    from primaria.accounts.selectors import acting_entry, may_decide_representations

    if not _authenticated(actor):
        return Refusal(_("Nu puteți revoca acest mandat."))
    represented = representation.company
    entry = (acting_entry(actor, represented, representation.city_hall) if represented.kind == PartyKind.COMPANY
             else None)
    side = (representation.user_id == actor.pk
            or (represented.kind == PartyKind.PERSON and represented.user_id == actor.pk)
            or (entry is not None and entry.mandate_id is not None and entry.mandate_services is None)
            or may_decide_representations(actor, representation))
    if not side:
        return Refusal(_("Doar titularul mandatului, cel reprezentat sau registratura pot revoca acest mandat."))
    if representation.status != RepresentationStatus.VERIFIED:
        return _state(_("Doar un mandat verificat poate fi revocat."))
    return None


def _applicant_action(action):
    def rule(actor, request):
        return _act_for_applicant(actor, request) or _transition(request, action)
    return rule


def _claim(actor, request):
    """A person adds to their account a request filed for them on paper at the counter (the claim code is
    checked by the claim itself: it is what proves the paper was theirs)."""
    from primaria.accounts.models import PartyKind
    from primaria.accounts.selectors import person_of

    person = person_of(actor) if _authenticated(actor) else None
    if person is None:
        return _state(_("Doar un cont de persoană fizică poate revendica o cerere depusă la ghișeu."))
    refusal = _transition(request, "claim")
    if refusal:
        return refusal
    if request.channel != "counter" or not request.claim_code:
        return _state(_("Cererea nu poate fi revendicată: nu a fost depusă la ghișeu sau a fost deja revendicată."))
    if request.applicant.kind != PartyKind.PERSON or request.applicant.cnp != person.cnp:
        return _state(_("Cererea a fost depusă pe numele altei persoane (CNP-ul nu corespunde contului)."))
    return None


def _handle(actor, request):
    if _authenticated(actor) and _handles(actor, request):
        return None
    return Refusal(_("Doar specialistul căruia i-a fost repartizată cererea sau șeful compartimentului poate face asta."))


def _take(actor, request):
    refusal = _transition(request, "assign")
    if refusal:
        return refusal
    if not official_positions(actor, request, (Role.SPECIALIST, Role.HEAD)):
        return Refusal(_("Doar specialiștii și șeful compartimentului competent pot prelua cererea."))
    if request.assignee_id is not None:
        return _state(_("Cererea vă este deja repartizată.") if request.assignee_id == actor.pk
                      else _("Cererea este deja repartizată altui specialist."))
    return None


def _assign(actor, request):
    refusal = _transition(request, "assign")
    if refusal:
        return refusal
    if not official_positions(actor, request, (Role.HEAD,)):
        return Refusal(_("Doar șeful compartimentului competent repartizează cererea."))
    return None


def _casework(action):
    """Asking for completion, drafting the answer, extending the term: the request's case handler."""
    def rule(actor, request):
        return _transition(request, action) or _handle(actor, request) or _extra_casework(action, request)
    return rule


def _extra_casework(action, request):
    from primaria.core import terms
    from primaria.requests.services import blocked_by

    if action == "extend_term":
        if request.extended_days:
            return _state(_("Termenul acestei cereri a fost deja prelungit o dată."))
        if not terms.can_extend(request.service.term_rule):
            return _state(_("Termenul acestui serviciu nu se poate prelungi."))
    if action == "propose":
        waiting = blocked_by(request, "propose")
        if waiting:
            return _state(waiting)
    return None


def fee_unpaid(request) -> str:
    """Why a favourable answer cannot be drafted yet: the fee of the service (and the urgent fee) is paid at
    filing, and a request whose fee is still owed is not granted. "" when nothing is owed. The specialist may
    still ask the applicant to complete the request (to pay), or reject it."""
    from primaria.payments.sources import unpaid_fees

    unpaid = unpaid_fees(request)
    if not unpaid:
        return ""
    from primaria.payments.payables import lei

    total = sum((line.amount for line in unpaid), 0)
    return (_("Taxa de %(amount)s lei a cererii nu este achitată: răspunsul favorabil se emite doar după plată. Puteți cere solicitantului completarea cererii cu plata taxei.") % {"amount": lei(total)})


def _record_fee(actor, request):
    """Recording that a filed request's fee was paid at the cashier: the registry of its institution (which files
    paper requests at the counter), while a fee is owed."""
    if not any(p.role == Role.REGISTRY_CLERK and p.department.institution_id == request.institution_id
               for p in _positions(actor)):
        return Refusal(_("Doar registratura înregistrează plata taxei la casierie."))
    if request.status in ("draft", "withdrawn"):
        return _state(_("Taxa se înregistrează doar pentru o cerere depusă și neretrasă."))
    if not fee_unpaid(request):
        return _state(_("Cererea nu are nicio taxă de plătit."))
    return None


def _grant(actor, request):
    """Drafting a favourable answer: drafting the answer, with the request's fee paid."""
    refusal = _casework("propose")(actor, request)
    if refusal:
        return refusal
    unpaid = fee_unpaid(request)
    return _state(unpaid) if unpaid else None


def _request_signing(action):
    """Signing the answer, or refusing to: the signer whose turn it is on the answer's current version."""
    def rule(actor, request):
        from primaria.documents.models import OutgoingDocument

        refusal = _transition(request, action)
        if refusal:
            return refusal
        document = (request.outgoing_documents.filter(status=OutgoingDocument.Status.SIGNING)
                    .order_by("-pk").first())
        if document is None:
            return _state(_("Nu există niciun răspuns de semnat pentru această cerere."))
        return _outgoing_signing(actor, document)
    return rule


def _outgoing_signing(actor, document):
    from primaria.documents.models import OutgoingDocument

    if document.status != OutgoingDocument.Status.SIGNING:
        return _state(_("Documentul nu mai este în curs de semnare (starea: %(status)s).") % {"status": document.get_status_display().lower()})
    return _step_signing(actor, document.current_step)


def _step_signing(actor, step):
    may, _delegation = signing_turn(actor, step)
    return None if may else Refusal(NOT_YOUR_TURN)


def _outgoing_view(actor, document):
    if document.pk and outgoing_documents_visible_to(actor).filter(pk=document.pk).exists():
        return None
    return Refusal(_("Nu aveți acces la acest document."))


def _document_view(actor, document):
    if document.pk and documents_visible_to(actor).filter(pk=document.pk).exists():
        return None
    return Refusal(_("Nu aveți acces la acest document."))


def _document_remove(actor, document):
    """The owner (or a representative with a mandate for every service) removes a file they uploaded that
    nothing needs: not part of a request (a draft included), the register or the archive, not a mandate's proof."""
    from primaria.accounts.models import Representation
    from primaria.accounts.selectors import acting_entry
    from primaria.documents.models import Document

    entry = acting_entry(actor, document.owner) if _authenticated(actor) and document.owner_id else None
    if entry is None or getattr(entry, "mandate_services", None) is not None:
        return Refusal(_("Nu puteți șterge acest document."))
    if document.source != Document.Source.UPLOADED:
        return _state(_("Rămân în dosar documentele emise de instituție și cele scanate la registratură; "
                      "se pot șterge doar cele încărcate de dumneavoastră."))
    if (Document.kept(Document.objects.filter(pk=document.pk)).exists()
            or Representation.objects.filter(proof=document).exists()):
        return _state(_("Documentul face parte dintr-o cerere (sau o ciornă), din registru ori din arhivă, sau "
                      "dovedește un mandat: rămâne în dosar."))
    return None


def _step_falls_to(actor, task) -> bool:
    """The official who may complete a process step: the one it is named for (or the head of its department,
    who may always step in), the holders of its role, else the specialists and the head of its department."""
    positions = [p for p in _positions(actor) if p.department.institution_id == task.request.institution_id]
    if not positions:
        return False
    head_here = any(p.role == Role.HEAD and p.department_id == task.department_id for p in positions)
    if task.rule.startswith("user:") or task.rule == "least_loaded":
        return task.assignee_id == actor.pk or head_here
    if task.role:
        if task.role in INSTITUTION_WIDE_ACTORS:
            return any(p.role == task.role for p in positions)
        return any(p.role == task.role and p.department_id == task.department_id for p in positions)
    return any(p.department_id == task.department_id and p.role in (Role.SPECIALIST, Role.HEAD) for p in positions)


def _step_handle(actor, task):
    """The step falls to the actor and is theirs to complete as soon as the request is being handled."""
    from primaria.workflow.models import HUMAN_KINDS, WorkflowTask

    if task.status != WorkflowTask.Status.READY:
        return _state(_("Pasul „%(label)s” a fost deja încheiat.") % {"label": task.label})
    if task.kind not in HUMAN_KINDS:
        return _state(_("Acest pas se încheie din acțiunile cererii (semnare, emitere)."))
    if not _step_falls_to(actor, task):
        return Refusal(_("Nu aveți dreptul să încheiați acest pas al procesului."))
    return None


def _step_complete(actor, task):
    refusal = _step_handle(actor, task)
    if refusal:
        return refusal
    request = task.request
    if request.status not in STEP_STATUSES:
        return _state(_("Pasul nu poate fi încheiat cât timp cererea este în starea „%(status)s”.") % {"status": request.get_status_display()})
    return None


def _export_download(actor, export):
    """A copy of a person's data: only for the account it was made for, only while it is ready and in term."""
    from django.utils import timezone

    if not _authenticated(actor) or export.user_id != actor.pk:
        return Refusal(_("Această copie a datelor personale nu vă aparține."))
    if export.status != "ready" or export.expires_at is None or export.expires_at < timezone.now():
        return _state(_("Linkul a expirat. Cereți o copie nouă din pagina „Datele mele”."))
    return None


def _department_staff(actor, setting: str, default: str, *, also=()) -> bool:
    """An official of the city hall's department named by `setting` (its code), as a specialist or its head, or
    holding one of the roles in `also` anywhere in the city hall."""
    from django.conf import settings

    from primaria.institutions.selectors import main_institution

    positions = _positions(actor)
    institution = main_institution() if positions else None
    code = getattr(settings, setting, default).lower()
    return institution is not None and any(
        p.department.institution_id == institution.pk
        and ((p.department.code.lower() == code and p.role in (Role.SPECIALIST, Role.HEAD)) or p.role in also)
        for p in positions)


def tax_office(actor, *, leaders: bool = True) -> bool:
    """Officials of the department that keeps the city's revenue (settings.PRIMARIA_TAX_DEPARTMENT, the
    Direcția Impozite și Taxe Locale): its specialists and head; with `leaders`, also the secretary general and
    the mayor of the city hall (payments, refunds and the daily report; the fiscal register is the
    department's own)."""
    return _department_staff(actor, "PRIMARIA_TAX_DEPARTMENT", "itl",
                             also=(Role.SECRETARY_GENERAL, Role.MAYOR) if leaders else ())


def audience_office(actor) -> bool:
    """The mayor's office (cabinetul primarului, settings.PRIMARIA_AUDIENCE_DEPARTMENT): its staff and the mayor
    decide on audience requests, keep the officials' audience hours and the register of audiences."""
    return _department_staff(actor, "PRIMARIA_AUDIENCE_DEPARTMENT", "cab", also=(Role.MAYOR,))


def monitor_office(actor) -> bool:
    """The secretary general's staff (settings.PRIMARIA_MONITOR_DEPARTMENT, the department of the secretary general):
    its specialists and head, and the secretary general, publish acts in the Monitorul Oficial Local, keep its
    registers and the information published ex officio (Legea 544/2001)."""
    return _department_staff(actor, "PRIMARIA_MONITOR_DEPARTMENT", "sg", also=(Role.SECRETARY_GENERAL,))


def council_office(actor) -> bool:
    """The secretary general's staff also keeps the circuit of the council's decisions (drafts, consultations,
    sessions, votes, communication to the prefect): the same people as `monitor_office`."""
    return monitor_office(actor)


def parking_inspector(actor) -> bool:
    """Officials of the parking department (settings.PRIMARIA_PARKING_DEPARTMENT, the Serviciul Parcări): its
    specialists (the inspectors who check plates in the street) and its head. They check plates and keep the
    zones and subscription types; nobody else sees who holds a subscription."""
    return _department_staff(actor, "PRIMARIA_PARKING_DEPARTMENT", "par")


def _payment_view(actor, payment):
    """A payment: the payer's side (acting for the paying party) and the tax office."""
    from primaria.accounts.selectors import acting_entry

    if _authenticated(actor) and (acting_entry(actor, payment.party) is not None
                                  or (tax_office(actor) and _paid_here(payment))):
        return None
    return Refusal(_("Această plată nu vă privește."))


def _paid_here(payment) -> bool:
    """A payment to the budget of the city hall the request serves: its tax office's to see and refund."""
    from primaria.institutions.selectors import main_institution

    city_hall = main_institution()
    return city_hall is not None and payment.city_hall_id in (None, city_hall.pk)


def _payment_refund(actor, payment):
    if not tax_office(actor) or not _paid_here(payment):
        return Refusal(_("Doar Direcția Impozite și Taxe Locale aprobă rambursări."))
    if payment.status not in ("confirmed", "partially_refunded"):
        return _state(_("Se rambursează doar o plată confirmată, nerambursată integral."))
    if payment.provider == "casierie":
        return _state(_("Această plată s-a făcut la casierie: suma se restituie tot la casierie, cu dispoziție de plată."))
    return None


def _payments_office(actor, _payment):
    """The payments' back office (statements, the daily report); asked of the Payment model itself."""
    return None if tax_office(actor) else Refusal(_("Doar Direcția Impozite și Taxe Locale are acces la plăți."))


def appointments_configurer(actor, institution_id) -> bool:
    """Who sets the counters, their programme and the services booked at them: the head of the registry of the
    location's institution and its secretary general (and the IT admin, who keeps the platform)."""
    if _authenticated(actor) and actor.is_superuser:
        return True
    return any(p.department.institution_id == institution_id
               and ((p.role == Role.HEAD and p.department.is_registry) or p.role == Role.SECRETARY_GENERAL)
               for p in _positions(actor))


def _location_configure(actor, location):
    institution_id = None if isinstance(location, type) else location.institution_id
    if institution_id is None:  # asked of the model (the admin's list): any institution
        from primaria.institutions.selectors import institution_ids_of

        ids = institution_ids_of(actor) if _authenticated(actor) else set()
        allowed = (_authenticated(actor) and actor.is_superuser) or any(appointments_configurer(actor, i) for i in ids)
    else:
        allowed = appointments_configurer(actor, institution_id)
    return None if allowed else Refusal(_("Doar șeful registraturii stabilește ghișeele și programul cu publicul."))


def appointment_departments(actor, location) -> set[int] | None:
    """The departments whose counters of `location` an official receives residents at: all of them (None) for
    the registry and the secretary general of its institution, their own departments otherwise."""
    positions = [p for p in _positions(actor) if p.department.institution_id == location.institution_id]
    if any(p.role in (Role.REGISTRY_CLERK, Role.SECRETARY_GENERAL) or (p.role == Role.HEAD and p.department.is_registry)
           for p in positions):
        return None
    return {p.department_id for p in positions}


def _appointment_attend(actor, appointment):
    """Marking arrivals and no-shows: the officials of the counter's department, and the registry."""
    departments = appointment_departments(actor, appointment.location) if _authenticated(actor) else set()
    if departments is not None and appointment.counter.department_id not in departments:
        return Refusal(_("Programarea este la ghișeul altui compartiment."))
    if appointment.status not in ("booked", "arrived", "no_show"):
        return _state(_("Programarea nu mai este activă."))
    return None


def _appointment_view(actor, appointment):
    """The account that booked it, and the officials who receive it (the counter's department, the registry)."""
    if not _authenticated(actor):
        return Refusal(_("Această programare nu vă aparține."))
    if appointment.user_id == actor.pk:
        return None
    departments = appointment_departments(actor, appointment.location) if _positions(actor) else set()
    if departments is None or appointment.counter.department_id in departments:
        return None
    return Refusal(_("Această programare nu vă aparține."))


def _appointment_change(actor, appointment):
    """Cancelling or moving from the account: only its own account (the e-mail's signed link stands for it)."""
    if not _authenticated(actor) or appointment.user_id != actor.pk:
        return Refusal(_("Această programare nu vă aparține."))
    return None


def _counter_serve_queue(actor, counter):
    """Calling the queue at a counter (bonuri de ordine): the officials of the counter's department, and the
    registry and the secretary general of its institution."""
    departments = appointment_departments(actor, counter.location) if _positions(actor) else set()
    if departments is None or counter.department_id in departments:
        return None
    return Refusal(_("Ghișeul este al altui compartiment; chemați de la ghișeul dumneavoastră."))


def _report_handle(actor, report):
    """Handling a report (sesizare): the officials of the department it was routed to, and the leaders of that
    department's institution (secretary general, mayor, deputy mayor)."""
    if any(p.department_id == report.department_id
           or (p.role in INSTITUTION_WIDE_ACTORS and p.department.institution_id == report.department.institution_id)
           for p in _positions(actor)):
        return None
    return Refusal(_("Sesizarea este repartizată altui compartiment."))


def _report_view(actor, report):
    """A report's full page (with the reporter's data): the account that made it and those who handle it."""
    if _authenticated(actor) and report.user_id == actor.pk:
        return None
    return _report_handle(actor, report) and Refusal(_("Această sesizare nu vă aparține."))


def _report_routes_edit(actor, _route):
    """The routing table of reports: the IT admin and the secretary general of the city hall."""
    if _authenticated(actor) and actor.is_superuser:
        return None
    if any(p.role == Role.SECRETARY_GENERAL for p in _positions(actor)):
        return None
    return Refusal(_("Doar secretarul general și administratorul platformei modifică repartizarea sesizărilor."))


# (app label.model, action) -> rule(actor, obj) returning a Refusal, or None when the action is allowed.
RULES: dict[tuple[str, str], Callable] = {
    # A request. The "who" rules (act_for_applicant, handle) carry no state: the domain functions check the
    # transition first and then these.
    ("requests.request", "view"): _request_view,
    ("requests.request", "act_for_applicant"): _act_for_applicant,
    ("requests.request", "handle"): _handle,
    ("requests.request", "start"): _start,
    ("requests.request", "save_draft"): _applicant_action("save_draft"),
    ("requests.request", "submit"): _applicant_action("submit"),
    ("requests.request", "complete"): _applicant_action("complete"),
    ("requests.request", "withdraw"): _applicant_action("withdraw"),
    ("requests.request", "claim"): _claim,
    ("requests.request", "take"): _take,
    ("requests.request", "assign"): _assign,
    ("requests.request", "ask_completion"): _casework("ask_completion"),
    ("requests.request", "propose"): _casework("propose"),
    ("requests.request", "grant"): _grant,
    ("requests.request", "record_fee"): _record_fee,
    ("requests.request", "extend_term"): _casework("extend_term"),
    ("requests.request", "sign"): _request_signing("sign"),
    ("requests.request", "refuse"): _request_signing("refuse"),
    # Acting for a party, and the mandates that allow it.
    ("accounts.party", "act_for"): _act_for_party,
    ("accounts.representation", "revoke"): _mandate_revoke,
    # A step of a request's process.
    ("workflow.workflowtask", "handle"): _step_handle,
    ("workflow.workflowtask", "complete"): _step_complete,
    # A document in a folder (dosar unic).
    ("documents.document", "view"): _document_view,
    ("documents.document", "download"): _document_view,
    ("documents.document", "remove"): _document_remove,
    # A document the institution issues, and one signature of it.
    ("documents.outgoingdocument", "view"): _outgoing_view,
    ("documents.outgoingdocument", "sign"): _outgoing_signing,
    ("documents.outgoingdocument", "refuse"): _outgoing_signing,
    ("documents.signaturestep", "sign"): _step_signing,
    ("documents.signaturestep", "refuse"): _step_signing,
    # A copy of a person's data (privacy).
    ("privacy.dataexport", "download"): _export_download,
    # A payment, and the payments' back office (`can(user, Payment, "reconcile")`).
    ("payments.payment", "view"): _payment_view,
    ("payments.payment", "refund"): _payment_refund,
    ("payments.payment", "reconcile"): _payments_office,
    # Appointments at the counters: their set-up, the resident's own, the clerk's day.
    ("appointments.location", "configure"): _location_configure,
    ("appointments.appointment", "view"): _appointment_view,
    ("appointments.appointment", "change"): _appointment_change,
    ("appointments.appointment", "attend"): _appointment_attend,
    # The walk-in queue (bonuri de ordine): calling residents at a counter.
    ("appointments.counter", "serve_queue"): _counter_serve_queue,
    # Reports on the city map (sesizări) and their routing table (`can(user, Route, "edit")`).
    ("reports.report", "view"): _report_view,
    ("reports.report", "handle"): _report_handle,
    ("reports.route", "edit"): _report_routes_edit,
}


def _decide(actor, obj, action) -> Refusal | None:
    rule = RULES.get((obj._meta.label_lower, action))
    if rule is None:
        raise ValueError(f"No rule for {action!r} on {obj._meta.label_lower}.")
    return rule(actor, obj)


# --- a fresh second factor before a signature ----------------------------------------------------------------

SIGNING_ACTIONS = frozenset({"sign"})


def second_factor_fresh(http_request) -> bool:
    """A signature counts only from a session whose second factor was checked less than
    PRIMARIA_SIGNING_REAUTH_MINUTES ago; pages send the official to confirm it again (with `next`), the API
    asks token clients for a current code in the request (`primaria.security.tokens.require_fresh_code`)."""
    from primaria.security.mfa import check_is_fresh

    return check_is_fresh(http_request)
