"""The ``summarise`` command line. Nothing outside this package imports it.

app       the top-level parser, its subcommands and the dispatch (``main``)
article   summarise ARTICLE: one article, readable or --json
batch     summarise batch: many articles to one JSONL file, resumable
evaluate  summarise eval, summarise eval compare
cache     summarise cache clear
options   what the commands share: backend, cache and schema options, exit statuses,
          the progress bar
render    the terminal rendering of one result
fixes     a library error's fix in shell words (options, files) instead of Python's
"""

from summarise.cli.app import main

__all__ = ["main"]
