"""The package's version, in a module of its own so that the command line can read it
without importing everything ``summarise/__init__.py`` re-exports."""

__version__ = "0.1.0"
