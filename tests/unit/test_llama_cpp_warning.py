"""The one ResourceWarning llama-cpp-python leaves at shutdown is ignored, and nothing
else: the same message from elsewhere, another file, another category still fail."""

from __future__ import annotations

import warnings

import pytest

from summarise.backends.llama_cpp import _ignore_llama_cpp_devnull

DEVNULL = "unclosed file <_io.TextIOWrapper name='/dev/null' mode='w' encoding='UTF-8'>"


def test_only_llama_cpp_s_unclosed_dev_null_is_ignored() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _ignore_llama_cpp_devnull()
        # As raised at shutdown: no Python frame, so attributed to sys. Ignored.
        warnings.warn_explicit(DEVNULL, ResourceWarning, "sys", 1, module="sys")
        other_file = DEVNULL.replace("/dev/null", "/tmp/article.txt")
        with pytest.raises(ResourceWarning):
            warnings.warn_explicit(other_file, ResourceWarning, "sys", 1, module="sys")
        with pytest.raises(ResourceWarning):
            warnings.warn_explicit(DEVNULL, ResourceWarning, "mine.py", 1, module="mine")
        with pytest.raises(UserWarning):
            warnings.warn_explicit(DEVNULL, UserWarning, "sys", 1, module="sys")
