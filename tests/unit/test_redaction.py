"""What a server says is shown only without credentials: the API key and any piece of
it 8 characters or longer (however the key is split), the key in base64, ``sk-`` keys,
``Bearer`` tokens, AWS key ids, GitHub tokens and the values of named secrets; and each
redaction is whole, never leaving a fragment such as ``[redacted] key]``. The other side:
ordinary text, and a piece of the key shorter than 8 characters, are kept as they are."""

from __future__ import annotations

import base64
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.backends.instructed import _server_message
from summarise.backends.redaction import redact

KEY = "sk-CANARY1234567890abcdefXYZ"

keys = st.text(string.ascii_letters + string.digits + "-_", min_size=16, max_size=60)


def pieces(text: str, secret: str, size: int = 8) -> list[str]:
    return [
        secret[i : i + size] for i in range(len(secret) - size + 1) if secret[i : i + size] in text
    ]


@settings(max_examples=300, deadline=None)
@given(keys, st.data(), st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_a_key_split_in_two_by_any_text_shows_no_piece_of_8_or_more(
    key: str, data: st.DataObject, before: str, between: str, after: str
) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(key)))
    shown = _server_message(f"{before}{key[:cut]}{between}{key[cut:]}{after}", key)
    assert pieces(shown, key) == [], shown


@settings(max_examples=200, deadline=None)
@given(keys, st.text(max_size=40), st.text(max_size=40))
def test_the_key_in_base64_is_never_shown(key: str, before: str, after: str) -> None:
    for encoded in (
        base64.b64encode(key.encode()).decode(),
        base64.urlsafe_b64encode(f"user:{key}".encode()).decode(),
    ):
        shown = _server_message(f"{before} Basic {encoded} {after}", key)
        assert encoded.rstrip("=") not in shown


def test_the_reported_leaks_are_redacted() -> None:
    said = {
        "split key": "Incorrect API key provided: sk-CANARY1234 567890abcdefXYZ.",
        "aws": "credentials AKIAIOSFODNN7EXAMPLE rejected",
        "github": "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 expired",
        "github fine-grained": "token github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "password": "connect failed: password=hunter2hunter2",
        "secret": "config {secret: s3cr3t-value}",
        "token": "url ?token=abc123def456&x=1",
        "api_key json": '{"api_key": "live_0123456789"}',
        "bearer": "Authorization: Bearer tok-9b1c",
    }
    leaked = [
        "CANARY1234", "567890abcdef", "AKIAIOSFODNN7EXAMPLE", "ghp_abcdef", "github_pat_11",
        "hunter2", "s3cr3t", "abc123def456", "live_0123456789", "tok-9b1c",
    ]  # fmt: skip
    for case, text in said.items():
        shown = redact(text, KEY)
        assert not [piece for piece in leaked if piece in shown], (case, shown)
        assert "[redacted]" in shown, case


def test_a_redaction_never_leaves_a_fragment() -> None:
    shown = _server_message(f"Authorization: Bearer {KEY} and again {KEY}", KEY)
    assert shown == "Authorization: [redacted] and again [redacted]"
    assert "key]" not in _server_message(f"Bearer {KEY}", KEY)


def test_what_says_what_went_wrong_is_kept() -> None:
    text = "The model `gpt-x` does not exist; password reset at https://example.com/help"
    assert redact(text, KEY) == text
    # Names of secrets are kept, only their values go.
    assert redact("password=hunter2 is wrong", KEY) == "password=[redacted] is wrong"
    # A piece of the key shorter than 8 characters says nothing usable, and is kept.
    assert redact("90abcde is not a key", KEY) == "90abcde is not a key"
    assert redact("Basic authentication required", KEY) == "Basic authentication required"


@given(st.text(string.ascii_letters + " .,:;!?()", max_size=200))
def test_plain_prose_is_never_redacted(text: str) -> None:
    assert redact(text, None) == text
