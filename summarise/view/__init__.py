"""The HTML view: a summary as a page a person can look at, for any schema type.

:func:`summary_page` draws one result over its article; the building blocks (nested
marks, cards, the page shell with its Content-Security-Policy) are shared with the eval
report's pages. Every page is one self-contained file: no network, no external fonts or
scripts, everything from the article and the model escaped.
"""

from summarise.view.summary import summary_page

__all__ = ["summary_page"]
