"""Prompt templates: Jinja source in, chat messages out.

Templates render in a ``SandboxedEnvironment`` with ``StrictUndefined``: a template cannot
reach Python internals, and a misspelt variable is an error rather than an empty string.
The article is always a *variable*, never template source, so an article that contains
``{{ 7*7 }}`` or ``{% include %}`` reaches the model as those characters, unrendered.

A template defines two blocks, ``system`` and ``user``; each becomes one chat message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from summarise.errors import SchemaTypeError

__all__ = ["PromptTemplate"]

_ROLES = ("system", "user")

_ENVIRONMENT = SandboxedEnvironment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # the output is a chat message, not HTML
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


@dataclass(frozen=True)
class PromptTemplate:
    """A compiled prompt template and the hash that identifies its source."""

    name: str
    source: str
    sha256: str = field(init=False)
    _template: jinja2.Template = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.source.encode()).hexdigest())
        try:
            template = _ENVIRONMENT.from_string(self.source)
        except jinja2.TemplateSyntaxError as e:
            raise SchemaTypeError(
                f"Prompt template {self.name!r} has a syntax error on line {e.lineno}: {e.message}"
            ) from e
        missing = [role for role in _ROLES if role not in template.blocks]
        if missing:
            raise SchemaTypeError(
                f"Prompt template {self.name!r} must define the blocks {list(_ROLES)}; "
                f"missing {missing}. Wrap each message in {{% block NAME %}}...{{% endblock %}}."
            )
        object.__setattr__(self, "_template", template)

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Render the template into chat messages.

        Args:
            **variables: Values the template may use; ``article`` is always among them.

        Returns:
            A system message and a user message, in that order.

        Raises:
            SchemaTypeError: The template uses an undefined variable or breaks the sandbox.
        """
        context = self._template.new_context(variables)
        messages = []
        for role in _ROLES:
            try:
                content = "".join(self._template.blocks[role](context)).strip()
            except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as e:
                raise SchemaTypeError(f"Prompt template {self.name!r}: {e}") from e
            messages.append({"role": role, "content": content})
        return messages
