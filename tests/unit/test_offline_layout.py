"""Telling the story's lines from the page's: headline, caption, link, byline."""

from __future__ import annotations

import pytest

from summarise.schemas.news.offline.layout import _MAX_CAPTION_WORDS, Layout


def kind_of(text: str, line: str) -> str:
    return Layout(text).kind_at(text.index(line))


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Wounded residents receive treatment at the clinic", "caption"),
        ("The council met on Tuesday.", "story"),
        ('"We will fight this in court, whatever it costs."', "story"),
        ("He told reporters:", "story"),
        ("- The head of the agency was in Moscow for talks", "story"),
        ("READ MORE: Police say thousands marched", "link"),
        ("Read more about the vote", "link"),
        ("By Jane Smith", "byline"),
        ("Reporting by Tom Reed; editing by Ana Ortiz", "byline"),
        ("Photo: Ana Ortiz", "byline"),
        ("By the end of the day the council had voted", "caption"),
    ],
    ids=[
        "caption", "sentence", "quotation", "colon", "bullet", "readmore", "readabout",
        "by", "reporting", "photo", "bynotname",
    ],
)  # fmt: skip
def test_line_kinds(line: str, kind: str) -> None:
    text = f"A headline without a full stop\n\nFirst paragraph of the story.\n{line}\n"
    assert kind_of(text, line) == kind


def test_the_first_line_is_a_headline_only_without_a_full_stop() -> None:
    assert kind_of("Council approves homes\nBody.", "Council") == "headline"
    assert kind_of("The council approved homes.\nBody.", "The council") == "story"
    assert kind_of("\n\nCouncil approves homes\nBody.", "Council") == "headline"


def test_a_long_line_without_a_full_stop_is_story() -> None:
    words = " ".join(["word"] * _MAX_CAPTION_WORDS)
    assert kind_of(f"Headline\n{words}\n", words) == "caption"
    longer = words + " more"
    assert kind_of(f"Headline\n{longer}\n", longer) == "story"


def test_people_in_captions_name_actors_and_nothing_else_there_does() -> None:
    text = "Headline\nTom Reed is pictured at the site\nREAD MORE: Ana Ortiz speaks\n"
    layout = Layout(text)
    caption, link = text.index("Tom"), text.index("Ana")
    assert layout.names_actors(caption, "person")
    assert not layout.names_actors(caption, "group")
    assert not layout.names_actors(link, "person")
    assert layout.names_actors(0, "organisation")  # the headline
    assert not layout.is_story(0)
