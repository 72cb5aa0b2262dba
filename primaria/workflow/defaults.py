# i18n: ro (the default process is data: its steps and conditions are stored in the BPMN file, in Romanian)
"""The default process of a service, generated from the catalog as a BPMN 2.0 file with its diagram (DI).

document check → (a company's representation is checked) → technical analysis (a shorter one when urgent)
→ opinions of other departments, in parallel, where the service needs them → (a larger amount also needs
the secretary general) → approval by the head of the competent department → the signature sequence →
issue → archive.

The file is an ordinary BPMN 2.0 document: an IT admin can download it, change it in any BPMN modeller
and upload it as a new version.
"""

from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

# Services whose answer needs opinions (avize) from other departments, asked in parallel.
OPINIONS = {
    "certificat-de-urbanism": ["jur", "itl"],
    "autorizatie-de-construire": ["jur", "itl"],
}
# Services where a large amount asks for the secretary general's approval: (form field, threshold, what).
THRESHOLDS = {
    "autorizatie-de-construire": ("valoare_lucrari", 500000, "valoarea lucrărilor depășește 500.000 lei"),
    "certificat-de-urbanism": ("suprafata_teren", 5000, "suprafața terenului depășește 5.000 mp"),
    "restituire-sume-platite-in-plus": ("suma", 10000, "suma depășește 10.000 lei"),
}
OPINION_LABELS = {
    "jur": "Avizul Direcției Juridice",
    "itl": "Avizul Direcției Impozite și Taxe Locale",
    "urb": "Avizul Direcției Urbanism",
}


@dataclass
class Step:
    id: str
    name: str
    kind: str
    department: str = ""
    assign: str = "queue"
    time_limit: str = ""
    time_limit_urgent: str = ""


@dataclass
class Optional:
    """A step taken only when `condition` holds."""
    id: str
    condition: str
    label: str
    step: Step


@dataclass
class Choice:
    """`when_true` if `condition` holds, else `when_false`."""
    id: str
    condition: str
    label: str
    when_true: Step
    when_false: Step


@dataclass
class Parallel:
    id: str
    steps: list = field(default_factory=list)


def default_blocks(service) -> list:
    fields = {f.name for f in service.fields.all()}
    blocks = [Step("verificare", "Verificarea documentelor", "check", assign="queue", time_limit="P2D",
                   time_limit_urgent="PT8H")]
    if service.for_companies and service.for_persons:
        blocks.append(Optional("gw_firma", 'applicant_kind == "company"', "persoană juridică",
                               Step("verificare_firma", "Verificarea reprezentării firmei", "check",
                                    assign="queue", time_limit="P1D", time_limit_urgent="PT4H")))
    blocks.append(Choice(
        "gw_urgenta", "urgent == True", "regim de urgență",
        Step("analiza_urgenta", "Analiza tehnică (regim de urgență)", "analysis", assign="queue", time_limit="P1D"),
        Step("analiza", "Analiza tehnică", "analysis", assign="queue", time_limit="P5D"),
    ))
    departments = {d.code for d in service.institution.departments.all()}
    opinions = [code for code in OPINIONS.get(service.slug, []) if code in departments and code != service.department.code]
    if opinions:
        blocks.append(Parallel("avize", [
            Step(f"aviz_{code}", OPINION_LABELS.get(code, f"Avizul compartimentului {code.upper()}"), "opinion",
                 department=code, assign="queue", time_limit="P5D", time_limit_urgent="P1D") for code in opinions
        ]))
    threshold = THRESHOLDS.get(service.slug)
    if threshold and threshold[0] in fields:
        name, limit, label = threshold
        blocks.append(Optional("gw_valoare", f"{name} > {limit}", label,
                               Step("aprobare_sg", "Aprobarea secretarului general", "approval", department="sg",
                                    assign="role:secretary_general", time_limit="P3D", time_limit_urgent="P1D")))
    blocks += [
        Step("aprobare", "Aprobarea șefului de compartiment", "approval", assign="role:head", time_limit="P2D",
             time_limit_urgent="PT8H"),
        Step("semnare", "Semnarea răspunsului", "signature", time_limit="P3D", time_limit_urgent="P1D"),
        Step("emitere", "Emiterea răspunsului", "issue", time_limit="P1D"),
        Step("arhivare", "Arhivarea dosarului", "archive", time_limit="P30D"),
    ]
    return blocks


def default_bpmn(service) -> str:
    return render_bpmn(f"proces_{service.slug.replace('-', '_')}", service.name, default_blocks(service))


# --- BPMN with its diagram ------------------------------------------------------------------------

TASK_W, TASK_H, GW, EV, GAP = 120, 80, 50, 36, 50
MID = 180  # the main line's y
BRANCH = 125  # distance between parallel lanes


class _Builder:
    def __init__(self):
        self.nodes, self.flows, self.shapes, self.edges = [], [], [], []
        self.x = 40
        self.counter = 0

    def flow(self, source, target, waypoints, condition="", name="", default_of=None):
        self.counter += 1
        flow_id = f"flow_{self.counter}"
        self.flows.append((flow_id, source, target, condition, name))
        self.edges.append((flow_id, waypoints))
        if default_of is not None:
            default_of["default"] = flow_id
        return flow_id

    def node(self, tag, node_id, x, y, w, h, name="", props=None, extra=None):
        entry = {"tag": tag, "id": node_id, "name": name, "props": props or {}, "x": x, "y": y, "w": w, "h": h,
                 "extra": extra or {}}
        self.nodes.append(entry)
        self.shapes.append((node_id, x, y, w, h))
        return entry

    def task(self, step: Step, x, cy):
        props = {"kind": step.kind, "assign": step.assign}
        if step.department:
            props["department"] = step.department
        if step.time_limit:
            props["time_limit"] = step.time_limit
        if step.time_limit_urgent:
            props["time_limit_urgent"] = step.time_limit_urgent
        return self.node("userTask", step.id, x, cy - TASK_H // 2, TASK_W, TASK_H, step.name, props)

    def gateway(self, tag, node_id, x, cy, name=""):
        return self.node(tag, node_id, x, cy - GW // 2, GW, GW, name, extra={})


def render_bpmn(process_id: str, name: str, blocks: list) -> str:
    b = _Builder()
    start = b.node("startEvent", "start", b.x, MID - EV // 2, EV, EV, "Cererea a fost înregistrată")
    last, last_right = start["id"], b.x + EV
    b.x += EV + GAP

    def link(source, source_right, target, target_left, cy=MID, **kw):
        b.flow(source, target, [(source_right, cy), (target_left, cy)], **kw)

    for block in blocks:
        if isinstance(block, Step):
            b.task(block, b.x, MID)
            link(last, last_right, block.id, b.x)
            last, last_right = block.id, b.x + TASK_W
            b.x += TASK_W + GAP
        elif isinstance(block, (Optional, Choice)):
            split = b.gateway("exclusiveGateway", block.id, b.x, MID, block.label + "?")
            link(last, last_right, block.id, b.x)
            gx = b.x
            b.x += GW + GAP
            top_step = block.step if isinstance(block, Optional) else block.when_true
            b.task(top_step, b.x, MID - BRANCH)
            b.flow(block.id, top_step.id, [(gx + GW // 2, MID - GW // 2), (gx + GW // 2, MID - BRANCH), (b.x, MID - BRANCH)],
                   condition=block.condition, name="da")
            task_x = b.x
            b.x += TASK_W + GAP
            merge_id = f"{block.id}_sfarsit"
            b.gateway("exclusiveGateway", merge_id, b.x, MID)
            b.flow(top_step.id, merge_id, [(task_x + TASK_W, MID - BRANCH), (b.x + GW // 2, MID - BRANCH),
                                           (b.x + GW // 2, MID - GW // 2)])
            if isinstance(block, Choice):
                b.task(block.when_false, task_x, MID + BRANCH)
                b.flow(block.id, block.when_false.id, [(gx + GW // 2, MID + GW // 2), (gx + GW // 2, MID + BRANCH),
                                                       (task_x, MID + BRANCH)], name="nu", default_of=split["extra"])
                b.flow(block.when_false.id, merge_id, [(task_x + TASK_W, MID + BRANCH), (b.x + GW // 2, MID + BRANCH),
                                                       (b.x + GW // 2, MID + GW // 2)])
            else:
                b.flow(block.id, merge_id, [(gx + GW, MID), (b.x, MID)], name="nu", default_of=split["extra"])
            last, last_right = merge_id, b.x + GW
            b.x += GW + GAP
        elif isinstance(block, Parallel):
            b.gateway("parallelGateway", block.id, b.x, MID)
            link(last, last_right, block.id, b.x)
            gx = b.x
            b.x += GW + GAP
            count = len(block.steps)
            offsets = [MID + (i - (count - 1) / 2) * BRANCH for i in range(count)]
            task_x = b.x
            b.x += TASK_W + GAP
            join_id = f"{block.id}_sfarsit"
            for step, cy in zip(block.steps, offsets, strict=True):
                cy = int(cy)
                b.task(step, task_x, cy)
                b.flow(block.id, step.id, [(gx + GW // 2, MID), (gx + GW // 2, cy), (task_x, cy)] if cy != MID
                       else [(gx + GW, MID), (task_x, MID)])
                b.flow(step.id, join_id, [(task_x + TASK_W, cy), (b.x + GW // 2, cy), (b.x + GW // 2, MID)] if cy != MID
                       else [(task_x + TASK_W, MID), (b.x, MID)])
            b.gateway("parallelGateway", join_id, b.x, MID)
            last, last_right = join_id, b.x + GW
            b.x += GW + GAP
    end = b.node("endEvent", "sfarsit", b.x, MID - EV // 2, EV, EV, "Dosar încheiat")
    link(last, last_right, end["id"], b.x)
    return _xml(process_id, name, b)


def _xml(process_id, name, b: _Builder) -> str:
    incoming, outgoing = {}, {}
    for flow_id, source, target, _c, _n in b.flows:
        outgoing.setdefault(source, []).append(flow_id)
        incoming.setdefault(target, []).append(flow_id)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
           'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
           'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
           'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
           f'id="definitii_{process_id}" targetNamespace="https://primaria-digitala.ro/bpmn" exporter="Primăria Digitală">',
           f'  <bpmn:process id="{process_id}" name={quoteattr(name)} isExecutable="true">']
    for n in b.nodes:
        attrs = f'id="{n["id"]}"' + (f' name={quoteattr(n["name"])}' if n["name"] else "")
        if n["extra"].get("default"):
            attrs += f' default="{n["extra"]["default"]}"'
        out.append(f'    <bpmn:{n["tag"]} {attrs}>')
        if n["props"]:
            out.append("      <bpmn:extensionElements><spiffworkflow:properties>")
            for key, value in n["props"].items():
                out.append(f'        <spiffworkflow:property name="{key}" value={quoteattr(value)}/>')
            out.append("      </spiffworkflow:properties></bpmn:extensionElements>")
        out += [f"      <bpmn:incoming>{f}</bpmn:incoming>" for f in incoming.get(n["id"], [])]
        out += [f"      <bpmn:outgoing>{f}</bpmn:outgoing>" for f in outgoing.get(n["id"], [])]
        out.append(f'    </bpmn:{n["tag"]}>')
    for flow_id, source, target, condition, name in b.flows:
        label = f" name={quoteattr(name)}" if name else ""
        if condition:
            out.append(f'    <bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}"{label}>'
                       f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" '
                       f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{_escape(condition)}</bpmn:conditionExpression>'
                       '</bpmn:sequenceFlow>')
        else:
            out.append(f'    <bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}"{label}/>')
    out.append("  </bpmn:process>")
    out.append(f'  <bpmndi:BPMNDiagram id="diagrama"><bpmndi:BPMNPlane id="plan" bpmnElement="{process_id}">')
    for node_id, x, y, w, h in b.shapes:
        out.append(f'    <bpmndi:BPMNShape id="{node_id}_di" bpmnElement="{node_id}">'
                   f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>')
    for flow_id, waypoints in b.edges:
        points = "".join(f'<di:waypoint x="{int(x)}" y="{int(y)}"/>' for x, y in waypoints)
        out.append(f'    <bpmndi:BPMNEdge id="{flow_id}_di" bpmnElement="{flow_id}">{points}</bpmndi:BPMNEdge>')
    out.append("  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>")
    out.append("</bpmn:definitions>")
    return "\n".join(out) + "\n"


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
