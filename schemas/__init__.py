"""Built-in schema types, one module each, found by name.

A module here defines ``SUMMARY_MODEL`` (the Pydantic model a summary of that type is),
and ``prompts/<name>.j2`` is its prompt. Installed, this folder is ``summarise.schemas``.
"""
