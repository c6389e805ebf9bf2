"""Grounding: tying every item of a summary to the article text that supports it.

Extension points for schema types: a rule is ``rule(item, context) -> reasons``, given
to a type as its ``rules`` part; :class:`RuleContext` is what a rule may consult.
"""

from summarise.grounding.align import FUZZY_THRESHOLD, Alignment, ArticleText
from summarise.grounding.numbers import VALUE_TOLERANCE, find_numbers, value_written_in
from summarise.grounding.verify import (
    Checked,
    Grounded,
    Rule,
    RuleContext,
    Rules,
    check,
    excerpt,
    ground,
)

__all__ = [
    "FUZZY_THRESHOLD",
    "VALUE_TOLERANCE",
    "Alignment",
    "ArticleText",
    "Checked",
    "Grounded",
    "Rule",
    "RuleContext",
    "Rules",
    "check",
    "excerpt",
    "find_numbers",
    "ground",
    "value_written_in",
]
