"""A cost ceiling for a run: articles are started while the estimated cost stays under it.

The cost of an article not yet finished is estimated as the mean cost of those that
have finished (replies replayed from the reply cache cost nothing, and so pull the mean
down, as they should). Until one has finished there is nothing to estimate from, so one
article runs alone: the first is started whatever it costs, and a budget smaller than
one article is passed by that article, and by no other. Articles in flight are counted
at their estimate until they finish; an article not started is reported, never dropped.
"""

from __future__ import annotations

import asyncio

from summarise.config import is_finite_number
from summarise.errors import ConfigurationError
from summarise.pricing import ArticleSpend, Prices

__all__ = ["CostBudget"]


class CostBudget:
    """Admits articles while the run's spent plus reserved cost stays within ``usd``.

    Args:
        usd: The ceiling, in US dollars.
        model: The model the articles are sent to.
        prices: The price table; it must price ``model``.

    Raises:
        ConfigurationError: ``usd`` is not a positive finite number, or no price is known
            for ``model`` (a budget cannot be kept without one).
    """

    def __init__(self, usd: float, *, model: str | None, prices: Prices | None) -> None:
        if not is_finite_number(usd):
            raise ConfigurationError(f"--budget-usd {usd!r} is not a number of dollars.")
        if usd <= 0:
            raise ConfigurationError(f"--budget-usd {usd:g} must be above 0.")
        if prices is None or model is None or model not in prices:
            raise ConfigurationError(
                f"--budget-usd needs a price for the model {model!r}: pass --prices FILE "
                'with {"MODEL": [usd_per_M_prompt, usd_per_M_completion]} and --model.'
            )
        self.usd = usd
        self.model = model
        self.prices = prices
        self.spent = 0.0
        self.finished = 0
        self.refused = 0
        self._reserved = 0.0
        self._in_flight = 0
        self._changed = asyncio.Condition()  # made outside a loop: bound on first use

    @property
    def estimate(self) -> float:
        """The expected cost of the next article: the mean cost so far."""
        return self.spent / self.finished if self.finished else 0.0

    def would_pass(self) -> bool:
        """Whether starting one more article would take the run past the budget, by the
        estimate. Before any article has finished, the first may always start."""
        return bool(self.finished) and self.spent + self._reserved + self.estimate > self.usd

    def reserve(self) -> float | None:
        """Reserve the next article's estimated cost; None (counted as refused) if
        starting it would pass the budget."""
        if self.would_pass():
            self.refused += 1
            return None
        self._reserved += self.estimate
        self._in_flight += 1
        return self.estimate

    def settle(self, reserved: float, article: ArticleSpend) -> float:
        """Replace an article's reservation with what it cost; returns that cost."""
        cost = article.cost(self.model, self.prices) or 0.0
        self._reserved -= reserved
        self._in_flight -= 1
        self.spent += cost
        self.finished += 1
        return cost

    async def admit(self) -> float | None:
        """:meth:`reserve` for articles run concurrently: until one has finished there is
        no estimate, so this waits while another article is in flight."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.finished or not self._in_flight)
            return self.reserve()

    async def asettle(self, reserved: float, article: ArticleSpend) -> float:
        """:meth:`settle`, waking the articles waiting in :meth:`admit`."""
        async with self._changed:
            cost = self.settle(reserved, article)
            self._changed.notify_all()
        return cost

    def refusal(self) -> str:
        """Why an article was not started, and how to go on."""
        return (
            f"not started: the run's budget of ${self.usd:g} would be passed (spent "
            f"${self.spent:.4f}, about ${self.estimate:.4f} an article); rerun with a higher "
            "--budget-usd to summarise it."
        )
