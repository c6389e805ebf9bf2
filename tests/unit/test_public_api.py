"""The public surface is exactly what __all__ says (the idea is httpx's)."""

from __future__ import annotations

import summarise


def test_all_is_sorted_and_unique() -> None:
    assert summarise.__all__ == sorted(set(summarise.__all__))


def test_all_names_exactly_the_public_attributes() -> None:
    public = {
        name
        for name, value in vars(summarise).items()
        if not name.startswith("_")
        and not getattr(value, "__name__", "").startswith("summarise.")
        and not isinstance(value, type(summarise))
    }
    assert public == set(summarise.__all__)


def test_importing_the_package_does_not_load_heavy_backends() -> None:
    import subprocess
    import sys

    heavy = "('spacy', 'llama_cpp', 'openai', 'instructor')"
    code = f"import sys, summarise; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
