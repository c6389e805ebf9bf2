"""The command line's help: every command and option described, in words for a shell (no
reST markup from docstrings), each command's ``--help`` its own, and ``--version``."""

from __future__ import annotations

import argparse
import importlib.metadata
from collections.abc import Iterator

import pytest

import summarise
from summarise._version import installed_version as _version
from summarise.cli import main
from summarise.cli.app import _parser


def _commands(
    parser: argparse.ArgumentParser, words: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser in the tree, with the command words that reach it."""
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield from _commands(command, (*words, name))


def _helps(
    parser: argparse.ArgumentParser, words: tuple[str, ...]
) -> Iterator[tuple[str, str | None]]:
    """What each option, positional argument and subcommand of one parser says of itself."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield " ".join((*words, choice.dest)), choice.help
        else:
            name = "/".join(action.option_strings) or action.dest
            yield f"{' '.join(words) or 'summarise'} {name}", action.help


def test_every_command_and_option_says_what_it_is_for() -> None:
    top, _ = _parser()
    missing = [
        name
        for words, parser in _commands(top)
        for name, text in _helps(parser, words)
        if not text or not text.strip()
    ]
    assert missing == []


def test_no_help_text_carries_docstring_markup() -> None:
    top, _ = _parser()
    texts = []
    for words, parser in _commands(top):
        texts += [parser.description, parser.epilog, parser.usage, parser.format_help()]
        texts += [text for _, text in _helps(parser, words)]
    marked = [text for text in texts if text and "``" in text]
    assert marked == []


@pytest.mark.parametrize(
    "words",
    [words for words, _ in _commands(_parser()[0])],
    ids=lambda words: " ".join(words) or "summarise",
)
def test_each_command_s_help_is_its_own(
    words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = dict(_commands(_parser()[0]))[words]
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == parser.format_help()


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"summarise {importlib.metadata.version('summarise')}\n"


def test_version_falls_back_to_the_package_s_own() -> None:
    assert _version("no-such-distribution-for-summarise") == summarise.__version__
    # The two agree, so the fallback never says something else than an install would.
    assert summarise.__version__ == importlib.metadata.version("summarise")
