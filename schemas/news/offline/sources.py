"""Which claim a place in the article stands in: how a figure is credited to whoever
said it, for the figures stage and for the contested points that read its figures."""

from __future__ import annotations

import bisect

from summarise.schemas.news.offline.claims import FoundClaim

__all__ = ["ClaimSources"]


class ClaimSources:
    """The claims of an article by where their content lies, looked up by offset: the
    claims near it, not every claim of the article."""

    def __init__(self, claims: list[FoundClaim]) -> None:
        self._claims = sorted(enumerate(claims), key=lambda pair: pair[1].content[0])
        self._starts = [found.content[0] for _, found in self._claims]
        self._longest = max((f.content[1] - f.content[0] for f in claims), default=0)

    def at(self, offset: int) -> FoundClaim | None:
        """The first claim, in reading order, whose content has ``offset``."""
        first = bisect.bisect_left(self._starts, offset - self._longest)
        last = bisect.bisect_right(self._starts, offset)
        holding = [
            (order, found)
            for order, found in self._claims[first:last]
            if found.content[0] <= offset < found.content[1]
        ]
        return min(holding, key=lambda pair: pair[0])[1] if holding else None

    def speaker_at(self, offset: int) -> str | None:
        """The speaker of the claim :meth:`at` ``offset``, if any: who a figure there is
        credited to."""
        found = self.at(offset)
        return found.claim.speaker if found is not None else None
