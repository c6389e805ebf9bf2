"""A schema type whose offline reader kills its process on a marked article: importing
this module registers it, so a worker process or a Ray actor that imports it (as an
engine's recipe has it do) can summarise with it, and die of the marked article."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field

from summarise.schema_types import OfflineReader, SchemaParts, register_schema_type

DIES = "This article kills the process that reads it."
"""Text that, in an article, makes the reader exit its process at once (as a crash in
native code, or the kernel's out-of-memory killer, would)."""


class Gist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gist: str = Field(description="The article's first sentence.")


def _read(text: str) -> Gist:
    if DIES in text:
        os._exit(9)
    return Gist(gist=text.split(".")[0])


DYING = register_schema_type(
    "dying",
    model=Gist,
    template="{% block system %}Sum up.{% endblock %}{% block user %}{{ article }}{% endblock %}",
    parts=SchemaParts(offline=OfflineReader(name="dying-reader", read=_read)),
    replace=True,
)
