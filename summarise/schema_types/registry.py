"""Schema types by name: the built-in ones and any a user registers or loads.

Built-in types live in ``summarise/schemas/<name>`` (a module or package defining
``SUMMARY_MODEL`` and, optionally, ``PARTS``) with their prompt in
``summarise/prompts/<name>.j2``. Users add their own without editing the package::

    register_schema_type("earnings", model=EarningsSummary, template=Path("earnings.j2"),
                         parts=SchemaParts(rules={Metric: metric_rule}))
    load_schema_type("path/to/earnings/")   # schema.py + prompt.j2 [+ fixtures/]

A folder's ``schema.py`` is Python and runs when the folder is loaded: trust a schema
folder as you would any module you import.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

from pydantic import BaseModel

from summarise.errors import SchemaTypeError
from summarise.prompting import PromptTemplate
from summarise.schema_types.contract import SchemaParts, SchemaType
from summarise.types import Evidence

__all__ = [
    "get_schema_type",
    "load_schema_type",
    "register_schema_type",
    "schema_type_names",
]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_BUILTIN_SCHEMAS = _PACKAGE_DIR / "schemas"
_BUILTIN_PROMPTS = _PACKAGE_DIR / "prompts"
# In a source checkout the fixtures sit beside the package; an installed wheel has none.
_REPO_FIXTURES = _PACKAGE_DIR.parent / "evals" / "fixtures"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


_registry: dict[str, SchemaType] = {}
_lock = threading.Lock()


def register_schema_type(
    name: str,
    *,
    model: type[BaseModel],
    template: str | Path,
    fixtures_dir: str | Path | None = None,
    parts: SchemaParts | None = None,
    replace: bool = False,
) -> SchemaType:
    """Register a schema type from code.

    Args:
        name: Lower-case identifier, e.g. ``"earnings"``.
        model: The summary's Pydantic model. Give every field a description: the model
            sees them.
        template: Jinja source with ``system`` and ``user`` blocks, or a path to a file.
        fixtures_dir: Folder of labelled fixtures for this type.
        parts: The optional parts (grounding rules, merge, eval matchers, rendering,
            hints, an offline reader); generic defaults for any not given.
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
        parts=_checked_parts(parts, name, model),
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

    ``schema.py`` must define ``SUMMARY_MODEL`` and may define ``PARTS`` (a
    :class:`SchemaParts`). A ``fixtures/`` subfolder, if present, becomes the type's
    fixtures. Loading the same folder again replaces the registration. ``schema.py``
    runs as Python: load only folders you trust.

    Args:
        folder: The folder.
        name: The type's name; the folder's name when None.

    Returns:
        The registered schema type.

    Raises:
        SchemaTypeError: A file is missing or ``schema.py`` does not define the model.
    """
    folder = Path(folder)
    name = name or folder.resolve().name  # "." names the current folder, not ""
    module = _module_from_file(folder / "schema.py", name)
    fixtures = folder / "fixtures"
    return register_schema_type(
        name,
        model=_model_of(module, str(folder / "schema.py")),
        parts=getattr(module, "PARTS", None),
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
    if _NAME.match(name) and name in _builtin_names():
        return _register_builtin(name)
    raise SchemaTypeError(
        f"Unknown schema type {name!r}. Known: {schema_type_names()}.",
        fix="Register one with register_schema_type(...) or load_schema_type(folder).",
        kind="unknown_schema_type",
    )


def schema_type_names() -> list[str]:
    """Names of the built-in and registered schema types, sorted."""
    with _lock:
        return sorted(_builtin_names() | set(_registry))


def _builtin_names() -> set[str]:
    """Modules and packages in the built-in schemas folder."""
    modules = {p.stem for p in _BUILTIN_SCHEMAS.glob("*.py")}
    packages = {p.parent.name for p in _BUILTIN_SCHEMAS.glob("*/__init__.py")}
    return {n for n in modules | packages if not n.startswith("_")}


def _register_builtin(name: str) -> SchemaType:
    module = importlib.import_module(f"summarise.schemas.{name}")
    model = _model_of(module, f"summarise.schemas.{name}")
    fixtures = _REPO_FIXTURES / name
    with _lock:
        if name in _registry:  # another thread got here first
            return _registry[name]
    return register_schema_type(
        name,
        model=model,
        template=_BUILTIN_PROMPTS / f"{name}.j2",
        fixtures_dir=fixtures if fixtures.is_dir() else None,
        parts=getattr(module, "PARTS", None),
    )


def _module_from_file(path: Path, name: str) -> ModuleType:
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
    return module


def _model_of(module: ModuleType, where: str) -> type[BaseModel]:
    model = getattr(module, "SUMMARY_MODEL", None)
    if model is None:
        raise SchemaTypeError(f"{where} must define SUMMARY_MODEL, the summary's model class.")
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaTypeError(f"{where}: SUMMARY_MODEL must be a Pydantic model class.")
    return model


def _checked_parts(parts: object, name: str, model: type[BaseModel]) -> SchemaParts:
    """The parts, once they fit the model: a misspelt field or a rule that could never
    run is an error now, not a silent default later."""
    _check_evidence_fields(model, name)
    if parts is None:
        return SchemaParts()
    if not isinstance(parts, SchemaParts):
        raise SchemaTypeError(
            f"Schema type {name!r}: parts must be a summarise.schema_types.SchemaParts, "
            f"not {type(parts).__name__}."
        )
    unknown = sorted(set(parts.matchers) - set(model.model_fields))
    if unknown:
        raise SchemaTypeError(
            f"Schema type {name!r}: matchers name {unknown}, which are not fields of "
            f"{model.__name__} (fields: {list(model.model_fields)})."
        )
    for item_model in parts.rules:
        if "evidence" not in getattr(item_model, "model_fields", {}):
            raise SchemaTypeError(
                f"Schema type {name!r}: a rule for {item_model.__name__}, which has no "
                "evidence field, would never run: grounding checks items with evidence."
            )
    return parts


def _check_evidence_fields(model: type[BaseModel], name: str) -> None:
    """Grounding and merging read a field named ``evidence`` as ``list[Evidence]``."""
    for item_model in _models_in(model, set()):
        info = item_model.model_fields.get("evidence")
        if info is not None and get_args(info.annotation) != (Evidence,):
            raise SchemaTypeError(
                f"Schema type {name!r}: {item_model.__name__}.evidence must be "
                "list[summarise.Evidence]; grounding aligns every quote in it."
            )


def _models_in(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """``model`` and every model its fields can hold, however deeply."""
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        for inner in _types_in(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not Evidence:
                _models_in(inner, seen)
    return seen


def _types_in(annotation: Any) -> list[Any]:
    return [annotation, *(t for arg in get_args(annotation) for t in _types_in(arg))]


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise SchemaTypeError(f"Cannot read {what} at {path}: {e.strerror}.") from e
