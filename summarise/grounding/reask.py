"""Sending grounding failures back to the model once, through instructor's own re-ask.

Under strict grounding the backend is asked for a subclass of the summary model whose
validator runs the grounding checks. The first time they fail, it raises a validation
error that names each failing item and why; instructor then re-asks the model with that
message, exactly as for a schema error. Later replies pass the validator, and whatever
still fails is dropped by :func:`summarise.grounding.verify.apply_policy`.

Every reply is checked exactly once: the validator keeps its checked copy of the reply
it let through (:meth:`ReaskSession.checked_for`), and finishing applies the policy to
that copy instead of checking the reply again.

The article reaches the validator through a ContextVar, not instructor's ``context``
argument: instructor renders the messages as Jinja templates whenever ``context`` is
given, and the article is data that must never be rendered.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from pydantic import BaseModel, create_model, model_validator

from summarise.grounding.align import ArticleText
from summarise.grounding.verify import CheckedSummary, Rules, checked_copy, feedback

__all__ = ["ReaskSession", "reasking", "reasking_model"]

T = TypeVar("T", bound=BaseModel)


@dataclass
class ReaskSession:
    """One summarisation's re-ask budget for grounding failures."""

    article: ArticleText
    rules: Rules
    reasks_left: int = 1
    reasked: bool = False
    # The last reply validated and its checked copy: the reply the backend returns, once
    # it lets one through.
    _last: tuple[BaseModel, CheckedSummary] | None = None

    def checked_for(self, value: BaseModel) -> CheckedSummary | None:
        """The checked copy of ``value`` if the validator checked this very object, else
        None (a reply replayed, or produced without validation)."""
        if self._last is not None and self._last[0] is value:
            return self._last[1]
        return None


_session: ContextVar[ReaskSession | None] = ContextVar("summarise_reask", default=None)


@contextmanager
def reasking(text: str, rules: Rules) -> Iterator[ReaskSession]:
    """Arm the grounding re-ask for models validated inside this block, checking them
    against ``text`` with the evidence checks and ``rules``."""
    session = ReaskSession(ArticleText.of(text), rules)
    token = _session.set(session)
    try:
        yield session
    finally:
        _session.reset(token)


def _grounding_validator(self: Any) -> Any:
    session = _session.get()
    if session is None:
        return self
    checked = checked_copy(self, session.article, session.rules)
    failed = checked.failed
    if failed and session.reasks_left > 0:
        session.reasks_left -= 1
        session.reasked = True
        raise ValueError(feedback(failed))
    session._last = (self, checked)
    return self


@functools.cache
def reasking_model(model: type[T]) -> type[T]:
    """``model`` with the grounding validator: same name, fields, docs and JSON schema."""
    return create_model(
        model.__name__,
        __base__=model,
        __doc__=model.__doc__,
        __module__=model.__module__,
        # pydantic's stubs type __validators__ as plain callables; a decorated model
        # validator is what it accepts at run time.
        __validators__={
            "grounding": cast(Any, model_validator(mode="after")(_grounding_validator))
        },
    )
