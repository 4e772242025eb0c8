"""One debugging session: the connection to an interface, and what the program's side keeps of it.

The session owns the connection (a reader thread that routes each request,
router.py), the output gate, whether the interface has configured the session
or gone, the choice of restart or quit once a program tdb runs has ended, and
the mode (modes.py). It makes the Debugger and hears from it through a narrow
interface: a stop to announce and serve, output to forward, a temporary
breakpoint gone. launch.py keeps the session of each way in.
"""

from __future__ import annotations

import sys
import threading
import time
from types import FrameType

from ..dap import extensions, messages
from ..dap.connection import Connection, ConnectionClosed
from ..dap.framing import ProtocolError
from ..log import log_error
from ..timeline import mark
from . import router, switching, tracer
from .debugger import Debugger
from .handlers import breakpoints, inspection
from .live import Watch, sample_watches
from .modes import ATTACH
from .output import OutputGate
from .requests import Call
from .stops import Resume, Stop
from .thread_watch import ThreadWatch

TYPE_CHECKING = False  # (typing is never imported in the program: tdb/engine/__init__.py)
if TYPE_CHECKING:
    from typing import Any, Callable


# A logpoint's messages a second, at most (Session.log).
LOG_RATE = 20


class RateLimit:
    """A token bucket per key: a burst of up to `rate` admissions, then `rate` a second, evenly (a steady
    sample of a hot line, not a burst and then silence); admit() says how many were refused since the
    last admission, or None.

    Called from any thread on a hot line: no lock (the GIL keeps each step whole; a count
    off by one under a race costs nothing)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._buckets: dict[Any, list[float]] = {}  # key -> [tokens, when they were counted, refused since]

    def admit(self, key: Any) -> int | None:
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = [float(self.rate), now, 0]
        bucket[0] = min(float(self.rate), bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if bucket[0] < 1.0:
            bucket[2] += 1
            return None
        bucket[0] -= 1.0
        refused = int(bucket[2])
        bucket[2] = 0
        return refused


class Session:
    def __init__(self, connection: Connection, *, mode: str, main_file: str = "", commands: tuple[str, ...] = ()) -> None:
        self.connection = connection
        self.mode = mode
        self.commands = commands  # `tdb -c`: for the interface to run at the first stop
        self.debugger = Debugger(self, pause_in_place=mode == ATTACH)
        self.stops = self.debugger.stops
        # Known before the program starts, for function breakpoints set while configuring.
        self.debugger.mainpyfile = self.debugger.canonic(main_file) if main_file else ""
        self.gate = OutputGate(self._forward_output, self._ask_terminal)
        self.configured = threading.Event()
        self.disconnected = threading.Event()
        self.quit_requested = False  # the user asked to end the program and the session
        self.after_exit = Choice()  # a program tdb runs has ended: restart or quit
        # What the client's words mean (initialize's tdb/pdbMeanings): pdb's for tdb's interface (stepOut
        # stops at the return, the program stops at its first line, the session outlives the program for
        # a restart, output is held while the interface owns the terminal); DAP's for any other client.
        self.pdb_meanings = False
        self.stop_on_entry = False  # launch/attach's stopOnEntry, read with DAP's meanings only
        self.live = False  # tdb -p --live: attached without stopping; the interface shows the running threads
        self.live_watches: list[Watch] = []  # sampled at each logpoint hit
        self._log_rate = RateLimit(LOG_RATE)
        self.when_lost: Callable[[], None] | None = None
        self.interface: Any = None  # the interface process launch.py started for this session, if any
        # Taken by set_trace's start: in a busy program each message of the handshake, and the way to
        # the stop, would wait for the GIL at the program's own switch interval.
        self.quick_until_a_stop = switching.HeldOnce()
        self._reader = threading.Thread(target=self._read_loop, name="tdb-dap-reader", daemon=True)
        # While a thread is stopped, the others that start or end are reported (DAP `thread`).
        self.thread_watch = ThreadWatch(lambda: bool(self.stops), lambda reason, thread_id: self.send_event(
            "thread", {"reason": reason, "threadId": thread_id}))

    @property
    def connected(self) -> bool:
        return not self.disconnected.is_set()

    def start(self) -> None:
        self._reader.start()

    # -- sending ----------------------------------------------------------------

    def send_event(self, name: str, body: dict[str, Any] | None = None) -> None:
        self._send(messages.event(0, name, body))

    def respond(self, request: dict[str, Any], body: dict[str, Any] | None = None, error: str | None = None) -> None:
        self._send(messages.response(0, request, body, error=error))

    def _send(self, message: dict[str, Any]) -> None:
        # Engine code: a program thread sends too (its output, forwarded while it steps), and a
        # stop inside the send (in json, say) would wait for the connection's lock that the send holds.
        with self.debugger.engine_code():
            try:
                self.connection.send(message)
            except ConnectionClosed:
                self._lost()

    def program_error(self, text: str) -> None:
        """Print on the program's stderr, where Python would, and in the interface's console."""
        held = self.gate.holding  # held output reaches the console already
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except Exception:
            pass
        if not held and self.pdb_meanings:  # (to another client the program's stderr is its own way there)
            self.send_event("output", {"category": "stderr", "output": text})

    def _forward_output(self, category: str, text: str) -> None:
        self.send_event("output", {"category": category, "output": text})

    def _ask_terminal(self) -> None:
        self.send_event(extensions.TERMINAL_WANTED, {"threadId": threading.get_native_id()})

    @property
    def stops_at_entry(self) -> bool:
        """Whether a program tdb runs stops at its first line: always for pdb's meanings, else as asked."""
        return self.pdb_meanings or self.stop_on_entry

    # -- what the debugger tells the session -------------------------------------------

    def stopped(self, stop: Stop) -> None:
        """A thread stopped: once configured, hold the program's output and announce the stop."""
        mark("engine: stop")
        self.quick_until_a_stop.drop()  # (the stop has its own quick switches)
        self.configured.wait()
        if self.pdb_meanings:  # (another client shares no terminal with the program: nothing to hold)
            self.gate.hold()
        stop.consoles.clear()  # an `interact` console lives for one stop, as pdb's (a jump is a new one)
        body = {"reason": stop.reason, "threadId": stop.thread_id, "allThreadsStopped": self.debugger.all_stop,
                "description": stop.description}
        if stop.exception is not None:
            body["text"] = stop.description
        if stop.breakpoint_ids:
            body["hitBreakpointIds"] = list(stop.breakpoint_ids)
        if self.pdb_meanings:  # (another client asks for what it shows)
            body[extensions.STOP] = inspection.snapshot(Call(self, {}, {}, stop))
        self.send_event("stopped", body)
        mark("engine: stopped sent")
        self.thread_watch.stop_began()

    def answer(self, request: dict[str, Any], stop: Stop) -> None:
        """On the stopped thread: one request queued for the stop (a resuming one raises stops.Resume)."""
        try:
            router.answer(self, request, stop)
        except Resume:
            raise
        except Exception as error:  # a bug: one request, not the program
            where = log_error(f"engine: the {request.get('command')!r} request failed", error)
            self.respond(request, error=f"internal error: {type(error).__name__}: {error} (details in {where})")

    def dispatch(self, request: dict[str, Any]) -> None:
        """A request the stop left unanswered as it ended: answered as for a running program."""
        router.dispatch(self, request)

    def log(self, text: str, path: str, line: int, frame: FrameType) -> None:
        """A logpoint's message, to the interface's console: when, on which thread, and the live watches then.

        A logpoint on a hot line would flood the console (and slow the program with messages nobody
        can read): past LOG_RATE a second, its hits are counted, and the count said with its next message."""
        unsaid = self._log_rate.admit((path, line))
        if unsaid is None:
            return
        if unsaid:
            text += f"   (+{unsaid} hits not shown: at most {LOG_RATE} messages a second)"
        body = {"category": "console", "output": text + "\n", "source": {"path": path}, "line": line,
                extensions.LOG_TIME: time.time(), extensions.LOG_THREAD: threading.current_thread().name}
        if self.live_watches:
            body[extensions.LOG_WATCHES] = sample_watches(self.live_watches, frame)
        self.send_event("output", body)

    def breakpoint_removed(self, bp: Any) -> None:
        """A temporary breakpoint went at its first stop: the client's list must lose it too."""
        if not self.debugger.run_to.owns(bp):
            self.send_event("breakpoint", breakpoints.removed_event(bp))

    def resumed(self, stop: Stop) -> None:
        """Said by the thread itself, so that the client hears it after that thread's `stopped`."""
        self.send_event("continued", {"threadId": stop.thread_id, "allThreadsContinued": False})

    def ran_on(self) -> None:
        """On the thread: the client awaits its stop after its step; none comes, it runs on (DAP `continued`)."""
        self.send_event("continued", {"threadId": threading.get_native_id(), "allThreadsContinued": False})

    # -- the reader thread --------------------------------------------------------

    def _read_loop(self) -> None:
        sys.settrace(None)  # never trace the engine's own thread
        tracer.engine_threads.add(threading.get_ident())
        try:
            for message in self.connection.messages():
                if message.get("type") == "request":
                    mark("engine: <", message.get("command"))
                    self._dispatch_one(message)
        except ProtocolError as error:
            print(f"tdb: the interface sent a malformed message ({error}); closing the connection",
                  file=sys.__stderr__)
        except Exception as error:  # a bug of ours: one line, and the program runs on without us
            where = log_error("engine: reading the interface's messages failed", error)
            print(f"tdb: internal error reading the interface's messages ({type(error).__name__}: {error}); "
                  f"closing the connection (details in {where})", file=sys.__stderr__)
        self.hang_up()

    def _dispatch_one(self, request: dict[str, Any]) -> None:
        try:
            router.dispatch(self, request)
        except Exception as error:  # (handlers' errors are answered in router; this is the routing's own)
            where = log_error(f"engine: routing the {request.get('command')!r} request failed", error)
            self.respond(request, error=f"internal error: {type(error).__name__}: {error} (details in {where})")

    def hang_up(self) -> None:
        """End the session from our side: the program runs on, and nobody waits for the client."""
        self._lost()
        self.connection.close()

    def _lost(self) -> None:
        if self.disconnected.is_set():
            return
        self.disconnected.set()
        self.quick_until_a_stop.drop()
        self.thread_watch.close()
        for stop in self.stops:  # what the user typed is nobody's now: the stop must be free to end
            stop.interruptible.interrupt()
        # First put the terminal right (a killed interface leaves it raw, in the
        # alternate screen); only then may the program run and print again.
        if self.when_lost:
            self.when_lost()
        self.configured.set()  # nobody will configure us now: don't wait
        self.after_exit.choose("quit")
        self.debugger.interface_gone()
        self.gate.release()

    # -- the program's end -----------------------------------------------------------

    def program_exited(self, exit_code: int, *, wait_for_choice: bool = False) -> str:
        """Report the end of the program; for a program tdb runs, wait for restart or quit (pdb's meanings:
        with DAP's, the session ends with the program, and `terminated` follows at once)."""
        self.debugger.run_to.clear()  # a line it never reached: not for the next run
        self.gate.release()
        wait_for_choice = wait_for_choice and not self.quit_requested and self.pdb_meanings
        if wait_for_choice:
            self.after_exit.arm()
        self.send_event("exited", {"exitCode": exit_code})
        return self.after_exit.wait() if wait_for_choice and self.connected else "quit"

    def close(self) -> None:
        """The session ends: say so, and let the interface tdb started leave the screen."""
        self.send_event("terminated")
        self.connection.close()
        if self.interface is not None:
            self.interface.wait_closed()


class Choice:
    """Restart or quit, chosen by the interface once the program has ended."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._armed = False
        self.value = "quit"

    def arm(self) -> None:
        self._event.clear()
        self._armed = True

    @property
    def waiting(self) -> bool:
        return self._armed

    def choose(self, value: str) -> bool:
        """Record the choice; False when nobody is waiting for one."""
        if not self._armed:
            return False
        self.value = value
        self._armed = False
        self._event.set()
        return True

    def wait(self) -> str:
        self._event.wait()
        return self.value
