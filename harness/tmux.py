"""A real terminal for end-to-end tests: a private tmux server with one 120x40 pane.

Every Tmux object runs its own tmux server (`tmux -L <unique name>`), so a
test never touches the user's tmux sessions, and killing the server at the
end takes every process in the pane with it. Synchronisation is by polling
the screen (`wait_for`), never by sleeping a fixed time.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable, Pattern

WIDTH = 120
HEIGHT = 40
POLL_SECONDS = 0.05
DEFAULT_TIMEOUT = 10.0
PROMPT = "e2e$ "  # the shell's prompt in the pane: distinctive, so it is easy to find on the screen

# The virtualenv's bin directory first, as if it were activated: `tdb` and `python` are the ones under test.
VENV_BIN = str(Path(sys.executable).parent)


class TmuxMissing(Exception):
    pass


def require_tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        raise TmuxMissing(
            "tmux is not installed, and the e2e tests drive tdb in a real terminal through it: "
            "install tmux (apt-get install tmux / brew install tmux) or deselect them with -m 'not e2e'"
        )
    return path


class Timeout(AssertionError):
    """What was awaited never showed; the message carries the screen as it was."""


class Tmux:
    """One tmux server, one session, one pane of WIDTH x HEIGHT."""

    def __init__(self, *, cwd: str | os.PathLike[str] | None = None, home: str | os.PathLike[str] | None = None,
                 width: int = WIDTH, height: int = HEIGHT, name: str | None = None) -> None:
        self.tmux = require_tmux()
        self.socket = name or f"tdb-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.cwd = str(cwd or os.getcwd())
        self.home = str(home or self.cwd)
        self.width = width
        self.height = height
        self.started = False
        self.socket_path = ""

    # -- life cycle -----------------------------------------------------------------

    def environment(self, **extra: str) -> dict[str, str]:
        """The pane's whole environment: nothing is inherited from the test process."""
        env = {
            "HOME": self.home,
            "PATH": os.pathsep.join([VENV_BIN, "/usr/local/bin", "/usr/bin", "/bin"]),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PS1": PROMPT,
            "HISTFILE": "/dev/null",
            # No pre-started interface (tdb/prestart.py) left behind to serve the next test: each
            # session starts cold unless a test asks for one (with a private XDG_RUNTIME_DIR).
            "TDB_PRESTART": "0",
        }
        for name in ("TDB_TIMELINE", "TDB_DAP_LOG"):  # set when running the tests: to see what a failing one did
            if os.environ.get(name):
                env[name] = os.environ[name]
        env.update(extra)
        return env

    def start(self, command: str | None = None, **env: str) -> "Tmux":
        """Start the pane running `command` (default: an interactive bash showing PROMPT)."""
        shell = command or "bash --norc --noprofile -i"
        assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.environment(**env).items())
        self.started = True  # from here on, close() kills the server whatever happens
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", str(self.width), "-y", str(self.height),
                   "-c", self.cwd, f"exec env -i {assignments} {shell}")
        self.socket_path = self.display("#{socket_path}")
        # Pin the size (no client ever attaches) and keep the pane's last screen if its command exits.
        self._tmux("set-option", "-t", "e2e", "window-size", "manual")
        self._tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
        if os.environ.get("E2E_PANE_LOG"):  # every byte the pane gets, to see what a failing test saw
            self._tmux("pipe-pane", "-t", "e2e", "-o", f"cat >> {shlex.quote(os.environ['E2E_PANE_LOG'])}")
        if command is None:
            self.wait_for_prompt()
        return self

    def close(self) -> None:
        """Kill the server and everything running in it. Safe to call twice, and after a failure."""
        if self.started:
            self.started = False
            subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
            if self.socket_path:
                try:
                    os.unlink(self.socket_path)  # tmux leaves its socket file behind
                except OSError:
                    pass

    def __enter__(self) -> "Tmux":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _tmux(self, *args: str) -> str:
        # tmux itself runs with a minimal environment too, so the server's global environment is clean.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "TMUX_TMPDIR": os.environ.get("TMUX_TMPDIR", "/tmp")}
        result = subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True, env=env,
                                timeout=10)
        if result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result.stdout

    # -- input ----------------------------------------------------------------------

    def send_keys(self, *keys: str) -> None:
        """Keys by tmux name: "n", "Enter", "Escape", "C-c", ..."""
        self._tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        """Literal text, character by character (no key names)."""
        self._tmux("send-keys", "-t", "e2e", "-l", text)

    def run(self, command: str) -> None:
        """Type a shell command and press Enter."""
        self.type(command)
        self.send_keys("Enter")

    def resize(self, width: int, height: int) -> None:
        """Make the pane WIDTH x HEIGHT, as a terminal window resized by its user (SIGWINCH to its foreground)."""
        self._tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    # -- output ---------------------------------------------------------------------

    def screen(self) -> str:
        """What the pane shows now (the alternate screen while an application has it)."""
        return self._tmux("capture-pane", "-p", "-t", "e2e")

    def normal_screen(self) -> str:
        """The normal screen, even while an application shows the alternate one over it."""
        if self.alternate_on():
            return self._tmux("capture-pane", "-p", "-a", "-q", "-t", "e2e")
        return self.screen()

    def alternate_on(self) -> bool:
        return self.display("#{alternate_on}") == "1"

    def display(self, fmt: str) -> str:
        return self._tmux("display-message", "-p", "-t", "e2e", fmt).strip()

    def pane_pid(self) -> int:
        return int(self.display("#{pane_pid}"))

    # -- synchronisation ------------------------------------------------------------

    def wait_until(self, predicate: Callable[[str], bool], timeout: float = DEFAULT_TIMEOUT,
                   what: str = "the condition", *, poll: float = POLL_SECONDS,
                   capture: Callable[[], str] | None = None) -> str:
        """Poll the screen until predicate(screen) holds; return that screen."""
        capture = capture or self.screen
        deadline = time.monotonic() + timeout
        while True:
            text = capture()
            if predicate(text):
                return text
            if time.monotonic() >= deadline:
                raise Timeout(f"waited {timeout:g} s for {what}; the screen shows:\n{frame(text)}")
            time.sleep(poll)

    def wait_for(self, pattern: str | Pattern[str], timeout: float = DEFAULT_TIMEOUT, **options: object) -> str:
        """Poll until `pattern` (a plain string, or a compiled regex searched per screen) is on the screen."""
        if isinstance(pattern, str):
            return self.wait_until(lambda text: pattern in text, timeout, f"{pattern!r}", **options)  # type: ignore[arg-type]
        return self.wait_until(lambda text: pattern.search(text) is not None, timeout,
                               f"/{pattern.pattern}/", **options)  # type: ignore[arg-type]

    def wait_for_gone(self, pattern: str | Pattern[str], timeout: float = DEFAULT_TIMEOUT) -> str:
        if isinstance(pattern, str):
            return self.wait_until(lambda text: pattern not in text, timeout, f"{pattern!r} to go away")
        return self.wait_until(lambda text: pattern.search(text) is None, timeout, f"/{pattern.pattern}/ to go away")

    def wait_for_prompt(self, timeout: float = DEFAULT_TIMEOUT, *, own_line: bool = True) -> str:
        """The shell is back: not in the alternate screen, and the last non-blank line is the bare prompt.

        With own_line=False the prompt may follow other text on its line (something left a line unfinished).
        """
        def at_prompt(text: str) -> bool:
            lines = [line.rstrip() for line in text.splitlines() if line.strip()]
            if not lines:
                return False
            return lines[-1] == PROMPT.rstrip() if own_line else lines[-1].endswith(PROMPT.rstrip())

        return self.wait_until(lambda text: not self.alternate_on() and at_prompt(text), timeout,
                               "the shell prompt on the normal screen")

    def tty_modes(self, timeout: float = DEFAULT_TIMEOUT) -> dict[str, bool]:
        """Run `stty -a` in the pane's shell; the local modes that matter, e.g. {"icanon": True, "echo": True}."""
        marker = uuid.uuid4().hex[:6]
        self.run(f"printf 'MODES-{marker}[%s]\\n' \"$(stty -a | tr -s ' ;' '\\n\\n' "
                 f"| grep -xE -- '-?(icanon|echo|isig|icrnl|opost)' | tr '\\n' ' ')\"")
        pattern = re.compile(rf"MODES-{marker}\[([^%\]]*)\]")
        match = pattern.search(self.wait_for(pattern, timeout))
        assert match is not None
        return {word.lstrip("-"): not word.startswith("-") for word in match.group(1).split()}


def frame(text: str) -> str:
    """A screen dump that shows where the screen's edges are."""
    rule = "+" + "-" * WIDTH + "+"
    return "\n".join([rule, *(f"|{line}" for line in text.splitlines()), rule])
