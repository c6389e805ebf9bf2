"""Schema types: a summary model, its prompt and its fixtures, found by one name.

Built-in types live in ``summarise/schemas/<name>.py`` (defining ``SUMMARY_MODEL``) with
their prompt in ``summarise/prompts/<name>.j2``. Users add their own without editing the
package, in one of two ways::

    register_schema_type("earnings", model=EarningsSummary, template=Path("earnings.j2"))
    load_schema_type("path/to/earnings/")   # schema.py + prompt.j2 [+ fixtures/]
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from summarise.errors import SchemaTypeError
from summarise.prompting import PromptTemplate

__all__ = [
    "SchemaType",
    "get_schema_type",
    "load_schema_type",
    "register_schema_type",
    "schema_type_names",
]

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUILTIN_SCHEMAS = _PACKAGE_DIR / "schemas"
_BUILTIN_PROMPTS = _PACKAGE_DIR / "prompts"
# In a source checkout the fixtures sit beside the package; an installed wheel has none.
_REPO_FIXTURES = _PACKAGE_DIR.parent / "evals" / "fixtures"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class SchemaType:
    """Everything needed to produce and evaluate one kind of summary.

    Attributes:
        name: The name callers pass as ``schema=``.
        model: The Pydantic model a summary of this type is.
        template: The prompt template.
        fixtures_dir: Hand-labelled fixtures for the eval harness, if any.
        schema_sha256: Hash of the model's JSON schema; changes when the schema changes.
    """

    name: str
    model: type[BaseModel]
    template: PromptTemplate
    fixtures_dir: Path | None = None
    schema_sha256: str = field(init=False)

    def __post_init__(self) -> None:
        schema = json.dumps(self.model.model_json_schema(), sort_keys=True)
        object.__setattr__(self, "schema_sha256", hashlib.sha256(schema.encode()).hexdigest())


_registry: dict[str, SchemaType] = {}
_lock = threading.Lock()


def register_schema_type(
    name: str,
    *,
    model: type[BaseModel],
    template: str | Path,
    fixtures_dir: str | Path | None = None,
    replace: bool = False,
) -> SchemaType:
    """Register a schema type from code.

    Args:
        name: Lower-case identifier, e.g. ``"earnings"``.
        model: The summary's Pydantic model. Give every field a description: the model
            sees them.
        template: Jinja source with ``system`` and ``user`` blocks, or a path to a file.
        fixtures_dir: Folder of labelled fixtures for this type.
        replace: Allow replacing an existing registration of the same name.

    Returns:
        The registered schema type.

    Raises:
        SchemaTypeError: Bad name, a model that is not a Pydantic model, an unusable
            template, or a name already taken (without ``replace=True``).
    """
    if not _NAME.match(name):
        raise SchemaTypeError(
            f"Schema type name {name!r} must be lower-case letters, digits and underscores."
        )
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaTypeError(f"Schema type {name!r}: model must be a Pydantic model class.")
    if isinstance(template, Path):
        source = _read(template, f"the prompt template of schema type {name!r}")
    else:
        source = template
    schema_type = SchemaType(
        name=name,
        model=model,
        template=PromptTemplate(name=name, source=source),
        fixtures_dir=Path(fixtures_dir) if fixtures_dir is not None else None,
    )
    with _lock:
        if name in _registry and not replace:
            raise SchemaTypeError(
                f"Schema type {name!r} is already registered; pass replace=True to replace it."
            )
        _registry[name] = schema_type
    return schema_type


def load_schema_type(folder: str | Path, *, name: str | None = None) -> SchemaType:
    """Register the schema type in a folder holding ``schema.py`` and ``prompt.j2``.

    ``schema.py`` must define ``SUMMARY_MODEL``. A ``fixtures/`` subfolder, if present,
    becomes the type's fixtures. Loading the same folder again replaces the registration.

    Args:
        folder: The folder.
        name: The type's name; the folder's name when None.

    Returns:
        The registered schema type.

    Raises:
        SchemaTypeError: A file is missing or ``schema.py`` does not define the model.
    """
    folder = Path(folder)
    name = name or folder.name
    model = _model_from_file(folder / "schema.py", name)
    fixtures = folder / "fixtures"
    return register_schema_type(
        name,
        model=model,
        template=folder / "prompt.j2",
        fixtures_dir=fixtures if fixtures.is_dir() else None,
        replace=True,
    )


def get_schema_type(name: str | SchemaType) -> SchemaType:
    """Find a schema type by name (a built-in, or one registered or loaded earlier).

    Raises:
        SchemaTypeError: No such type; the message lists the known ones.
    """
    if isinstance(name, SchemaType):
        return name
    with _lock:
        found = _registry.get(name)
    if found is not None:
        return found
    if _NAME.match(name) and (_BUILTIN_SCHEMAS / f"{name}.py").is_file():
        return _register_builtin(name)
    raise SchemaTypeError(
        f"Unknown schema type {name!r}. Known: {schema_type_names()}. "
        "Register one with register_schema_type(...) or load_schema_type(folder)."
    )


def schema_type_names() -> list[str]:
    """Names of the built-in and registered schema types, sorted."""
    builtin = {p.stem for p in _BUILTIN_SCHEMAS.glob("*.py") if not p.stem.startswith("_")}
    with _lock:
        return sorted(builtin | set(_registry))


def _register_builtin(name: str) -> SchemaType:
    module = importlib.import_module(f"summarise.schemas.{name}")
    model = getattr(module, "SUMMARY_MODEL", None)
    if model is None:
        raise SchemaTypeError(f"summarise.schemas.{name} does not define SUMMARY_MODEL.")
    fixtures = _REPO_FIXTURES / name
    with _lock:
        if name in _registry:  # another thread got here first
            return _registry[name]
    return register_schema_type(
        name,
        model=model,
        template=_BUILTIN_PROMPTS / f"{name}.j2",
        fixtures_dir=fixtures if fixtures.is_dir() else None,
    )


def _model_from_file(path: Path, name: str) -> type[BaseModel]:
    _read(path, f"the schema of schema type {name!r}")
    spec = importlib.util.spec_from_file_location(f"summarise_user_schemas.{name}", path)
    if spec is None or spec.loader is None:
        raise SchemaTypeError(f"Cannot import {path} as a Python module.")
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as a normal import would be, so that pydantic can
    # resolve the module's postponed annotations (``from __future__ import annotations``).
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as e:
        del sys.modules[spec.name]
        raise SchemaTypeError(f"Importing {path} failed: {e}") from e
    model = getattr(module, "SUMMARY_MODEL", None)
    if model is None:
        raise SchemaTypeError(f"{path} must define SUMMARY_MODEL, the summary's model class.")
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaTypeError(f"{path}: SUMMARY_MODEL must be a Pydantic model class.")
    return model


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise SchemaTypeError(f"Cannot read {what} at {path}: {e.strerror}.") from e
