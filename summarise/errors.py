"""The exceptions summarise raises, all under one root.

Catch ``SummariseError`` for everything; catch a branch to handle one kind of failure::

    SummariseError
    ├── ConfigurationError        a setting is missing or wrong; the message names the fix
    │   ├── SchemaTypeError       an unknown or malformed schema type
    │   └── FixtureError          an eval fixture that is malformed or points outside its folder
    ├── InputError                the article cannot be summarised (empty, binary, too long)
    ├── NotStartedError           a batch article left for a rerun: the cost budget was reached
    ├── WorkerDiedError           a batch article whose worker process died twice on it
    ├── BackendError              the model endpoint refused or failed the request
    │   └── TransportError        timeouts, dropped connections, 429 and 5xx, after retries
    └── OutputError               the model answered, but not with a usable summary
        ├── TruncatedOutputError  the reply hit its token limit (finish_reason "length")
        └── RetriesExhaustedError validation re-asks ran out
            └── BudgetExceededError   the article's token budget ran out first

Every error has ``problem``, what was wrong in words true for any caller; ``str(error)``
adds the fix in Python's words (``pass a str``, ``backend=``). Where that fix reads
differently on a shell, the error names its case in ``kind``, and the command line says
the fix in its own words (options, files, commands) after the same ``problem``.

Every error raised after a model call carries the ``usage`` spent so far (failed attempts
included) and the number of ``attempts`` made, so a caller can account for the cost of a
failure as well as of a success.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarise.types import Usage

__all__ = [
    "BackendError",
    "BudgetExceededError",
    "ConfigurationError",
    "FixtureError",
    "InputError",
    "NotStartedError",
    "OutputError",
    "RetriesExhaustedError",
    "SchemaTypeError",
    "SummariseError",
    "TransportError",
    "TruncatedOutputError",
    "WorkerDiedError",
]


class SummariseError(Exception):
    """The root of every error this library raises on purpose.

    Args:
        problem: What was wrong.
        fix: How to fix it, in Python's words; appended to ``problem`` in the message.
        kind: Which case this is, for a caller that says the fix its own way (the
            command line); None when the message reads the same everywhere.
    """

    def __init__(self, problem: str, *, fix: str = "", kind: str | None = None) -> None:
        super().__init__(f"{problem} {fix}" if fix else problem)
        self.problem = problem
        self.kind = kind


class ConfigurationError(SummariseError):
    """A setting is missing or invalid. The message names the argument or variable to set."""


class SchemaTypeError(ConfigurationError):
    """A schema type is unknown, or its model, template or fixtures folder is unusable."""


class FixtureError(ConfigurationError):
    """An eval fixture is malformed; the message names the file and the item."""


class InputError(SummariseError):
    """The input cannot be summarised: empty, not text, or too long. Raised before any call."""


class NotStartedError(SummariseError):
    """A batch article that was never started, because starting it would have taken the
    run past its cost budget. Nothing was spent on it; a rerun starts it."""


class WorkerDiedError(SummariseError):
    """A batch article whose worker process (or Ray actor) died while summarising it, and
    died again when it was retried alone: it is written as an error line, never lost, and
    a rerun tries it once more. Look for what kills the worker (memory, a native crash)."""


class _CostedError(SummariseError):
    """An error that happened after tokens may have been spent."""

    def __init__(self, message: str, *, attempts: int = 0, usage: Usage | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage


class BackendError(_CostedError):
    """The model endpoint refused or failed the request (bad key, unknown model, 4xx)."""


class TransportError(BackendError):
    """The endpoint stayed unreachable or overloaded after every transport retry."""


class OutputError(_CostedError):
    """The model replied, but the reply is not a usable summary."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: Usage | None = None,
        last_output: str | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, usage=usage)
        self.last_output = last_output


class TruncatedOutputError(OutputError):
    """The reply was cut off at its token limit; a cut-off reply is never parsed as whole."""


class RetriesExhaustedError(OutputError):
    """Every validation re-ask failed. ``errors`` lists why each attempt was rejected."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: Usage | None = None,
        last_output: str | None = None,
        errors: list[str] | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, usage=usage, last_output=last_output)
        self.errors = errors or []


class BudgetExceededError(RetriesExhaustedError):
    """The article's token budget was spent before a valid reply came back."""
