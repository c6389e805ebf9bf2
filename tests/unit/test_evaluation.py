"""The eval harness scored against itself and against known mistakes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise import FixtureError, NewsSummary
from summarise.evaluation import (
    compare_runs,
    load_fixture,
    load_fixtures,
    rescore,
    run_eval,
    score_fixture,
)
from summarise.evaluation.report import load_run, write_run
from summarise.evaluation.scoring import aggregate

FIELDS = ("actors", "claims", "figures", "contested_points")  # the news fields scored

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "news"
ALL = load_fixtures(FIXTURES)
BY_ID = {f.id: f for f in ALL}


def gold_copy(fixture_id: str) -> NewsSummary:
    return BY_ID[fixture_id].expected.model_copy(deep=True)  # type: ignore[return-value]


def counts(prediction: NewsSummary, fixture_id: str, field: str) -> tuple[int, int, int]:
    c = score_fixture(prediction, BY_ID[fixture_id]).strict[field].counts
    return c.tp, c.fp, c.fn


def test_there_are_at_least_thirty_labelled_fixtures() -> None:
    assert len(ALL) >= 30
    assert "example-putin-hamas-moscow" in BY_ID


@pytest.mark.parametrize("fixture", ALL, ids=lambda f: f.id)
def test_gold_scored_against_itself_is_perfect(fixture: object) -> None:
    scores = score_fixture(fixture.expected, fixture)  # type: ignore[attr-defined]
    for mode in (scores.strict, scores.lenient):
        for field, result in mode.items():
            assert result.counts.f1 == 1.0, field
            assert result.counts.fp == result.counts.fn == 0, field


@given(st.sampled_from([f.id for f in ALL]), st.sampled_from(FIELDS), st.data())
@settings(max_examples=60, deadline=None)
def test_removing_one_gold_item_lowers_recall_of_that_field_only(
    fixture_id: str, field: str, data: st.DataObject
) -> None:
    prediction = gold_copy(fixture_id)
    items = getattr(prediction, field)
    required = [
        i for i in range(len(items)) if f"{field}[{i}]" not in BY_ID[fixture_id].marks.optional
    ]
    if not required:
        return
    index = data.draw(st.sampled_from(required))
    del items[index]
    scores = score_fixture(prediction, BY_ID[fixture_id]).strict
    assert scores[field].counts.recall < 1.0
    assert scores[field].counts.fn == 1
    assert scores[field].counts.fp == 0  # nothing wrong was added
    # Speakers resolve through the gold actors, so no other field is touched.
    for other in FIELDS:
        if other != field:
            assert scores[other].counts.f1 == 1.0, other


def test_changing_a_figure_value_breaks_that_match() -> None:
    prediction = gold_copy("wikinews-airbus-announces-job-cuts-of-10-000")
    prediction.figures[0].value = 11000  # 10,000 job cuts -> 11,000
    assert counts(prediction, "wikinews-airbus-announces-job-cuts-of-10-000", "figures") == (
        len(prediction.figures) - 1,
        1,
        1,
    )


def test_swapping_two_speakers_breaks_those_claim_matches() -> None:
    fixture = "wikinews-iran-admits-downing-ukrainian-jet-cites-human"
    prediction = gold_copy(fixture)
    a, b = 1, 2  # Hassan Rouhani, Mike Pompeo
    prediction.claims[a].speaker, prediction.claims[b].speaker = (
        prediction.claims[b].speaker,
        prediction.claims[a].speaker,
    )
    tp, fp, fn = counts(prediction, fixture, "claims")
    assert (fp, fn) == (2, 2)
    assert tp == len(prediction.claims) - 2


def test_an_extra_true_optional_item_is_not_penalised() -> None:
    fixture = "wikinews-airbus-announces-job-cuts-of-10-000"
    optional = BY_ID[fixture].marks.optional
    prediction = gold_copy(fixture)
    prediction.figures = [
        f for i, f in enumerate(prediction.figures) if f"figures[{i}]" not in optional
    ]
    assert counts(prediction, fixture, "figures")[1:] == (0, 0)  # missing optional: free
    assert counts(gold_copy(fixture), fixture, "figures")[1:] == (0, 0)  # present: a match


def test_matching_is_one_to_one() -> None:
    fixture = "wikinews-japan-enters-recession"
    prediction = gold_copy(fixture)
    prediction.actors = [prediction.actors[0]] * 3  # three copies of "Japan"
    tp, fp, _ = counts(prediction, fixture, "actors")
    assert tp == 1
    assert fp == 2


def test_aliases_count_as_the_same_actor() -> None:
    fixture = "example-putin-hamas-moscow"
    prediction = gold_copy(fixture)
    prediction.actors[0].name = "Putin"
    prediction.actors[0].aliases = []
    for claim in prediction.claims:
        if claim.speaker == "Israel Defense Forces":
            claim.speaker = "IDF"
    scores = score_fixture(prediction, BY_ID[fixture]).strict
    assert scores["actors"].counts.f1 == 1.0
    assert scores["claims"].counts.f1 == 1.0


def test_claims_the_article_makes_itself_are_not_scored() -> None:
    fixture = "wikinews-japan-enters-recession"
    prediction = gold_copy(fixture)
    own = prediction.claims[0].model_copy(update={"speaker": "the article"})
    prediction.claims.append(own)
    assert counts(prediction, fixture, "claims") == (len(prediction.claims) - 1, 0, 0)


def test_aggregates_sum_micro_and_average_macro() -> None:
    scores = [score_fixture(f.expected, f) for f in ALL[:5]]
    totals = aggregate(scores)
    assert totals["all"].micro.f1 == 1.0
    assert set(totals) == {*FIELDS, "all"}


def write_fixture(folder: Path, **overrides: object) -> Path:
    article = folder / "a.txt"
    article.write_text("Jane Doe said 40 people were hurt.")
    data = {
        "id": "t",
        "title": "T",
        "source": "test",
        "licence": "CC0",
        "article_file": "a.txt",
        "expected": {
            "gist": "x",
            "actors": [{"name": "Jane Doe", "kind": "person", "role": "x",
                        "evidence": [{"quote": "Jane Doe"}]}],
        },
    }  # fmt: skip
    data.update(overrides)
    path = folder / "t.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return path


def test_a_gold_quote_not_in_the_article_names_file_and_item(tmp_path: Path) -> None:
    path = write_fixture(
        tmp_path,
        expected={"gist": "x", "actors": [{"name": "Jane Doe", "kind": "person", "role": "x",
                                           "evidence": [{"quote": "John Roe"}]}]},
    )  # fmt: skip
    with pytest.raises(FixtureError, match=r"t\.yaml: actors\[0\]"):
        load_fixture(path)


def test_a_gold_summary_that_does_not_validate_is_refused(tmp_path: Path) -> None:
    path = write_fixture(tmp_path, expected={"gist": "x", "actors": [{"name": "Jane"}]})
    with pytest.raises(FixtureError, match="does not validate"):
        load_fixture(path)


@pytest.mark.parametrize("bad", ["../outside.txt", "/etc/hostname", "link.txt"])
def test_article_paths_outside_the_folder_are_refused(tmp_path: Path, bad: str) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text("Jane Doe said 40 people were hurt.")
    os.symlink(tmp_path / "outside.txt", folder / "link.txt")
    path = write_fixture(folder, article_file=bad)
    with pytest.raises(FixtureError, match="outside the fixtures folder"):
        load_fixtures(folder)
    assert path.exists()


def test_a_run_writes_its_folder_and_compares_with_itself(tmp_path: Path) -> None:
    fixtures = ALL[:3]
    report = run_eval(fixtures=fixtures, backend="offline", name="a")
    out = write_run(report, tmp_path / "a", fixtures)
    for name in ("scores.json", "report.md", "report.html"):
        assert (out / name).stat().st_size > 0
    assert len(list((out / "fixtures").glob("*.json"))) == 3
    again = load_run(out)
    assert again.f1("actors") == report.f1("actors")
    comparison = compare_runs(report, again)
    assert comparison.improved == comparison.regressed == []
    assert report.stats.schema_valid_rate == 1.0


def test_a_failed_article_counts_as_missing_everything(tmp_path: Path) -> None:
    from summarise import RetriesExhaustedError
    from summarise.testing import FakeBackend

    fixtures = ALL[:2]
    failing = FakeBackend([RetriesExhaustedError("no"), fixtures[1].expected])
    report = run_eval(fixtures=fixtures, backend=failing, grounding="off")
    assert report.stats.schema_valid_rate == 0.5
    failed = report.runs[0]
    assert not failed.ok
    assert failed.scores is not None
    gold_actors = len(fixtures[0].expected.actors) - sum(
        1
        for i in range(len(fixtures[0].expected.actors))
        if f"actors[{i}]" in fixtures[0].marks.optional
    )
    assert failed.scores.strict["actors"].counts.fn == gold_actors
    assert report.f1("actors") < 1.0


def test_rescoring_a_run_with_the_same_matchers_changes_no_score(tmp_path: Path) -> None:
    fixtures = ALL[:3]
    report = run_eval(fixtures=fixtures, backend="offline", name="a")
    again = rescore(load_run(write_run(report, tmp_path / "a", fixtures)), fixtures)
    assert again.strict == report.strict
    assert again.lenient == report.lenient
    assert [r.scores for r in again.runs] == [r.scores for r in report.runs]
    assert again.bootstrap == report.bootstrap


def test_rescoring_a_changed_prediction_moves_its_score() -> None:
    fixtures = ALL[:2]
    report = run_eval(fixtures=fixtures, backend="offline", name="a")
    first = report.runs[0]
    assert first.result is not None
    emptied = dict(first.result, summary=dict(first.result["summary"], actors=[]))
    changed = report.model_copy(
        update={"runs": [first.model_copy(update={"result": emptied}), report.runs[1]]}
    )
    again = rescore(changed, fixtures)
    assert again.runs[0].scores is not None
    assert again.runs[0].scores.strict["actors"].counts.tp == 0
    assert again.f1("actors") < report.f1("actors")
    assert again.f1("figures") == report.f1("figures")


def test_rescoring_needs_every_fixture_the_run_holds() -> None:
    report = run_eval(fixtures=ALL[:2], backend="offline", name="a")
    with pytest.raises(FixtureError, match=ALL[1].id):
        rescore(report, ALL[:1])


def test_the_assignment_never_gives_up_a_match_for_a_pair_below_the_threshold() -> None:
    from summarise.evaluation.matching import match_items

    # p0 is g0 (1.0) and resembles g1 (0.9); p1 resembles g0, below the line (0.79).
    # Counting that 0.79 would pair p0 with g1 (0.9 + 0.79 > 1.0 + 0) and then drop
    # p1-g0: the right pair given up for points thrown away.
    matrix = {(0, 0): 1.0, (0, 1): 0.9, (1, 0): 0.79, (1, 1): 0.0}
    matching = match_items([0, 1], [0, 1], lambda p, g: matrix[(p, g)], 0.8)
    assert [(m.prediction, m.gold, m.score) for m in matching.matches] == [(0, 0, 1.0)]
    assert matching.missed == [1]
    assert matching.extra == [1]


def test_the_assignment_makes_as_many_matches_as_the_threshold_allows() -> None:
    from summarise.evaluation.matching import match_items

    matrix = {(0, 0): 1.0, (0, 1): 0.85, (1, 0): 0.9, (1, 1): 0.1}
    matching = match_items([0, 1], [0, 1], lambda p, g: matrix[(p, g)], 0.8)
    assert sorted((m.prediction, m.gold) for m in matching.matches) == [(0, 1), (1, 0)]
    assert matching.missed == matching.extra == []
