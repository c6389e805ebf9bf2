"""Grounding: tying every item of a summary to the article text that supports it."""
