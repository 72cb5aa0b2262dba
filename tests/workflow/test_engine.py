"""The BPMN engine on its own: parsing, step metadata, conditions, branches, parallel opinions, time limits."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from primaria.core.errors import DomainError
from primaria.workflow import defaults, engine

SPIFF = 'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'


def _run(xml, data, outcomes=None):
    """Run a process to its end, completing every ready step; returns the step ids in the order they ran."""
    parsed = engine.parse(xml)
    workflow = engine.new_workflow(parsed.spec, data)
    order = []
    for _ in range(50):
        ready = engine.ready_tasks(workflow)
        if not ready:
            break
        order.append(sorted(t.task_spec.name for t in ready))
        task = sorted(ready, key=lambda t: t.task_spec.name)[0]
        task.run()
        workflow.do_engine_steps()
        # Every run also goes through the serializer, as the app stores the state between two requests.
        workflow = engine.load(engine.dump(workflow))
    assert workflow.is_completed()
    return order


def _flat(order):
    return [step for group in order for step in group]


def _service(slug="certificat-de-urbanism", fields=("suprafata_teren",), persons=True, companies=True):
    departments = SimpleNamespace(all=lambda: [SimpleNamespace(code=c) for c in ("urb", "jur", "itl", "sg")])
    return SimpleNamespace(
        slug=slug, name="Serviciu", for_persons=persons, for_companies=companies,
        department=SimpleNamespace(code="urb"), institution=SimpleNamespace(departments=departments),
        fields=SimpleNamespace(all=lambda: [SimpleNamespace(name=f) for f in fields]),
    )


DATA = {"urgent": False, "applicant_kind": "person", "suprafata_teren": 120}


def test_the_default_process_parses_with_its_step_metadata_and_diagram():
    xml = defaults.default_bpmn(_service())
    parsed = engine.parse(xml)
    steps = parsed.steps
    assert steps["verificare"].kind == "check" and steps["verificare"].time_limit == "P2D"
    assert steps["aviz_jur"].kind == "opinion" and steps["aviz_jur"].department == "jur"
    assert steps["aprobare"].assign == "role:head" and steps["aprobare"].role == "head"
    assert [steps[s].kind for s in ("semnare", "emitere", "arhivare")] == ["signature", "issue", "archive"]
    # SpiffWorkflow's own parser reads the same extension properties.
    assert parsed.spec.task_specs["aviz_itl"].extensions["properties"]["department"] == "itl"
    assert "bpmndi:BPMNShape" in xml and "bpmndi:BPMNEdge" in xml


def test_a_person_with_a_normal_request_goes_through_the_normal_analysis_and_both_opinions():
    order = _run(defaults.default_bpmn(_service()), DATA)
    assert order[0] == ["verificare"]
    assert ["aviz_itl", "aviz_jur"] in order, "the two opinions are asked at the same time"
    flat = _flat(order)
    assert "analiza" in flat and "analiza_urgenta" not in flat
    assert "verificare_firma" not in flat and "aprobare_sg" not in flat
    assert flat[-4:] == ["aprobare", "semnare", "emitere", "arhivare"]


def test_urgent_requests_take_the_urgent_branch():
    flat = _flat(_run(defaults.default_bpmn(_service()), {**DATA, "urgent": True}))
    assert "analiza_urgenta" in flat and "analiza" not in flat


def test_a_company_has_its_representation_checked():
    flat = _flat(_run(defaults.default_bpmn(_service()), {**DATA, "applicant_kind": "company"}))
    assert flat[:2] == ["verificare", "verificare_firma"]


def test_an_amount_over_the_threshold_needs_the_secretary_general():
    xml = defaults.default_bpmn(_service())
    assert "aprobare_sg" in _flat(_run(xml, {**DATA, "suprafata_teren": 6000}))
    assert "aprobare_sg" not in _flat(_run(xml, {**DATA, "suprafata_teren": 5000}))
    assert "aprobare_sg" not in _flat(_run(xml, {**DATA, "suprafata_teren": None})), "a missing answer takes no branch"


def test_both_opinions_are_required_before_the_approval():
    parsed = engine.parse(defaults.default_bpmn(_service()))
    workflow = engine.new_workflow(parsed.spec, DATA)
    for _ in range(2):  # check, analysis
        engine.ready_tasks(workflow)[0].run()
        workflow.do_engine_steps()
    ready = {t.task_spec.name: t for t in engine.ready_tasks(workflow)}
    assert set(ready) == {"aviz_jur", "aviz_itl"}
    ready["aviz_jur"].run()
    workflow.do_engine_steps()
    workflow = engine.load(engine.dump(workflow))
    assert [t.task_spec.name for t in engine.ready_tasks(workflow)] == ["aviz_itl"], "approval waits for the second opinion"
    engine.ready_tasks(workflow)[0].run()
    workflow.do_engine_steps()
    assert [t.task_spec.name for t in engine.ready_tasks(workflow)] == ["aprobare"]


def test_services_without_opinions_or_companies_have_a_shorter_process():
    xml = defaults.default_bpmn(_service(slug="adeverinta-x", fields=(), companies=False))
    flat = _flat(_run(xml, DATA))
    assert flat == ["verificare", "analiza", "aprobare", "semnare", "emitere", "arhivare"]


def test_durations():
    assert engine.parse_duration("P2D") == timedelta(days=2)
    assert engine.parse_duration("PT8H") == timedelta(hours=8)
    assert engine.parse_duration("P1DT12H") == timedelta(days=1, hours=12)
    assert engine.parse_duration("P1W") == timedelta(weeks=1)
    assert engine.parse_duration("") is None
    for wrong in ("2 zile", "P", "PT", "P2DT"):
        with pytest.raises(ValueError):
            engine.parse_duration(wrong)


def test_conditions_cannot_run_code():
    assert engine.evaluate_expression("amount > 100 and applicant_kind == 'company'", {"amount": 150, "applicant_kind": "company"})
    assert not engine.evaluate_expression("not urgent", {"urgent": True})
    for bad in ("__import__('os').system('id')", "().__class__", "open('/etc/passwd')", "x[0]", "lambda: 1"):
        with pytest.raises(ValueError):
            engine.check_expression(bad)


def _process(body, process_id="p"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            f'{SPIFF} id="d" targetNamespace="x"><bpmn:process id="{process_id}" isExecutable="true">{body}'
            '</bpmn:process></bpmn:definitions>')


def _task(task_id, name, **props):
    props = {"kind": "check", **props}
    extension = "".join(f'<spiffworkflow:property name="{k}" value="{v}"/>' for k, v in props.items())
    return (f'<bpmn:userTask id="{task_id}" name="{name}"><bpmn:extensionElements><spiffworkflow:properties>'
            f'{extension}</spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>')


def _line(*ids):
    return "".join(f'<bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>' for i, (a, b) in enumerate(zip(ids, ids[1:], strict=False)))


@pytest.mark.parametrize("body, message", [
    ("<bpmn:startEvent id='s'/>", "niciun pas"),
    ('<bpmn:startEvent id="s"/>' + _task("a", "A", kind="nimic") + '<bpmn:endEvent id="e"/>' + _line("s", "a", "e"), "tipul"),
    ('<bpmn:startEvent id="s"/>' + _task("a", "A", assign="oricine") + '<bpmn:endEvent id="e"/>' + _line("s", "a", "e"), "repartizare"),
    ('<bpmn:startEvent id="s"/>' + _task("a", "A", time_limit="doua zile") + '<bpmn:endEvent id="e"/>' + _line("s", "a", "e"), "ISO 8601"),
    ('<bpmn:startEvent id="s"/><bpmn:scriptTask id="x"><bpmn:script>print(1)</bpmn:script></bpmn:scriptTask>'
     + _task("a", "A") + '<bpmn:endEvent id="e"/>' + _line("s", "x", "a", "e"), "scriptTask"),
])
def test_broken_definitions_are_refused_in_romanian(body, message):
    with pytest.raises(DomainError) as info:
        engine.parse(_process(body))
    assert message in info.value.messages[0]


def test_a_file_that_is_not_bpmn_is_refused():
    with pytest.raises(DomainError, match="XML valid"):
        engine.parse("<bpmn:definitions")
    with pytest.raises(DomainError, match="BPMN 2.0"):
        engine.parse("<html/>")
