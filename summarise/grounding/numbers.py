"""Reading numbers as news writes them: "1,400", "2.3 million", "$4bn", "3.5%", "a dozen".

Used to extract figures (offline backend) and to check that a figure's value agrees with
the text it cites (grounding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = [
    "VALUE_TOLERANCE",
    "ParsedNumber",
    "currency_of",
    "find_numbers",
    "glued_scale",
    "parse_number",
    "value_written_in",
]

VALUE_TOLERANCE = 0.005
"""Relative: "1,400" agrees with 1400.0 and 1406, but not with 1408 or 1500."""

_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12, "half a dozen": 6, "a hundred": 100, "a thousand": 1000,
    "hundred": 100, "thousand": 1000, "a million": 1e6, "a billion": 1e9,
    "a couple of": 2, "a pair of": 2, "half": 0.5, "a half": 0.5,
    "half a million": 5e5, "half a billion": 5e8, "half a trillion": 5e11,
    "a quarter": 0.25, "three quarters": 0.75, "three-quarters": 0.75,
    "twice": 2, "thrice": 3, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "one-quarter": 0.25, "one-half": 0.5,
}  # fmt: skip
# "thirty-one", "forty two": tens and units written together.
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}  # fmt: skip
_WORDS.update(
    {
        f"{tens}{sep}{unit}": tens_value + unit_value
        for tens, tens_value in _TENS.items()
        for unit, unit_value in _UNITS.items()
        for sep in "- "
    }
)
_SCALES = {
    "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "crore": 1e7, "lakh": 1e5, "dozen": 12,
}  # fmt: skip
_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
    "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP",
    "¥": "JPY", "yen": "JPY", "jpy": "JPY", "₹": "INR", "rupees": "INR", "inr": "INR",
    "yuan": "CNY", "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rouble": "RUB", "złoty": "PLN", "złotys": "PLN", "złotych": "PLN", "zloty": "PLN",
    "zlotys": "PLN", "kronor": "SEK", "krona": "SEK", "rand": "ZAR", "naira": "NGN",
    "baht": "THB", "ringgit": "MYR", "rupiah": "IDR", "lira": "TRY", "liras": "TRY",
    "hryvnia": "UAH", "hryvnias": "UAH", "reais": "BRL", "cents": "USD_cents",
}  # fmt: skip
_QUALIFIERS = [
    ("more_than", r"more than|over|above|in excess of|upwards of|greater than"),
    ("less_than", r"less than|fewer than|under|below"),
    ("at_least", r"at least|no fewer than|no less than|a minimum of"),
    ("up_to", r"up to|as many as|at most|as much as|a maximum of"),
    ("approximately", r"about|around|approximately|roughly|nearly|almost|some|an estimated|"
                      r"estimated|close to|circa|approx\.?|just under|just over|"
                      r"in the region of"),
]  # fmt: skip

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE_RE = r"(?:hundred|thousand|million|billion|trillion|crore|lakh|bn|mn|mln|tn|k|m|b)\b"
_GLUED_SCALE_RE = re.compile(rf"(?:{_DIGITS})(?P<scale>bn|mn|mln|tn|k|m|b)", re.IGNORECASE)
_CURRENCY_PREFIX = r"(?:USD\$|US\$|\$|€|£|¥|₹)"
_NUMBER_RE = re.compile(
    rf"(?P<qual>(?:{'|'.join(q for _, q in _QUALIFIERS)}|between|from)\s+)?"
    rf"(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?"
    rf"(?P<num>{_DIGITS})"
    rf"(?:\s?(?P<scale>{_SCALE_RE}))?"
    rf"(?:\s?(?P<pct>%|per ?cent|percent))?"
    rf"(?:\s?(?P<sep>-|–|—|to|and)\s?(?P=cur)?(?P<hi>{_DIGITS})(?:\s?(?P<hiscale>{_SCALE_RE}))?"
    rf"(?:\s?(?P<hipct>%|per ?cent|percent))?)?",
    re.IGNORECASE,
)
_WORD_RE = re.compile(
    r"(?P<qual>(?:" + "|".join(q for _, q in _QUALIFIERS) + r")\s+)?"
    r"\b(?P<word>"
    + "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
    + r")\b"
    r"(?:\s(?P<scale>dozen|hundred|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedNumber:
    """A number found in text.

    Attributes:
        value: The number, scales applied (2.3 million -> 2300000); a range's low end.
        upper: A range's high end, else None.
        qualifier: exact, approximately, more_than, less_than, at_least, up_to or range.
        unit: "percent", a currency code, or None when the text does not say.
        start: Offset of the match in the searched text.
        end: Offset just past the match.
    """

    value: float
    upper: float | None
    qualifier: str
    unit: str | None
    start: int
    end: int


def find_numbers(text: str) -> list[ParsedNumber]:
    """Every number written in ``text``, in digits or words, in reading order."""
    found = []
    position = 0
    while (m := _NUMBER_RE.search(text, position)) is not None:
        number = _from_digits(m)
        found.append(number)
        # "40 and 49" is two numbers: look again right after the first.
        position = number.end if number.end < m.end() else max(m.end(), position + 1)
    taken = [(n.start, n.end) for n in found]
    for m in _WORD_RE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(_from_words(m))
    return sorted(found, key=lambda n: n.start)


def parse_number(text: str) -> ParsedNumber | None:
    """The first number in ``text``, or None."""
    numbers = find_numbers(text)
    return numbers[0] if numbers else None


def _qualifier(raw: str | None) -> str:
    if not raw:
        return "exact"
    raw = raw.strip().lower()
    for name, pattern in _QUALIFIERS:
        if re.fullmatch(pattern, raw):
            return name
    return "exact"  # pragma: no cover - every alternative above is listed


def _scaled(number: str, scale: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * _SCALES[scale.lower()] if scale else value


def _from_digits(m: re.Match[str]) -> ParsedNumber:
    qual = (m["qual"] or "").strip().lower()
    value, upper = _bounds(m)
    listed = m["sep"] == "and" and qual != "between"
    descending = upper is not None and upper < value
    if listed or descending or (m["pct"] and m["hi"] and not m["hipct"]):
        # "28% and 50%" is two figures; only "between 2 and 3" is a range. "Fell 3.16% to
        # 2138.14" is a change and the level it reached, not a range of shares. A range
        # runs upwards: "52-35" and "49.4 percent to 42.0 percent" are scores.
        end = max(m.end(g) for g in ("num", "scale", "pct", "cur") if m[g] is not None)
        single = _NUMBER_RE.match(m.string, m.start(), end)
        assert single is not None
        first = _from_digits(single)
        if listed and m["hipct"] and first.unit is None:
            # "rose 166.5 and 93.3% respectively": the list shares its last unit.
            return replace(first, unit="percent")
        return first
    unit = "percent" if (m["pct"] or m["hipct"]) else None
    if m["cur"]:
        unit = _CURRENCIES[m["cur"].lower()]
    qualifier = "range" if upper is not None else _qualifier(m["qual"])
    start = m.start()
    if upper is None and qual in ("between", "from"):
        start = m.start("cur") if m["cur"] else m.start("num")  # "from 2005" is no range
    return ParsedNumber(value, upper, qualifier, unit, start, m.end())


def _bounds(m: re.Match[str]) -> tuple[float, float | None]:
    """A match's number, and its range's high end if it has one."""
    value = _scaled(m["num"], m["scale"])
    upper = _scaled(m["hi"], m["hiscale"] or m["scale"]) if m["hi"] else None
    if upper is not None and m["scale"] is None and m["hiscale"]:
        value = _scaled(m["num"], m["hiscale"])  # "2 to 3 million": both in millions
    return value, upper


def _from_words(m: re.Match[str]) -> ParsedNumber:
    value = float(_WORDS[m["word"].lower()])
    if m["scale"]:
        value *= _SCALES[m["scale"].lower()]
    return ParsedNumber(value, None, _qualifier(m["qual"]), None, m.start(), m.end())


def glued_scale(word: str) -> str | None:
    """The scale abbreviation of a number written as one word with it ("140bn" -> "bn",
    "2.3M" -> "m"), lower-cased; None for any other word ("140", "bn", "7b2")."""
    match = _GLUED_SCALE_RE.fullmatch(word)
    return match["scale"].lower() if match else None


def currency_of(word: str) -> str | None:
    """The currency code a word or symbol names ("euros" -> "EUR"), or None."""
    return _CURRENCIES.get(word.lower())


def value_written_in(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text``: scaled ("2.3 million" is 2300000), as
    its digits (2.3), or as either end of a range, within :data:`VALUE_TOLERANCE`."""
    for number in find_numbers(text):
        candidates = {number.value, number.upper or number.value}
        digits = _digits_value(text[number.start : number.end])
        if digits is not None:
            candidates.add(digits)
        if any(abs(c - value) <= VALUE_TOLERANCE * max(1.0, abs(value)) for c in candidates):
            return True
    return False


def _digits_value(written: str) -> float | None:
    digits = "".join(ch for ch in written if ch.isdigit() or ch == ".")
    try:
        return float(digits) if digits.strip(".") else None
    except ValueError:
        return None
