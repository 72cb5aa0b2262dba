"""The BPMN 2.0 engine (SpiffWorkflow 3) behind the processes: parsing and checking a definition, the step
metadata kept in its extension properties, a safe evaluator for gateway conditions, and (de)serialization
of a running process.

Step metadata sits on each user task as extension properties, in SpiffWorkflow's namespace (what its
parser exposes) or, for files drawn in Camunda Modeler, in Camunda's:

    <bpmn:userTask id="aviz_jur" name="Avizul Direcției Juridice">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="kind" value="opinion"/>          check|analysis|opinion|approval|signature|issue|archive
        <spiffworkflow:property name="department" value="jur"/>        a department code; empty: the competent one
        <spiffworkflow:property name="assign" value="queue"/>          queue | role:<role> | user:<email> | least_loaded
        <spiffworkflow:property name="time_limit" value="P3D"/>        ISO 8601 duration
        <spiffworkflow:property name="time_limit_urgent" value="P1D"/> used instead when the request is urgent
      </spiffworkflow:properties></bpmn:extensionElements>
    </bpmn:userTask>

Gateway conditions are expressions over the request's data (`urgent`, `applicant_kind`, the form answers,
numbers as numbers). They are evaluated by a small interpreter over Python's syntax tree that allows only
names, constants, comparisons, `and`/`or`/`not` and arithmetic: an uploaded file cannot run code.
"""

import ast
import operator
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _
from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from primaria.core.errors import DomainError

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS, "camunda": CAMUNDA_NS,
      "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI", "dc": "http://www.omg.org/spec/DD/20100524/DC",
      "di": "http://www.omg.org/spec/DD/20100524/DI"}

KINDS = ("check", "analysis", "opinion", "approval", "signature", "issue", "archive")
ROLES = ("specialist", "head", "secretary_general", "mayor", "deputy_mayor", "registry_clerk")
# What a process may contain: nothing that runs code or waits for messages from outside.
ALLOWED_ELEMENTS = {
    "startEvent", "endEvent", "userTask", "manualTask", "task", "exclusiveGateway", "parallelGateway",
    "inclusiveGateway", "sequenceFlow", "extensionElements", "incoming", "outgoing", "conditionExpression",
    "documentation", "laneSet", "lane", "flowNodeRef", "textAnnotation", "association", "text",
}


# --- step metadata ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepMeta:
    step_id: str
    label: str
    kind: str
    department: str = ""
    assign: str = "queue"
    time_limit: str = ""
    time_limit_urgent: str = ""

    @property
    def role(self) -> str:
        return self.assign.split(":", 1)[1] if self.assign.startswith("role:") else ""


DURATION = re.compile(r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)?$")


def parse_duration(value: str) -> timedelta | None:
    """An ISO 8601 duration of weeks, days, hours and minutes (P2D, PT8H, P1DT12H); '' → None."""
    value = (value or "").strip().upper()
    if not value:
        return None
    match = DURATION.match(value)
    if match is None or value in ("P", "PT") or value.endswith("T"):
        raise ValueError(value)
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    return timedelta(**parts)


def _properties(node) -> dict:
    props = {}
    for prop in node.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property"
                           " | ./bpmn:extensionElements/camunda:properties/camunda:property", namespaces=NS):
        props[prop.get("name")] = prop.get("value", "")
    return props


def _assign_is_valid(rule: str) -> bool:
    if rule in ("queue", "least_loaded"):
        return True
    if rule.startswith("role:"):
        return rule[5:] in ROLES
    return rule.startswith("user:") and "@" in rule


# --- safe conditions --------------------------------------------------------------------------------

_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def check_expression(expression: str):
    """Raise ValueError unless `expression` uses only what evaluate_expression allows."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(_("condiția „%(expression)s” nu este scrisă corect") % {"expression": expression}) from exc
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare, ast.Name,
               ast.Load, ast.Constant, ast.BinOp, ast.List, ast.Tuple, *_COMPARE, *_BINARY)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise ValueError(_("condiția „%(expression)s” folosește „%(element)s”, care nu este permis")
                             % {"expression": expression, "element": type(node).__name__})
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ValueError(_("condiția „%(expression)s” folosește un nume nepermis") % {"expression": expression})
    return tree


def evaluate_expression(expression: str, data: dict):
    tree = check_expression(expression)

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return {"True": True, "False": False, "None": None}.get(node.id, data.get(node.id))
        if isinstance(node, ast.BoolOp):
            values = (ev(v) for v in node.values)
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.UnaryOp):
            value = ev(node.operand)
            return (not value) if isinstance(node.op, ast.Not) else -value
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, (ast.List, ast.Tuple)):
            return [ev(e) for e in node.elts]
        if isinstance(node, ast.Compare):
            left = ev(node.left)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = ev(comparator)
                try:
                    if not _COMPARE[type(op)](left, right):
                        return False
                except TypeError:  # a missing answer (None) compared with a number: the branch is not taken
                    return False
                left = right
            return True
        raise ValueError(type(node).__name__)

    return ev(tree)


class SafeScriptEngine(PythonScriptEngine):
    """Evaluates gateway conditions with evaluate_expression; refuses to run scripts."""

    def validate(self, expression):
        check_expression(expression)

    def evaluate(self, task, expression, external_context=None):
        return evaluate_expression(expression, {**(external_context or {}), **task.data})

    def execute(self, task, script, external_context=None):
        raise DomainError(_("Procesele nu pot rula scripturi."))


SCRIPT_ENGINE = SafeScriptEngine()
SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


# --- parsing and checking ---------------------------------------------------------------------------


@dataclass
class ParsedProcess:
    process_id: str
    spec: object
    steps: dict  # step id → StepMeta


def parse(bpmn_xml: str | bytes) -> ParsedProcess:
    """Parse and check a BPMN file. Raises DomainError with a message in Romanian for what is wrong."""
    data = bpmn_xml.encode("utf-8") if isinstance(bpmn_xml, str) else bpmn_xml
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise DomainError(_("Fișierul nu este un XML valid: %(error)s (linia %(line)s).") % {"error": exc.msg,
                                                                                        "line": exc.lineno})
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise DomainError(_("Fișierul nu este o definiție BPMN 2.0 (lipsește elementul bpmn:definitions)."))
    processes = root.findall(f"{{{BPMN_NS}}}process")
    executable = [p for p in processes if p.get("isExecutable", "true") != "false"] or processes
    if len(executable) != 1:
        raise DomainError(_("Fișierul trebuie să conțină exact un proces BPMN executabil."))
    process = executable[0]
    problems = []
    for node in process.iter():
        if not isinstance(node.tag, str) or not node.tag.startswith(f"{{{BPMN_NS}}}"):
            continue
        name = etree.QName(node).localname
        if name not in ALLOWED_ELEMENTS and node is not process:
            problems.append(_("elementul „%(element)s” (%(id)s) nu este permis: procesele conțin doar evenimente de "
                              "început și de sfârșit, pași de lucru (userTask), porți și fluxuri")
                            % {"element": name, "id": node.get("id", "")})
    steps = {}
    for node in process.iter(f"{{{BPMN_NS}}}userTask"):
        props = _properties(node)
        step_id, label = node.get("id"), (node.get("name") or "").strip()
        if not label:
            problems.append(_("pasul %(step)s nu are nume (numele apare solicitantului)") % {"step": step_id})
        kind = props.get("kind", "")
        if kind not in KINDS:
            problems.append(_("pasul „%(step)s” are tipul „%(kind)s”; tipurile permise: %(kinds)s")
                            % {"step": label or step_id, "kind": kind, "kinds": ", ".join(KINDS)})
        assign = props.get("assign", "queue") or "queue"
        if not _assign_is_valid(assign):
            problems.append(_("pasul „%(step)s” are regula de repartizare „%(rule)s”; reguli permise: queue, "
                              "role:<rol>, user:<e-mail>, least_loaded") % {"step": label or step_id, "rule": assign})
        for key in ("time_limit", "time_limit_urgent"):
            try:
                parse_duration(props.get(key, ""))
            except ValueError:
                problems.append(_("pasul „%(step)s” are termenul „%(term)s”, care nu este o durată ISO 8601 (de "
                                  "exemplu P2D sau PT8H)") % {"step": label or step_id, "term": props[key]})
        steps[step_id] = StepMeta(step_id=step_id, label=label or step_id, kind=kind, department=props.get("department", ""),
                                  assign=assign, time_limit=props.get("time_limit", ""),
                                  time_limit_urgent=props.get("time_limit_urgent", ""))
    for condition in process.iter(f"{{{BPMN_NS}}}conditionExpression"):
        try:
            check_expression(condition.text or "")
        except ValueError as exc:
            problems.append(str(exc))
    if not steps:
        problems.append(_("procesul nu are niciun pas de lucru (userTask)"))
    if problems:
        raise DomainError(_("Definiția procesului nu poate fi publicată: %(problems)s.") % {"problems": "; ".join(problems)})
    parser = SpiffBpmnParser(validator=VALIDATOR)
    try:
        parser.add_bpmn_xml(root, filename="proces.bpmn")
        spec = parser.get_spec(process.get("id"))
    except ValidationException as exc:
        if getattr(exc, "line_number", ""):
            raise DomainError(_("Definiția BPMN nu este validă (linia %(line)s): %(error)s")
                              % {"line": exc.line_number, "error": exc})
        raise DomainError(_("Definiția BPMN nu este validă: %(error)s") % {"error": exc})
    except SpiffWorkflowException as exc:
        raise DomainError(_("Definiția BPMN nu poate fi folosită: %(error)s") % {"error": exc})
    return ParsedProcess(process_id=process.get("id"), spec=spec, steps=steps)


@lru_cache(maxsize=64)
def parse_published(bpmn_xml: str) -> ParsedProcess:
    """parse() for a definition already published: the same text always gives the same process, so each
    web or worker process parses a version once and shares the spec between the workflows it runs."""
    return parse(bpmn_xml)


# --- running --------------------------------------------------------------------------------------


def new_workflow(spec, data: dict) -> BpmnWorkflow:
    workflow = BpmnWorkflow(spec, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.set_data(**data)
    workflow.do_engine_steps()
    return workflow


def dump(workflow: BpmnWorkflow) -> str:
    """The serializer's JSON, as text: deserializing depends on the order of its keys."""
    return SERIALIZER.serialize_json(workflow)


def load(state: str) -> BpmnWorkflow:
    workflow = SERIALIZER.deserialize_json(state)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def ready_tasks(workflow: BpmnWorkflow) -> list:
    return workflow.get_tasks(state=TaskState.READY, manual=True)


def number(value):
    """A form answer as a number when it is one (numbers are kept as text in the request's data)."""
    if isinstance(value, (int, float)) or value is None:
        return value
    try:
        parsed = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return value
    if not parsed.is_finite():
        return value
    return int(parsed) if parsed == parsed.to_integral_value() else float(parsed)
