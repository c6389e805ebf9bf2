"""Which lines of an article are its story, and which are the page around it.

A news page carries lines that are not reporting: the headline (which restates the
story), photo captions ("Wounded Palestinians receive treatment ..."), links to other
stories ("READ MORE: ..."), bylines and credits. The stages read the story alone for
claims and figures. The headline names the story's actors, but its claims and figures
are the body's, restated; a caption names the people pictured, and nothing else.

An interview printed as turns ("((WN)) What prompted ...?", then "Natasha Gownaris: I've
wanted ..." or "((Gregory Kurtzer)) CentOS was ...") has questions, which name actors
but claim nothing, and answers: every line of an answer, tagged or following a tagged
one, is its speaker's, until the next question.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["Answer", "Layout"]

_MAX_CAPTION_WORDS = 40
# A line that ends a sentence, or leads into the next line ("He told reporters:").
_ENDS_A_SENTENCE = re.compile(r"[.!?…:;,][\"'”’)\]]*$|[\"”’]$")
_LINK = re.compile(
    r"^(read more|related|more on this|see also|watch|listen|click here|sign up|subscribe|"
    r"follow us|advertisement|share this)\b",
    re.IGNORECASE,
)
# A turn's speaker tag: "((Gregory Kurtzer)) ...", "Natasha Gownaris: ...", "NG: ...".
_TURN = re.compile(
    r"^\(\((?P<paren>[^()]{1,60})\)\)\s*|^(?P<colon>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):\s+"
)
_INTERVIEWERS = frozenset({"wikinews", "wn", "q", "question", "interviewer"})
_MIN_QUESTIONS = 2  # tagged questions that make an article an interview
_BYLINE = re.compile(
    r"^(by [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}$|(additional )?reporting by |editing by |"
    r"written by |(photo|image|picture|video)( credit)?s?( by)?:|credit:|pictured:)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Answer:
    """One line of an interviewee's answer: who answers (as the tag names them, or ""
    when no answer has been tagged yet), and where the words start and end, after the
    tag."""

    speaker: str
    start: int
    end: int


class Layout:
    """The kind of each line of one article: story, headline, caption, link, byline or
    an interview's question; and the interview's answers."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._kinds: list[str] = []
        lines = text.splitlines(keepends=True)
        offset = 0
        seen_text = False
        for line in lines:
            body = line.strip()
            self._starts.append(offset)
            self._kinds.append(_kind(body, first=not seen_text))
            seen_text = seen_text or bool(body)
            offset += len(line)
        self._answers: dict[int, Answer] = {}
        self._interview = _is_interview(lines)
        if self._interview:
            self._read_turns(lines)

    def _read_turns(self, lines: list[str]) -> None:
        """Mark the questions, and give each answer line its speaker."""
        speaker: str | None = None  # the last to answer; "" before anyone is tagged
        for number, line in enumerate(lines):
            body = line.strip()
            if not body or self._kinds[number] != "story":
                continue
            tag = _TURN.match(body)
            if body.endswith("?") or (tag is not None and _tag(tag).lower() in _INTERVIEWERS):
                self._kinds[number] = "question"  # "((RS)) Does YouTube ...?" asks too
                speaker = speaker or ""
                continue
            if tag is not None:
                speaker = _tag(tag)
            if speaker is not None:  # untagged lines after a question answer it
                begins = self._starts[number] + line.index(body)
                words = begins + (tag.end() if tag else 0)
                self._answers[number] = Answer(speaker, words, begins + len(body))

    def answer_at(self, offset: int) -> Answer | None:
        """The answer line character ``offset`` stands on, if it is one."""
        return self._answers.get(bisect.bisect_right(self._starts, offset) - 1)

    def kind_at(self, offset: int) -> str:
        """The kind of the line that character ``offset`` stands on."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return self._kinds[line] if line >= 0 else "story"

    def is_story(self, offset: int) -> bool:
        """Whether ``offset`` stands in the reporting itself."""
        return self.kind_at(offset) == "story"

    def names_actors(self, offset: int, kind: str, name: str = "") -> bool:
        """Whether a name of ``kind`` at ``offset`` can make an actor: anything in the
        story or the headline, and a person a caption says is pictured; but not an
        interview's questioner ("Wikinews", "WN"), the publication asking."""
        if self._interview and name.lower() in _INTERVIEWERS:
            return False
        line = self.kind_at(offset)
        return line in ("story", "headline", "question") or (line == "caption" and kind == "person")


def _is_interview(lines: list[str]) -> bool:
    questions = 0
    for line in lines:
        tag = _TURN.match(line.strip())
        questions += tag is not None and _tag(tag).lower() in _INTERVIEWERS
    return questions >= _MIN_QUESTIONS


def _tag(match: re.Match[str]) -> str:
    return (match["paren"] or match["colon"]).strip()


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
