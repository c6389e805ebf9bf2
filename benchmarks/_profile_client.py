"""The measured side of ``request_breakdown.py``: where one article's CPU time goes.

Run with ``PYTHONPATH`` naming the checkout to measure, against a running server that
answers at once. Runs the articles twice, at concurrency 8: unprofiled for the CPU
time per article, then under cProfile to split it by component (the profile's shares,
scaled to the unprofiled time, since profiling slows some code more than other). Prints
one JSON line: ``{"cpu_ms": ..., "parts": {component: ms per article}}``.

    python benchmarks/_profile_client.py BASE_URL ARTICLE_FILE ARTICLES
"""

from __future__ import annotations

import cProfile
import json
import pstats
import resource
import sys
from pathlib import Path
from typing import Any

import summarise.batch as batch

# (path ending, function name) of the entry points each component is measured at.
ARTICLE = ("summarise/article.py", "load_article")
PLAN = ("summarise/planning.py", "plan")
PATCHED = ("instructor/v2/core/patch.py", "new_create_async")
RETRY = ("instructor/v2/core/retry.py", "retry_async_v2")
HTTP = ("openai/resources/chat/completions/completions.py", "create")
PARSE = ("instructor/v2/providers/openai/handlers.py", "parse_response")
VALIDATOR = ("summarise/grounding/reask.py", "_grounding_validator")
FINISH = ("summarise/finishing.py", "finish")
GROUNDING_CALLS = (
    ("summarise/grounding/verify.py", "ground"),
    ("summarise/grounding/verify.py", "apply_policy"),
)
SCHEMA = ("pydantic/json_schema.py", "generate")
WALKS = ("instructor/v2/validation/async_validators.py", "reject_async_validators")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def find(stats: dict[Any, Any], where: tuple[str, str]) -> list[Any]:
    return [k for k in stats if k[0].endswith(where[0]) and k[2] == where[1]]


def cumulative(stats: dict[Any, Any], where: tuple[str, str]) -> float:
    return sum(stats[k][3] for k in find(stats, where))


def called_from(stats: dict[Any, Any], where: tuple[str, str], caller: tuple[str, str]) -> float:
    callers = set(find(stats, caller))
    return sum(
        timing[3]
        for key in find(stats, where)
        for who, timing in stats[key][4].items()
        if who in callers
    )


def parts(profile: cProfile.Profile, count: int) -> dict[str, float]:
    s = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in s.values())
    c = {name: cumulative(s, where) for name, where in {
        "article": ARTICLE, "plan": PLAN, "patched": PATCHED, "retry": RETRY, "http": HTTP,
        "parse": PARSE, "validator": VALIDATOR, "finish": FINISH, "schema": SCHEMA,
        "walks": WALKS,
    }.items()}  # fmt: skip
    in_finish = sum(called_from(s, where, FINISH) for where in GROUNDING_CALLS)
    found = {
        "article checks (load_article)": c["article"],
        "prompt rendering (planning)": c["plan"],
        "instructor request set-up (outside its retry loop)": c["patched"] - c["retry"],
        "HTTP: openai client and httpx, request and reply": c["http"],
        "reply parsing and validation (pydantic)": c["parse"] - c["validator"],
        "grounding (re-ask check and finishing)": c["validator"] + in_finish,
        "result assembly (finishing, less grounding)": c["finish"] - in_finish,
    }
    found["the rest: event loop, batch, instructor's retry loop"] = total - sum(found.values())
    found["  of which: JSON schema generation"] = c["schema"]
    found["  of which: instructor's async-validator walks"] = c["walks"]
    return {name: 1000 * t / count for name, t in found.items()} | {"total": 1000 * total / count}


def main() -> None:
    base_url, article, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    text = Path(article).read_text(encoding="utf-8")
    options = {"base_url": base_url, "model": "scripted", "concurrency": 8}
    run = getattr(batch, "summarise_iter", batch.summarise_many)
    batch.summarise_many([("warm-up", text)], **options)
    started = cpu_s()
    assert all(item.ok for item in run(((f"a{i}", text) for i in range(count)), **options))
    cpu_ms = 1000 * (cpu_s() - started) / count
    profile = cProfile.Profile()
    profile.enable()
    assert all(item.ok for item in run(((f"b{i}", text) for i in range(count)), **options))
    profile.disable()
    profiled = parts(profile, count)
    scale = cpu_ms / profiled.pop("total")
    print(json.dumps({"cpu_ms": cpu_ms, "parts": {k: v * scale for k, v in profiled.items()}}))


if __name__ == "__main__":
    main()
