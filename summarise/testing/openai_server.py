"""A real OpenAI-compatible HTTP server on 127.0.0.1 that follows a script of faults.

Each request to ``/v1/chat/completions`` takes the next step of the script; when the
script runs out, every request succeeds. A success answers in the shape the request
asked for: a tool call when the request offered tools, otherwise message content::

    with ScriptedOpenAIServer(reply=summary_dict, script=[Fault.status(429, retry_after=1),
                                                          Fault.status(500), Fault.ok()]) as server:
        summarise_article(text, base_url=server.base_url, model="scripted")
    assert len(server.requests) == 3

Faults are real HTTP behaviour on a real socket, so they exercise the real openai client,
instructor and retry code, not mocks of them.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Fault", "ScriptedOpenAIServer"]

Responder = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Fault:
    """One scripted answer. Build with the class methods."""

    kind: str
    code: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    body: str | None = None
    finish_reason: str = "stop"

    @classmethod
    def ok(cls, *, delay_s: float = 0.0) -> Fault:
        """A valid answer, after ``delay_s`` seconds."""
        return cls("ok", delay_s=delay_s)

    @classmethod
    def status(
        cls, code: int, *, retry_after: float | None = None, message: str | None = None
    ) -> Fault:
        """An error status with an OpenAI-style error body (``message`` in it, or
        "scripted <code>"), optionally with Retry-After."""
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        return cls("status", code=code, headers=headers, body=message)

    @classmethod
    def stall(cls, seconds: float) -> Fault:
        """Answer validly, but only after ``seconds`` (past a client's timeout)."""
        return cls("ok", delay_s=seconds)

    @classmethod
    def dribble(cls, every_s: float, *, headers_too: bool = False) -> Fault:
        """Answer validly, but one byte every ``every_s`` seconds: the body only (headers
        at once), or, with ``headers_too``, from the status line on. No single read
        waits long, so only a deadline on the whole request ends it."""
        return cls("dribble_all" if headers_too else "dribble", delay_s=every_s)

    @classmethod
    def reset(cls) -> Fault:
        """Send the headers and half the body, then drop the connection."""
        return cls("reset")

    @classmethod
    def raw(cls, body: str) -> Fault:
        """Answer 200 with this exact body (e.g. something that is not JSON)."""
        return cls("raw", body=body)

    @classmethod
    def empty_choices(cls) -> Fault:
        """Answer 200 with a well-formed completion that has no choices."""
        return cls("empty")

    @classmethod
    def reply(cls, content: str, *, finish_reason: str = "stop") -> Fault:
        """A well-formed completion whose tool arguments or content are ``content``."""
        return cls("reply", body=content, finish_reason=finish_reason)


class _Server(ThreadingHTTPServer):
    # The standard library listens with a backlog of 5: a client opening dozens of
    # connections at once would have most of them dropped and retried a second later.
    request_queue_size = 1024


class ScriptedOpenAIServer:
    """An OpenAI-compatible server on 127.0.0.1 with a scripted series of answers.

    Args:
        reply: What a successful answer contains: a dict, or a function of the request
            body returning one.
        script: The answers to the first requests, in order.
        usage: Prompt and completion tokens reported on every well-formed answer.
        delay_s: How long every answer takes (a model's latency), faults aside.
        port: The port to listen on; any free one when 0. A fixed port lets a test
            stand in for the endpoint that replies were recorded from.
    """

    def __init__(
        self,
        reply: dict[str, Any] | Responder,
        script: Iterable[Fault] = (),
        *,
        usage: tuple[int, int] = (120, 80),
        delay_s: float = 0.0,
        port: int = 0,
    ) -> None:
        self._reply: Responder = reply if callable(reply) else (lambda _body: reply)
        self._script = list(script)
        self._usage = usage
        self._delay_s = delay_s
        self._lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []  # each request's headers, in order
        self._server = _Server(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ScriptedOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, body: dict[str, Any], headers: dict[str, str]) -> Fault:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            return self._script.pop(0) if self._script else Fault.ok(delay_s=self._delay_s)

    def _completion(self, body: dict[str, Any], content: str, finish_reason: str) -> bytes:
        message: dict[str, Any] = {"role": "assistant", "content": None}
        tools = body.get("tools") or []
        if tools:
            name = tools[0]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": "call_0",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ]
            if finish_reason == "stop":
                finish_reason = "tool_calls"
        else:
            message["content"] = content
        prompt, completion = self._usage
        return json.dumps(
            {
                "id": "chatcmpl-scripted",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "scripted"),
                "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        ).encode()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as separate writes; with Nagle's algorithm on, the
            # client's delayed ACK would add ~40 ms to every reply and skew benchmarks.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fault = server._next(body, {k.lower(): v for k, v in self.headers.items()})
                if fault.kind.startswith("dribble"):
                    payload = server._completion(body, json.dumps(server._reply(body)), "stop")
                    self._dribble(payload, fault.delay_s, headers_too=fault.kind == "dribble_all")
                    return
                if fault.delay_s:
                    time.sleep(fault.delay_s)
                if fault.kind == "reset":
                    # Whole headers promising the whole body, then half of it, then gone.
                    payload = server._completion(body, json.dumps(server._reply(body)), "stop")
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload[: len(payload) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if fault.kind == "status":
                    message = fault.body if fault.body is not None else f"scripted {fault.code}"
                    error = {"error": {"message": message, "type": "scripted"}}
                    self._send(fault.code, json.dumps(error).encode(), fault.headers)
                    return
                if fault.kind == "empty":
                    empty = json.loads(server._completion(body, "{}", "stop"))
                    empty["choices"] = []
                    self._send(200, json.dumps(empty).encode(), {})
                    return
                if fault.kind == "raw":
                    self._send(200, (fault.body or "").encode(), {})
                    return
                content = fault.body if fault.kind == "reply" else json.dumps(server._reply(body))
                self._send(200, server._completion(body, content or "", fault.finish_reason), {})

            def _dribble(self, payload: bytes, every_s: float, *, headers_too: bool) -> None:
                head = (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n"
                ).encode()
                slow = head + payload if headers_too else payload
                try:
                    if not headers_too:
                        self.wfile.write(head)
                    for i in range(len(slow)):
                        self.wfile.write(slow[i : i + 1])
                        time.sleep(every_s)
                except OSError:
                    pass  # the client gave up, as it should: stop dribbling
                self.close_connection = True

            def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to answer

        return Handler


def main(argv: list[str] | None = None) -> None:
    """Serve one reply from a process of its own, until standard input closes.

    ``python -m summarise.testing.openai_server --reply reply.json --delay-s 0.25``
    prints the base URL as its first line. A benchmark runs the server this way so that
    the server's work is not counted in the process it measures, and closes the pipe to
    stop it.
    """
    import argparse
    import sys
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--reply", required=True, help="a JSON file: what every answer holds")
    parser.add_argument("--delay-s", type=float, default=0.0, help="seconds per answer")
    args = parser.parse_args(argv)
    reply = json.loads(Path(args.reply).read_text(encoding="utf-8"))
    with ScriptedOpenAIServer(reply, delay_s=args.delay_s) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()  # until the parent closes the pipe (or exits)


if __name__ == "__main__":
    main()
