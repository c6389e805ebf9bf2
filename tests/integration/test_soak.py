"""A smaller soak: every id ends with a summary or a typed error, none lost or twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.soak import soak

pytestmark = pytest.mark.integration


def test_a_batch_through_a_faulty_server_loses_nothing(tmp_path: Path) -> None:
    run = soak(tmp_path, articles=40, concurrency=8, rate=0.2, seed=3)  # asserts no loss
    assert run["summaries"] + sum(run["errors"].values()) == 40
    assert run["requests"] > 40  # faults were met and retried or re-asked
    assert run["summaries"] >= 30  # most faults are recovered from
    assert set(run["errors"]) <= {
        "TransportError", "RetriesExhaustedError", "TruncatedOutputError", "BackendError"
    }  # fmt: skip
