"""A schema type that lives only in this file gets grounding, chunking, eval scores and a
terminal rendering from the generic defaults, with no line of summarise/ naming it."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console

from summarise import Evidence, Summariser
from summarise.evaluation import score_fixture
from summarise.evaluation.fixtures import Fixture, GoldMarks
from summarise.schema_types import SchemaParts, merge_parts, register_schema_type
from summarise.testing import FakeBackend

TEMPLATE = (
    "{% block system %}List the events.{% endblock %}{% block user %}{{ article }}{% endblock %}"
)
FILLER = " ".join(["The river had risen for days and the roads were closed."] * 3)
ARTICLE = (
    f"Rescuers reached the village of Ora on Monday after the flood. {FILLER}\n\n"
    f"The mayor, Ana Lind, opened the school as a shelter on Tuesday. {FILLER}\n\n"
    f"Engineers from the army repaired the bridge at Ora on Wednesday. {FILLER}"
)


class Event(BaseModel):
    model_config = ConfigDict(extra="forbid")

    who: str = Field(description="Who acted.")
    what: str = Field(description="What they did.")
    where: str | None = Field(default=None, description="Where.")
    when: str | None = Field(default=None, description="When.")
    evidence: list[Evidence] = Field(min_length=1, description="Verbatim spans.")


class Events(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="A short title.")
    events: list[Event] = Field(default_factory=list, description="Who did what, where, when.")


EVENTS = register_schema_type("events_test", model=Events, template=TEMPLATE, replace=True)


def event(who: str, what: str, quote: str, when: str | None = None) -> dict[str, Any]:
    return {"who": who, "what": what, "when": when, "evidence": [{"quote": quote}]}


RESCUE = event("Rescuers", "reached the village", "Rescuers reached the village of Ora", "Monday")
SHELTER = event("Ana Lind", "opened the school as a shelter", "opened the school as a shelter")
BRIDGE = event("army engineers", "repaired the bridge", "repaired the bridge at Ora")
INVENTED = event("The king", "visited Ora", "The king visited Ora by helicopter")
TRUE_EVENTS = {"title": "Flood at Ora", "events": [RESCUE, SHELTER, BRIDGE]}


def test_grounding_drops_an_invented_item_of_any_type() -> None:
    reply = {"title": "Flood", "events": [RESCUE, INVENTED]}
    with Summariser(schema=EVENTS, backend=FakeBackend([reply])) as summariser:
        result = summariser.summarise(ARTICLE)
    assert [e.who for e in result.summary.events] == ["Rescuers"]
    assert [d.label for d in result.dropped] == ["The king"]
    assert "evidence not found" in result.dropped[0].reasons[0]
    span = result.summary.events[0].evidence[0]
    assert ARTICLE[span.start : span.end] == "Rescuers reached the village of Ora"


def test_a_long_article_is_split_and_merged_by_the_generic_merge() -> None:
    # Each part reports what it saw; the overlap repeats the shelter event.
    fake = FakeBackend(
        [
            {"title": "Flood at Ora", "events": [RESCUE, SHELTER]},
            {"title": "", "events": [SHELTER | {"who": "ana  LIND"}, BRIDGE]},
        ],
        default={"title": "Bridge", "events": [BRIDGE]},
    )
    with Summariser(schema=EVENTS, backend=fake, chunk_tokens=64) as summariser:
        result = summariser.summarise(ARTICLE)
    assert result.meta.parts == len(fake.calls) >= 3
    assert result.summary.title == "Flood at Ora"  # the first part's non-empty value
    assert [e.who for e in result.summary.events] == ["Rescuers", "Ana Lind", "army engineers"]
    assert all(ev.status == "exact" for e in result.summary.events for ev in e.evidence)


def test_the_generic_merge_unites_evidence_and_keeps_different_items_apart() -> None:
    first = Events.model_validate({"title": "A", "events": [SHELTER]})
    again = Events.model_validate(
        {"title": "B", "events": [SHELTER | {"evidence": [{"quote": "The mayor, Ana Lind"}]}]}
    )
    other_day = Events.model_validate({"title": "C", "events": [SHELTER | {"when": "Friday"}]})
    merged = merge_parts(Events, [first, again, other_day])
    assert merged.title == "A"
    assert len(merged.events) == 2  # the same event once; the Friday one is another
    assert [e.quote for e in merged.events[0].evidence] == [
        "opened the school as a shelter",
        "The mayor, Ana Lind",
    ]
    assert merged.events[1].when == "Friday"


def fixture(expected: dict[str, Any], marks: GoldMarks | None = None) -> Fixture:
    return Fixture(
        id="events-ora",
        title="Flood at Ora",
        source="test",
        url=None,
        licence="CC0",
        tags=(),
        text=ARTICLE,
        expected=Events.model_validate(expected),
        marks=marks or GoldMarks(),
        path=Path("events-ora.yaml"),
    )


def test_eval_scores_list_and_scalar_fields_of_any_type() -> None:
    gold = fixture(TRUE_EVENTS)
    perfect = score_fixture(gold.expected, gold, schema=EVENTS)
    assert set(perfect.strict) == {"title", "events"}
    assert perfect.strict["events"].counts.model_dump(include={"tp", "fp", "fn"}) == {
        "tp": 3,
        "fp": 0,
        "fn": 0,
    }
    assert perfect.strict["title"].counts.tp == 1

    prediction = Events.model_validate({"title": "Weather report", "events": [RESCUE, SHELTER]})
    scores = score_fixture(prediction, gold, schema=EVENTS)
    assert scores.strict["events"].counts.fn == 1  # the bridge was missed
    assert scores.strict["events"].missed == [2]
    assert scores.strict["title"].counts.fp == 1  # a title unlike the gold one
    assert scores.strict["title"].counts.fn == 1


def test_an_optional_gold_item_costs_nothing_when_missed() -> None:
    gold = fixture(TRUE_EVENTS, GoldMarks(optional=frozenset({"events[2]"})))
    prediction = Events.model_validate({"title": "Flood at Ora", "events": [RESCUE, SHELTER]})
    assert score_fixture(prediction, gold, schema=EVENTS).strict["events"].counts.fn == 0


def test_any_type_renders_as_readable_tables() -> None:
    console = Console(record=True, width=120)
    EVENTS.render(Events.model_validate(TRUE_EVENTS), console)
    shown = console.export_text()
    assert "Flood at Ora" in shown
    assert "events" in shown
    assert "Ana Lind" in shown
    assert "repaired the bridge" in shown
    assert "Rescuers reached the village of Ora" not in shown  # evidence is left out


def test_parts_must_be_schema_parts() -> None:
    from summarise import SchemaTypeError

    with pytest.raises(SchemaTypeError, match="SchemaParts"):
        register_schema_type(
            "bad_parts", model=Events, template=TEMPLATE, parts={"rules": {}}, replace=True
        )
    typed = register_schema_type(
        "good_parts", model=Events, template=TEMPLATE, parts=SchemaParts(), replace=True
    )
    assert typed.rules == {}


# --- the generic parts on the shapes models really have ---------------------------------


class Kind(enum.Enum):
    RESCUE = "rescue"
    REPAIR = "repair"


class Place(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    town: str = Field(alias="townName", description="The town.")
    evidence: list[Evidence] = Field(min_length=1, description="Verbatim spans.")


class Operation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind = Field(description="What sort of operation.")
    stage: Literal["started", "finished"] = Field(description="How far it got.")
    teams: int = Field(description="How many teams.")
    place: Place | None = Field(default=None, description="Where.")
    tags: list[str] | None = Field(default=None, description="Labels.")
    evidence: list[Evidence] = Field(min_length=1, description="Verbatim spans.")


class Operations(BaseModel):
    model_config = ConfigDict(extra="forbid")

    operations: list[Operation] = Field(default_factory=list, description="Operations.")
    place: Place | None = Field(default=None, description="The main place.")


OPERATIONS = register_schema_type(
    "operations_test", model=Operations, template=TEMPLATE, replace=True
)
QUOTE = "Engineers from the army repaired the bridge at Ora"


def operation(**changes: Any) -> Operation:
    data = {"kind": Kind.REPAIR, "stage": "finished", "teams": 3, "evidence": [{"quote": QUOTE}]}
    return Operation.model_validate(data | changes)


def test_an_empty_list_renders_as_none_found() -> None:
    console = Console(record=True, width=100)
    OPERATIONS.render(Operations(), console)
    assert "operations: none found" in console.export_text()


def test_choices_render_by_their_value() -> None:
    console = Console(record=True, width=100)
    OPERATIONS.render(Operations(operations=[operation()]), console)
    shown = console.export_text()
    assert "repair" in shown
    assert "Kind.REPAIR" not in shown


def test_an_optional_list_merges_from_the_parts_that_have_one() -> None:
    merged = merge_parts(
        Operations,
        [
            Operations(operations=[operation(tags=None)]),
            Operations(operations=[operation(tags=["bridge"])]),
            Operations(operations=[operation(tags=["army"], teams=4)]),
        ],
    )
    assert [o.tags for o in merged.operations] == [None, ["bridge"], ["army"]]


def test_items_differing_only_in_a_nested_model_stay_apart_and_aliases_survive() -> None:
    ora = {"townName": "Ora", "evidence": [{"quote": "Ora"}]}
    lind = {"townName": "Lind", "evidence": [{"quote": "Lind"}]}
    merged = merge_parts(
        Operations,
        [
            Operations(operations=[operation(place=ora)], place=Place.model_validate(ora)),
            Operations(operations=[operation(place=lind), operation(place=ora)]),
        ],
    )
    assert [o.place.town for o in merged.operations if o.place] == ["Ora", "Lind"]
    assert merged.place is not None
    assert merged.place.town == "Ora"


@pytest.mark.parametrize(
    ("changes", "similarity"),
    [
        ({}, 1.0),
        ({"kind": Kind.RESCUE}, 2 / 3),  # another choice earns nothing, however alike
        ({"stage": "started"}, 2 / 3),
        ({"teams": 4}, 2 / 3),  # whole numbers compare exactly: 4 is not "about 3"
    ],
)
def test_the_generic_matcher_compares_choices_and_whole_numbers_by_equality(
    changes: dict[str, Any], similarity: float
) -> None:
    from summarise.schema_types import MatchContext

    gold = Operations(operations=[operation()])
    context = MatchContext(
        mode="strict", gold=gold, statements=lexical_statements, alternatives=lambda _: []
    )
    matcher = OPERATIONS.matchers()["operations"]
    score = matcher.similarity(operation(**changes), gold.operations[0], context)
    assert score == pytest.approx(similarity)


def lexical_statements(a: str, b: str) -> float:
    return 1.0 if a == b else 0.0


def test_a_model_in_a_plain_field_is_grounded_and_dropped_when_optional() -> None:
    invented = {"townName": "Atlantis", "evidence": [{"quote": "the lost city of Atlantis"}]}
    real = {"townName": "Ora", "evidence": [{"quote": "the village of Ora"}]}
    for place, kept in ((real, True), (invented, False)):
        reply = {"operations": [], "place": place}
        with Summariser(schema=OPERATIONS, backend=FakeBackend([reply])) as summariser:
            result = summariser.summarise(ARTICLE)
        assert result.grounding.items_checked == 1
        assert (result.summary.place is not None) is kept
        assert [d.path for d in result.dropped] == ([] if kept else ["place"])


def test_parts_that_could_never_apply_are_refused_at_registration() -> None:
    from summarise import SchemaTypeError
    from summarise.schema_types import FieldMatcher

    def never(_item: Any, _context: Any) -> list[str]:
        return []

    matcher = FieldMatcher(lambda p, g, c: 1.0, threshold=0.5)
    with pytest.raises(SchemaTypeError, match=r"\['operatoins'\]"):
        register_schema_type(
            "typo_test", model=Operations, template=TEMPLATE,
            parts=SchemaParts(matchers={"operatoins": matcher}),
        )  # fmt: skip
    with pytest.raises(SchemaTypeError, match="no evidence field"):
        register_schema_type(
            "rule_test", model=Operations, template=TEMPLATE,
            parts=SchemaParts(rules={Operations: never}),
        )  # fmt: skip

    class Loose(BaseModel):
        evidence: list[str] = Field(description="Not Evidence.")

    class Holder(BaseModel):
        items: list[Loose] = Field(description="Items.")

    with pytest.raises(SchemaTypeError, match=r"Loose.evidence must be list\[summarise.Evidence\]"):
        register_schema_type("loose_test", model=Holder, template=TEMPLATE)


def test_a_rule_for_a_model_also_checks_its_subclasses() -> None:
    from summarise.grounding import RuleContext, check
    from summarise.grounding.align import ArticleText

    class Special(Event):
        pass

    def refuse(_item: Any, _context: RuleContext) -> list[str]:
        return ["refused"]

    summary = Events.model_construct(title="t", events=[Special.model_validate(RESCUE)])
    results = check(summary, ArticleText.of(ARTICLE), {Event: refuse})
    assert [r.reasons for r in results] == [["refused"]]
    plain = Events.model_validate({"title": "t", "events": [RESCUE]})
    assert [r.reasons for r in check(plain, ArticleText.of(ARTICLE), {Event: refuse})] == [
        ["refused"]
    ]
