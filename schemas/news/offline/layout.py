"""Which lines of an article are its story, and which are the page around it.

A news page carries lines that are not reporting: the headline (which restates the
story), photo captions ("Wounded Palestinians receive treatment ..."), links to other
stories ("READ MORE: ..."), bylines and credits. The stages read the story alone for
claims and figures. The headline names the story's actors, but its claims and figures
are the body's, restated; a caption names the people pictured, and nothing else.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["Layout"]

_MAX_CAPTION_WORDS = 40
# A line that ends a sentence, or leads into the next line ("He told reporters:").
_ENDS_A_SENTENCE = re.compile(r"[.!?…:;,][\"'”’)\]]*$|[\"”’]$")
_LINK = re.compile(
    r"^(read more|related|more on this|see also|watch|listen|click here|sign up|subscribe|"
    r"follow us|advertisement|share this)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(by [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}$|(additional )?reporting by |editing by |"
    r"written by |(photo|image|picture|video)( credit)?s?( by)?:|credit:|pictured:)",
    re.IGNORECASE,
)


class Layout:
    """The kind of each line of one article: story, headline, caption, link or byline."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._kinds: list[str] = []
        offset = 0
        seen_text = False
        for line in text.splitlines(keepends=True):
            body = line.strip()
            self._starts.append(offset)
            self._kinds.append(_kind(body, first=not seen_text))
            seen_text = seen_text or bool(body)
            offset += len(line)

    def kind_at(self, offset: int) -> str:
        """The kind of the line that character ``offset`` stands on."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return self._kinds[line] if line >= 0 else "story"

    def is_story(self, offset: int) -> bool:
        """Whether ``offset`` stands in the reporting itself."""
        return self.kind_at(offset) == "story"

    def names_actors(self, offset: int, kind: str) -> bool:
        """Whether a name of ``kind`` at ``offset`` can make an actor: anything in the
        story or the headline, and a person a caption says is pictured."""
        line = self.kind_at(offset)
        return line in ("story", "headline") or (line == "caption" and kind == "person")


def _kind(body: str, *, first: bool) -> str:
    if not body:
        return "story"
    if _LINK.match(body):
        return "link"
    if _BYLINE.match(body):
        return "byline"
    if body.startswith(("-", "•", "*", "–")):
        return "story"  # a standfirst's bullet points are the story in brief
    ends = _ENDS_A_SENTENCE.search(body) is not None
    if ends or len(body.split()) > _MAX_CAPTION_WORDS:
        return "story"
    return "headline" if first else "caption"
