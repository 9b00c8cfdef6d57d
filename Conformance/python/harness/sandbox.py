"""Starting and stopping the sandbox binary for a run."""

from __future__ import annotations

import collections
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import Deque, List, Optional

import httpx

LISTENING = re.compile(r"listening on (http://[0-9.:\[\]a-zA-Z]+)")


class SandboxStartError(RuntimeError):
    pass


class SandboxProcess:
    """One sandbox process on a loopback port, started from a private copy of the binary so a rebuild
    of the original file during the run cannot disturb it."""

    def __init__(
        self,
        binary: str,
        token: str,
        port: int = 0,
        extra_args: Optional[List[str]] = None,
        copy_binary: bool = True,
    ):
        self.binary = binary
        self.port = port
        self.token = token
        self.extra_args = list(extra_args or [])
        self.copy_binary = copy_binary
        self.process: Optional[subprocess.Popen] = None
        self.base_url: Optional[str] = None
        self._tempdir: Optional[tempfile.TemporaryDirectory] = None
        self._output: Deque[str] = collections.deque(maxlen=200)
        self._address_seen = threading.Event()
        self._reader: Optional[threading.Thread] = None

    # Output -------------------------------------------------------------------------------------

    def recent_output(self, lines: int = 20) -> str:
        return "\n".join(list(self._output)[-lines:]) or "(the sandbox printed nothing)"

    def _drain(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for raw in self.process.stdout:
            line = raw.rstrip("\n")
            self._output.append(line)
            match = LISTENING.search(line)
            if match and self.base_url is None:
                self.base_url = match.group(1).rstrip("/")
                self._address_seen.set()

    # Lifecycle ----------------------------------------------------------------------------------

    def start(self, ready_timeout: float = 30.0) -> str:
        if not os.path.isfile(self.binary):
            raise SandboxStartError(f"sandbox binary not found: {self.binary}")
        executable = self.binary
        if self.copy_binary:
            self._tempdir = tempfile.TemporaryDirectory(prefix="intercom-conformance-")
            executable = os.path.join(self._tempdir.name, os.path.basename(self.binary))
            try:
                shutil.copy2(self.binary, executable)
            except OSError as error:
                raise SandboxStartError(f"cannot copy {self.binary}: {error}") from error

        command = [
            executable,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--seed", "sample",
            "--token", self.token,
            "--rate-limit", "0",
            *self.extra_args,
        ]
        try:
            self.process = self._spawn(command)
        except OSError as error:
            raise SandboxStartError(f"cannot start {self.binary}: {error}") from error
        self._reader = threading.Thread(target=self._drain, name="sandbox-output", daemon=True)
        self._reader.start()

        deadline = time.monotonic() + ready_timeout
        if self.port:
            self.base_url = f"http://127.0.0.1:{self.port}"
            self._address_seen.set()
        # With --port 0 the binary chooses a free port and prints the address it bound.
        while not self._address_seen.wait(timeout=0.1):
            if self.process.poll() is not None:
                raise SandboxStartError(
                    f"sandbox exited with status {self.process.returncode} before listening:\n{self.recent_output()}"
                )
            if time.monotonic() > deadline:
                raise SandboxStartError(
                    f"sandbox printed no listening address within {ready_timeout:.0f} s:\n{self.recent_output()}"
                )
        assert self.base_url is not None
        wait_until_ready(self.base_url, self.token, deadline, self.process)
        return self.base_url

    @staticmethod
    def _spawn(command: List[str]) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            # Its own session: a Ctrl-C in the terminal reaches only this runner, which then stops
            # the sandbox itself, in order.
            start_new_session=True,
        )

    def stop(self) -> None:
        """Stop the sandbox: SIGTERM to its process group (the sandbox and anything it started), then
        SIGKILL if it is still there after ten seconds."""

        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
        if self._reader is not None:
            # The reader ends when every writer of the pipe is gone; never block on it.
            self._reader.join(timeout=2)
            if not self._reader.is_alive() and process is not None and process.stdout is not None:
                process.stdout.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    # The sandbox runs in its own session, so its process group id is its pid: this reaches the
    # process this runner started and its children, nothing else.
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        try:
            process.send_signal(signum)
        except ProcessLookupError:
            pass


def wait_until_ready(base_url: str, token: str, deadline: float, process: Optional[subprocess.Popen] = None) -> None:
    """Poll ``GET /sandbox/status`` until it answers 200 or the deadline passes."""

    last_problem = "no answer yet"
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise SandboxStartError(f"sandbox exited with status {process.returncode} while starting")
            try:
                response = http.get(
                    f"{base_url}/sandbox/status",
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                )
                if response.status_code == 200:
                    return
                last_problem = f"HTTP {response.status_code}: {response.text[:200]}"
            except httpx.HTTPError as error:
                last_problem = f"{type(error).__name__}: {error}"
            time.sleep(0.2)
    raise SandboxStartError(f"GET {base_url}/sandbox/status did not answer 200 in time ({last_problem})")
