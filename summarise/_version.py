"""The package's version, in a module of its own so that the command line can read it
without importing everything ``summarise/__init__.py`` re-exports."""

from importlib import metadata

__version__ = "0.1.0"


def installed_version(distribution: str = "summarise", *, fallback: str = __version__) -> str:
    """The installed distribution's version; ``fallback`` when it is not installed (run
    from a source checkout on ``PYTHONPATH``): by default the package's own."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return fallback
