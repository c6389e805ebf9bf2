"""A whole-request deadline for HTTP, which httpx does not have.

httpx's timeouts bound each *read*: a server that sends its headers and then one byte
every half second is never timed out. These transports give every request one deadline
for all of it (connecting, sending, the headers and every byte of the body) and end it
with ``httpx2.ReadTimeout`` when the deadline passes, which the openai client reports as
``APITimeoutError``: a transport fault, retried like any timeout.

* **Async**: the request and each read of its body run under ``asyncio.timeout`` with
  the time left, so the deadline is exact.
* **Sync**: a blocked read cannot be cancelled from its own thread, so a timer shuts the
  connection's socket down at the deadline, which wakes the read. The socket is known
  from the moment it connects (httpcore's ``trace`` extension), so the client must open
  one connection per request: keep-alive is off for the sync client.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx2
import openai

__all__ = ["AsyncDeadlineTransport", "DeadlineTransport", "async_client", "sync_client"]

_CONNECTED = ("connection.connect_tcp.complete", "connection.start_tls.complete")


def sync_client(seconds: float) -> httpx2.Client:
    """The openai client's default HTTP client, each request under a ``seconds`` deadline
    and on a connection of its own."""
    client = openai.DefaultHttpxClient(
        limits=httpx2.Limits(max_connections=1000, max_keepalive_connections=0)
    )
    _wrap_transports(client, lambda inner: DeadlineTransport(inner, seconds))
    return client


def async_client(seconds: float) -> httpx2.AsyncClient:
    """The async twin of :func:`sync_client`; connections are kept alive."""
    client = openai.DefaultAsyncHttpxClient()
    _wrap_transports(client, lambda inner: AsyncDeadlineTransport(inner, seconds))
    return client


def _wrap_transports(
    client: httpx2.Client | httpx2.AsyncClient, wrap: Callable[[Any], Any]
) -> None:
    """Put ``wrap`` around the client's transport and each mounted one (a proxy's).

    Wrapped after construction, so that everything the client builds from the
    environment (proxies and their exceptions, certificates) is kept as it would be.
    """
    client._transport = wrap(client._transport)
    for pattern, transport in client._mounts.items():
        if transport is not None:
            client._mounts[pattern] = wrap(transport)


class DeadlineTransport(httpx2.BaseTransport):
    """Sends each request through ``inner`` and cuts it off ``seconds`` after it began.

    Args:
        inner: The transport that does the work; it must not keep connections alive.
        seconds: The whole request's deadline.
    """

    def __init__(self, inner: httpx2.BaseTransport, seconds: float) -> None:
        self._inner = inner
        self._seconds = seconds

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        watchdog = _Watchdog(self._seconds, request.extensions.get("trace"))
        request.extensions["timeout"] = _capped(request.extensions.get("timeout"), self._seconds)
        request.extensions["trace"] = watchdog.trace
        try:
            response = self._inner.handle_request(request)
        except httpx2.TransportError as e:
            watchdog.stop()
            if watchdog.fired:
                raise watchdog.timeout() from e
            raise
        response.stream = _WatchedStream(response.stream, watchdog)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncDeadlineTransport(httpx2.AsyncBaseTransport):
    """The async twin of :class:`DeadlineTransport`; connections may be kept alive."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, seconds: float) -> None:
        self._inner = inner
        self._seconds = seconds

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        deadline = time.monotonic() + self._seconds
        try:
            async with asyncio.timeout(self._seconds):
                response = await self._inner.handle_async_request(request)
        except TimeoutError as e:
            raise _timeout(self._seconds) from e
        response.stream = _TimedStream(response.stream, deadline, self._seconds)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _timeout(seconds: float) -> httpx2.ReadTimeout:
    return httpx2.ReadTimeout(f"no whole reply within the {seconds:g} s deadline")


def _capped(timeouts: Any, seconds: float) -> dict[str, float]:
    """Each phase's own timeout, none longer than the whole request's."""
    given = timeouts if isinstance(timeouts, dict) else {}
    phases = ("connect", "read", "write", "pool")
    return {p: seconds if given.get(p) is None else min(given[p], seconds) for p in phases}


class _Watchdog:
    """Shuts one request's socket down when its deadline passes."""

    def __init__(self, seconds: float, chained: Callable[[str, dict[str, Any]], Any] | None):
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds
        self._chained = chained
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.fired = False

    def trace(self, name: str, info: dict[str, Any]) -> None:
        if self._chained is not None:
            self._chained(name, info)
        if name in _CONNECTED:
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                self._arm(sock)

    def _arm(self, sock: socket.socket) -> None:
        with self._lock:
            if self._timer is not None:  # TLS wraps the plain socket: watch the new one
                self._timer.cancel()
            left = max(0.0, self._deadline - time.monotonic())
            self._timer = threading.Timer(left, self._cut, args=(sock,))
            self._timer.daemon = True
            self._timer.start()

    def _cut(self, sock: socket.socket) -> None:
        self.fired = True
        try:
            # Through a duplicate of the descriptor: shutting down affects the connection
            # itself, without touching the (TLS) socket object the reader is using.
            with socket.fromfd(sock.fileno(), sock.family, sock.type) as dup:
                dup.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass  # already closed: the request is over anyway

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()

    def timeout(self) -> httpx2.ReadTimeout:
        return _timeout(self._seconds)


class _WatchedStream(httpx2.SyncByteStream):
    def __init__(self, inner: Any, watchdog: _Watchdog) -> None:
        self._inner = inner
        self._watchdog = watchdog

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except httpx2.TransportError as e:
            if self._watchdog.fired:
                raise self._watchdog.timeout() from e
            raise
        finally:
            self._watchdog.stop()

    def close(self) -> None:
        self._watchdog.stop()
        self._inner.close()


class _TimedStream(httpx2.AsyncByteStream):
    def __init__(self, inner: Any, deadline: float, seconds: float) -> None:
        self._inner = inner
        self._deadline = deadline
        self._seconds = seconds

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = aiter(self._inner)
        while True:
            try:
                async with asyncio.timeout_at(_loop_time(self._deadline)):
                    chunk = await anext(chunks)
            except StopAsyncIteration:
                return
            except TimeoutError as e:
                raise _timeout(self._seconds) from e
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def _loop_time(deadline: float) -> float:
    """``deadline`` (on ``time.monotonic``) on the running loop's clock."""
    return asyncio.get_running_loop().time() + (deadline - time.monotonic())
