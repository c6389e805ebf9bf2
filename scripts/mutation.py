"""Mutation-test the modules that decide what is true or what is kept, one module at a time.

    python scripts/mutation.py                          # every module below (make mutation)
    python scripts/mutation.py summarise/names.py       # a subset
    python scripts/mutation.py --timeout 600 --diffs /tmp/survivors.txt

For each module, mutmut 3.8 mutates that module alone and runs only that module's own unit
tests against every mutant. The script prints one table at the end (mutants, killed,
survived, score = killed / mutants), the surviving mutants by mutmut's names, and the
machine; the diff of every survivor goes to a text file, because mutmut can only show a
mutant while its mutants/ folder exists and that folder is removed after each module.

mutmut reads a single [tool.mutmut] section from pyproject.toml, so the script rewrites its
source_paths and test selection for each module and puts pyproject.toml back afterwards,
byte for byte and with its old modification time (the Makefile's setup stamp depends on it).
It takes about ten minutes on two cores: it is run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks._machine import describe  # noqa: E402

PYPROJECT = REPO / "pyproject.toml"
MUTANTS = REPO / "mutants"
MUTMUT = Path(sys.executable).parent / "mutmut"

GROUNDING = (
    "tests/unit/test_grounding.py",
    "tests/unit/test_boundaries.py",
    "tests/unit/test_hostile_input.py",
)
EVALUATION = (
    "tests/unit/test_evaluation.py",
    "tests/unit/test_schema_contract.py",
    "tests/unit/test_earnings_type.py",
    "tests/unit/test_boundaries.py",
)
SCHEMA_TYPES = (
    "tests/unit/test_schema_contract.py",
    "tests/unit/test_earnings_type.py",
    "tests/unit/test_chunking.py",
    "tests/unit/test_boundaries.py",
)
REPLY_CACHE = (
    "tests/unit/test_state_on_disk.py",
    "tests/unit/test_backend_contract.py",
    "tests/unit/test_cache_keys.py",
    "tests/unit/test_reply_cache.py",
)

# Module -> the unit tests that are meant to pin it down. Integration tests stay out: they
# start servers and model processes, and a mutant must be judged by fast, local tests.
MODULES: dict[str, tuple[str, ...]] = {
    "summarise/grounding/verify.py": (
        *GROUNDING,
        "tests/unit/test_schema_contract.py",
        "tests/unit/test_earnings_type.py",
    ),
    "summarise/grounding/numbers.py": ("tests/unit/test_numbers.py", *GROUNDING),
    "summarise/grounding/align.py": ("tests/unit/test_align.py", *GROUNDING),
    "schemas/news/rules.py": GROUNDING,
    "summarise/evaluation/matching.py": EVALUATION,
    "summarise/evaluation/scoring.py": EVALUATION,
    "schemas/news/matching.py": (
        "tests/unit/test_evaluation.py",
        "tests/unit/test_boundaries.py",
        "tests/unit/test_news_matchers.py",
    ),
    "summarise/schema_types/matchers.py": (*SCHEMA_TYPES, "tests/unit/test_generic_matchers.py"),
    "summarise/schema_types/merge.py": (*SCHEMA_TYPES, "tests/unit/test_generic_merge.py"),
    "schemas/news/merge.py": ("tests/unit/test_chunking.py", "tests/unit/test_news_merge.py"),
    "summarise/batch.py": (
        "tests/unit/test_batch.py",
        "tests/unit/test_batch_inputs.py",
        "tests/unit/test_batch_output.py",
        "tests/unit/test_batch_records.py",
        "tests/unit/test_batch_reruns.py",
        "tests/unit/test_batch_runs.py",
    ),
    "summarise/batch_output.py": (
        "tests/unit/test_batch.py",
        "tests/unit/test_batch_output.py",
        "tests/unit/test_batch_reruns.py",
    ),
    "summarise/cache.py": REPLY_CACHE,
    "summarise/backends/cached.py": REPLY_CACHE,
    "summarise/config.py": (
        "tests/unit/test_config.py",
        "tests/unit/test_backend_resolution.py",
        "tests/unit/test_config_limits.py",
    ),
    "summarise/names.py": ("tests/unit/test_names.py",),
    "summarise/ledger.py": ("tests/unit/test_ledger.py",),
    "summarise/budget.py": ("tests/unit/test_budget.py",),
    "summarise/pricing.py": (
        "tests/unit/test_pricing.py",
        "tests/unit/test_budget.py",
        "tests/unit/test_ledger.py",
    ),
}


def mutmut_path(module: str) -> str:
    """The path mutmut is given for a module.

    mutmut names a mutant after the file's path, and the tests import schemas/ as
    summarise.schemas (summarise/schemas is a symlink to it). Mutating schemas/news/rules.py
    under its own path would give mutants that no test ever reaches, so those modules are
    mutated through the symlink.
    """
    return f"summarise/{module}" if module.startswith("schemas/") else module


@dataclass
class Outcome:
    module: str
    seconds: float = 0.0
    statuses: dict[str, str] = field(default_factory=dict)  # mutant name -> mutmut's status
    error: str = ""

    def count(self, *statuses: str) -> int:
        return sum(1 for s in self.statuses.values() if s in statuses)

    @property
    def survivors(self) -> list[str]:
        # A mutant that no selected test reaches survives too; mutmut calls it "no tests".
        return [n for n, s in self.statuses.items() if s in ("survived", "no tests")]


def toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def configure(original: str, module: str, tests: tuple[str, ...]) -> str:
    """pyproject.toml's text with [tool.mutmut] pointing at one module and its tests."""
    start = original.index("\n[tool.mutmut]\n")
    end = original.find("\n[", start + 1)
    end = len(original) if end == -1 else end
    section = original[start:end]
    for key, value in (
        ("source_paths", [mutmut_path(module)]),
        ("pytest_add_cli_args_test_selection", tests),
    ):
        section, replaced = re.subn(
            rf"^{key} = \[.*\]$", f"{key} = {toml_list(value)}", section, flags=re.M
        )
        if replaced != 1:
            raise SystemExit(f"pyproject.toml: [tool.mutmut] needs a one-line `{key} = [...]`")
    text = original[:start] + section + original[end:]
    written = tomllib.loads(text)["tool"]["mutmut"]
    assert written["source_paths"] == [mutmut_path(module)], written
    return text


def run_mutmut(log: Path, timeout: float | None) -> str:
    """Run `mutmut run`; return an error message, or "" when it finished."""
    with log.open("wb") as out:
        # Its own session, so a timeout (or Ctrl-C here) can stop mutmut and its workers.
        proc = subprocess.Popen(
            [str(MUTMUT), "run"],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=timeout)
        except BaseException as e:
            stop(proc)
            if isinstance(e, subprocess.TimeoutExpired):
                return f"stopped after the {timeout:.0f} s timeout"
            raise
    if code != 0:
        tail = log.read_text(errors="replace").replace("\r", "\n").splitlines()
        tail = [line for line in tail if line.strip()][-25:]
        return f"mutmut run exited with {code}:\n" + "\n".join(f"    | {t}" for t in tail)
    return ""


def stop(proc: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def mutmut(*args: str) -> str:
    return subprocess.run(
        [str(MUTMUT), *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def read_statuses() -> dict[str, str]:
    # `mutmut results --all true` prints "    <mutant name>: <status>" for every mutant.
    statuses = {}
    for line in mutmut("results", "--all", "true").splitlines():
        name, sep, status = line.strip().partition(": ")
        if sep and "__mutmut_" in name:
            statuses[name] = status
    return statuses


def mutate(module: str, original: str, timeout: float | None, diffs: Path) -> Outcome:
    outcome = Outcome(module)
    tests = MODULES[module]
    print(f"== {module}  ({' '.join(Path(t).name for t in tests)})", flush=True)
    shutil.rmtree(MUTANTS, ignore_errors=True)
    PYPROJECT.write_text(configure(original, module, tests), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        started = time.monotonic()
        outcome.error = run_mutmut(Path(scratch) / "mutmut.log", timeout)
        outcome.seconds = time.monotonic() - started
    if (MUTANTS / f"{mutmut_path(module)}.meta").exists():
        outcome.statuses = read_statuses()
        # `mutmut show` is mostly start-up time: one per core, written in mutmut's order.
        with ThreadPoolExecutor(os.cpu_count()) as pool, diffs.open("a", encoding="utf-8") as f:
            for shown in pool.map(lambda name: mutmut("show", name), outcome.survivors):
                f.write(shown.rstrip() + "\n\n")
    elif not outcome.error:
        outcome.error = "mutmut wrote no results"
    shutil.rmtree(MUTANTS, ignore_errors=True)
    print(f"   {summary(outcome)}", flush=True)
    if outcome.error:
        print(f"   {outcome.error}", flush=True)
    return outcome


def summary(o: Outcome) -> str:
    total = len(o.statuses)
    killed = o.count("killed")
    score = f"{100 * killed / total:.0f} %" if total else "-"
    return f"{killed}/{total} killed ({score}), {o.count('survived')} survived, {o.seconds:.0f} s"


def report(outcomes: list[Outcome], diffs: Path, seconds: float) -> None:
    known = ("killed", "survived", "no tests", "timeout")
    width = max(len(o.module) for o in outcomes)
    head = f"{'module':<{width}}  mutants  killed  survived  no tests  timeout  other  score   time"
    print()
    print(head)
    print("-" * len(head))
    for o in outcomes:
        total = len(o.statuses)
        counts = Counter(o.statuses.values())
        other = total - sum(counts[s] for s in known)
        score = f"{100 * counts['killed'] / total:4.0f} %" if total else "   - "
        note = "  (incomplete)" if o.error else ""
        print(
            f"{o.module:<{width}}  {total:7}  {counts['killed']:6}  {counts['survived']:8}  "
            f"{counts['no tests']:8}  {counts['timeout']:7}  {other:5}  {score}  "
            f"{o.seconds:4.0f} s{note}"
        )
    print("score = killed / mutants; 'no tests': no selected test reaches the mutated function")
    print()
    for o in outcomes:
        if not o.survivors:
            continue
        print(f"surviving mutants of {o.module} ({len(o.survivors)}):")
        # One line per function: "<module>.<function>__mutmut_: 3 7 12" names mutants _3, _7, _12.
        by_function: dict[str, list[str]] = {}
        for name in o.survivors:
            prefix, _, number = name.rpartition("__mutmut_")
            tag = " (no tests)" if o.statuses[name] == "no tests" else ""
            by_function.setdefault(f"{prefix}__mutmut_{tag}", []).append(number)
        for prefix, numbers in by_function.items():
            print(f"    {prefix}: {' '.join(numbers)}")
    print()
    print(f"survivor diffs: {diffs}")
    print(f"wall time: {seconds:.0f} s in all")
    print(describe())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules", nargs="*", metavar="MODULE", help=f"default: all of {', '.join(MODULES)}"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds one module may take before it is stopped (default 1800; 0 for none)",
    )
    parser.add_argument(
        "--diffs",
        type=Path,
        default=REPO / "mutation-survivors.txt",
        help="file for every survivor's diff (default mutation-survivors.txt, git-ignored)",
    )
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(
            f"not a mutation-tested module: {' '.join(unknown)}; known: {' '.join(MODULES)}"
        )
    modules = args.modules or list(MODULES)

    # SIGTERM unwinds like Ctrl-C, so pyproject.toml is always put back.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.chdir(REPO)
    with PYPROJECT.open("rb") as lock:
        try:
            # Two mutmut runs would share mutants/ and pyproject.toml's [tool.mutmut].
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                "another mutation run is under way (it holds pyproject.toml)"
            ) from None
        before = os.stat(PYPROJECT)
        original_bytes = PYPROJECT.read_bytes()
        original = original_bytes.decode("utf-8")
        args.diffs.write_text("", encoding="utf-8")
        outcomes = []
        started = time.monotonic()
        try:
            for module in modules:
                outcomes.append(mutate(module, original, args.timeout or None, args.diffs))
        finally:
            PYPROJECT.write_bytes(original_bytes)
            os.utime(PYPROJECT, ns=(before.st_atime_ns, before.st_mtime_ns))
            shutil.rmtree(MUTANTS, ignore_errors=True)
    report(outcomes, args.diffs, time.monotonic() - started)
    return 1 if any(o.error for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
