"""The generic merge on its own: which values win, which items are one item, what is united.

Scalar fields take the first part's value that is not empty; list items are the same item
when every plain field but evidence agrees (names as the name normaliser reads them,
numbers by value); the same item met again gains the other's evidence and list entries.
"""

from __future__ import annotations

import enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarise import Evidence
from summarise.schema_types import merge_parts
from summarise.schema_types.merge import identity


class Mood(enum.Enum):
    CALM = "calm"
    TENSE = "tense"


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="A note.")
    evidence: list[Evidence] = Field(default_factory=list, description="Verbatim spans.")


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The name.")
    age: int | None = Field(default=None, description="Age.")
    share: float | None = Field(default=None, description="A share.")
    present: bool | None = Field(default=None, description="Whether they were there.")
    mood: Mood | None = Field(default=None, description="Their mood.")
    aliases: list[str] = Field(default_factory=list, description="Other names.")
    notes: list[Note] = Field(default_factory=list, description="Notes.")
    evidence: list[Evidence] = Field(default_factory=list, description="Verbatim spans.")


class Town(BaseModel):
    # An alias and no populate_by_name: the merge must write fields by their alias.
    model_config = ConfigDict(extra="forbid")

    town: str = Field(alias="townName", description="The town.")


class Story(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="", description="A title.")
    count: int | None = Field(default=None, description="A count.")
    people: list[Person] = Field(default_factory=list, description="People.")
    tags: list[str] | None = Field(default=None, description="Labels.")
    towns: list[Town] = Field(default_factory=list, description="Towns.")
    main_town: Town | None = Field(default=None, alias="mainTown", description="Main town.")


def person(name: str, *quotes: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "evidence": [{"quote": q} for q in quotes]} | fields


def story(**fields: Any) -> Story:
    return Story.model_validate(fields)


def merged(*parts: Story) -> Story:
    return merge_parts(Story, parts)


# --- scalar fields --------------------------------------------------------------------


def test_a_scalar_takes_the_first_value_that_is_not_empty() -> None:
    parts = [story(title=""), story(title="  "), story(title="Flood"), story(title="Rain")]
    assert merged(*parts).title == "Flood"
    assert merged(story(count=None), story(count=0), story(count=5)).count == 0  # 0 is a value
    assert merged(story(count=None), story(count=None)).count is None


def test_a_scalar_with_no_value_anywhere_keeps_the_first_parts() -> None:
    assert merged(story(title="  "), story(title="")).title == "  "


def test_an_optional_list_that_no_part_has_stays_empty() -> None:
    assert merged(story(), story()).tags is None
    assert merged(story(), story(tags=["flood"]), story(tags=["rain"])).tags == ["flood", "rain"]


# --- which items are one item ---------------------------------------------------------


def test_items_are_one_when_their_names_normalise_alike() -> None:
    result = merged(
        story(people=[person("Apple Inc.", "Apple Inc.")]),
        story(people=[person("apple  inc", "apple inc"), person("Apple Ltd", "Apple Ltd")]),
    )
    assert [p.name for p in result.people] == ["Apple Inc.", "Apple Ltd"]  # first wording
    assert [e.quote for e in result.people[0].evidence] == ["Apple Inc.", "apple inc"]


def test_numbers_are_one_value_whatever_their_type_or_float_noise() -> None:
    result = merged(
        story(people=[person("Ana", age=3, share=0.3)]),
        story(people=[person("Ana", age=3, share=0.1 + 0.2)]),
        story(people=[person("Ana", age=4, share=0.3)]),
        story(people=[person("Ana", age=3, share=0.31)]),
    )
    assert [(p.age, p.share) for p in result.people] == [(3, 0.3), (4, 0.3), (3, 0.31)]


def test_a_value_given_in_one_part_and_missing_in_another_makes_two_items() -> None:
    result = merged(
        story(people=[person("Ana", present=True, mood=Mood.CALM)]),
        story(people=[person("Ana", present=True, mood=Mood.TENSE)]),
        story(people=[person("Ana", present=False, mood=Mood.CALM)]),
        story(people=[person("Ana", mood=Mood.CALM)]),
        story(people=[person("Ana", present=True, mood=Mood.CALM)]),
    )
    assert [(p.present, p.mood) for p in result.people] == [
        (True, Mood.CALM),
        (True, Mood.TENSE),
        (False, Mood.CALM),
        (None, Mood.CALM),
    ]


def test_the_identity_of_an_item_leaves_out_its_evidence() -> None:
    one = Person.model_validate(person("Ana", "Ana said", age=3))
    other = Person.model_validate(person("ANA", "Ana Lind said", age=3.0))
    assert identity(one) == identity(other)
    assert identity(one) != identity(one.model_copy(update={"age": 4}))
    assert identity("Apple Inc.") == identity("apple inc")
    assert identity(0.3) == identity(0.3000003)  # a difference below a millionth is noise
    assert identity(0.3) != identity(0.300001)


# --- what the same item gains ---------------------------------------------------------


def test_the_same_item_gains_new_evidence_aliases_and_notes_once_each() -> None:
    result = merged(
        story(people=[person("Ana", "Ana", aliases=["Lind"], notes=[{"text": "Mayor"}])]),
        story(
            people=[
                person(
                    "Ana",
                    "Ana",
                    "the mayor",
                    aliases=["LIND", "Ana Lind"],
                    notes=[
                        {"text": "mayor", "evidence": [{"quote": "mayor"}]},
                        {"text": "Host"},
                    ],
                )
            ]
        ),
    )
    (ana,) = result.people
    assert [e.quote for e in ana.evidence] == ["Ana", "the mayor"]
    assert ana.aliases == ["Lind", "Ana Lind"]
    assert [n.text for n in ana.notes] == ["Mayor", "Host"]
    assert [e.quote for e in ana.notes[0].evidence] == ["mayor"]


def test_plain_list_entries_are_kept_once_in_the_order_first_met() -> None:
    result = merged(story(tags=["Flood", "rain"]), story(tags=["flood", "Ora", "RAIN"]))
    assert result.tags == ["Flood", "rain", "Ora"]


def test_fields_with_an_alias_survive_the_merge() -> None:
    ora, lind = {"townName": "Ora"}, {"townName": "Lind"}
    result = merged(story(towns=[ora]), story(towns=[lind, ora], mainTown=lind))
    assert [t.town for t in result.towns] == ["Ora", "Lind"]
    assert result.main_town is not None
    assert result.main_town.town == "Lind"


# --- inputs ---------------------------------------------------------------------------


def test_merging_leaves_the_parts_untouched() -> None:
    parts = [
        story(title="A", people=[person("Ana", "Ana", aliases=["Lind"], notes=[{"text": "a"}])]),
        story(people=[person("Ana", "the mayor", aliases=["Ana Lind"], notes=[{"text": "b"}])]),
    ]
    before = [p.model_dump() for p in parts]
    result = merged(*parts)
    assert [p.model_dump() for p in parts] == before
    result.people[0].aliases.append("x")
    result.people[0].evidence.clear()
    result.people[0].notes[0].evidence.append(Evidence(quote="y"))
    assert [p.model_dump() for p in parts] == before
