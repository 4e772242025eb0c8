"""`python -m tdb.adapter`: a Debug Adapter Protocol adapter on standard input and output, for editors.

An editor starts it (nvim-dap's `executable` adapter, a VS Code extension's
debugAdapterExecutable) and speaks DAP to it. The adapter answers `initialize`
itself, with the engine's capabilities. On `launch` it runs the program under
tdb's engine, listening on a private Unix socket (`python -m tdb --listen PATH
program args`, in a 0700 temporary directory), connects, and sends the engine
`initialize` (without tdb/pdbMeanings: the engine follows DAP's meanings) and
the client's launch as `attach` with its stopOnEntry. On `attach` it connects to
a program waiting on a TDB_LISTEN socket (`listen`), or injects the engine into
a running Python 3.14 program (`processId`, as `tdb -p` does: attach.py). From
then on it relays messages both ways.

Every message the client gets is stamped with the adapter's own seq (its own
`output` events and the engine's messages never share one); a response keeps
the request_seq of the client's request; the responses to the adapter's own
requests to the engine are not relayed. The program's stdout and stderr reach
the client as `output` events. The adapter ends with the session: `terminated`
sent (it waits a little for the client's disconnect), the client's disconnect
answered, or standard input closed. A launched program ends with the session;
an attached one runs on.

Standard library only, and never the interface (Textual).
"""

from __future__ import annotations

import codecs
import itertools
import os
import queue
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, BinaryIO, Callable

from .dap import extensions
from .dap.framing import FrameDecoder, ProtocolError, encode
from .dap.listen import AddressError, is_tcp, tcp_address
from .engine.handlers.lifecycle import CAPABILITIES
from .launch import WAITING

NAME = "tdb.adapter"
# How long a launched program may take to listen, and an attach target to be there.
CONNECT_TIMEOUT = 30.0
ATTACH_CONNECT_TIMEOUT = 3.0
# After `terminate` or `disconnect`, how long a launched program has to end before it is killed.
END_GRACE = 2.0
# After `terminated`, how long the client has to say disconnect before the adapter leaves.
AFTER_TERMINATED = 5.0
# The program's output after the engine said it exited: how long to wait for the rest of it.
OUTPUT_DRAIN = 2.0
STDERR_TAIL = 4000


def capabilities() -> dict[str, Any]:
    """What the adapter says in its initialize response: the engine's, for a client with DAP's meanings."""
    return {**CAPABILITIES, extensions.ENGINE: True, "supportsRestartRequest": False}


class RequestFailed(Exception):
    """A request the adapter answers itself cannot be done: the error response's message."""


# -- the two sides ---------------------------------------------------------------------


class ClientWriter:
    """Messages to the client on standard output, each with the adapter's own next seq."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self.closed = False

    def send(self, message: dict[str, Any]) -> None:
        with self._lock:
            if self.closed:
                return
            message = {"seq": next(self._seq), **{key: value for key, value in message.items() if key != "seq"}}
            try:
                self._stream.write(encode(message))
                self._stream.flush()
            except (OSError, ValueError):
                self.closed = True

    def respond(self, request: dict[str, Any], body: dict[str, Any] | None = None, error: str | None = None) -> None:
        message: dict[str, Any] = {"type": "response", "request_seq": request.get("seq", 0),
                                   "command": request.get("command", ""), "success": error is None}
        if error is not None:
            message["message"] = error
        if body is not None:
            message["body"] = body
        self.send(message)

    def event(self, name: str, body: dict[str, Any] | None = None) -> None:
        message: dict[str, Any] = {"type": "event", "event": name}
        if body is not None:
            message["body"] = body
        self.send(message)


class Pending:
    """What a request sent to the engine was: the client's (seq, command), or the adapter's own (on_response)."""

    def __init__(self, client_seq: int | None = None, command: str = "",
                 on_response: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.client_seq = client_seq
        self.command = command
        self.on_response = on_response


class EngineLink:
    """The socket to the engine: requests stamped with the adapter's seq for the engine, and a reader thread."""

    def __init__(self, sock: socket.socket, inbox: "queue.Queue[tuple[str, Any]]") -> None:
        self.sock = sock
        self.pending: dict[int, Pending] = {}
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self.closed = False
        self._inbox = inbox
        threading.Thread(target=self._read, name="tdb-adapter-engine", daemon=True).start()

    def request(self, command: str, arguments: dict[str, Any] | None, pending: Pending) -> int | None:
        """Send a request; its seq on the engine's side, or None if the engine is gone."""
        with self._lock:
            if self.closed:
                return None
            seq = next(self._seq)
            self.pending[seq] = pending
            message: dict[str, Any] = {"seq": seq, "type": "request", "command": command}
            if arguments is not None:
                message["arguments"] = arguments
            try:
                self.sock.sendall(encode(message))
            except OSError:
                del self.pending[seq]
                self.closed = True
                return None
            return seq

    def engine_seq_of(self, client_seq: Any) -> int | None:
        """The engine's seq of a client request still waiting for its response (for `cancel`)."""
        for seq, pending in list(self.pending.items()):
            if pending.client_seq == client_seq:
                return seq
        return None

    def _read(self) -> None:
        decoder = FrameDecoder()
        try:
            while True:
                try:
                    data = self.sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    break
                for message in decoder.feed(data):
                    self._inbox.put(("engine", message))
        except ProtocolError as error:
            self._inbox.put(("engine-error", str(error)))
        self._inbox.put(("engine-closed", None))

    def close(self) -> None:
        with self._lock:
            self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def read_client(fd: int, inbox: "queue.Queue[tuple[str, Any]]") -> None:
    """The client's messages from standard input, into the inbox; then closed, or the malformed frame's error."""
    decoder = FrameDecoder()
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            inbox.put(("client-closed", None))
            return
        try:
            for message in decoder.feed(data):
                inbox.put(("client", message))
        except ProtocolError as error:
            inbox.put(("client-error", str(error)))
            return


class OutputRelay:
    """A launched program's stdout or stderr, to the client as `output` events (the last of stderr kept too)."""

    def __init__(self, pipe: BinaryIO, category: str, client: ClientWriter, drop_first: str = "") -> None:
        self._pipe = pipe
        self._category = category
        self._client = client
        self._drop_first = drop_first  # (stderr: the listening engine's line for `tdb --connect`)
        self.tail = ""
        self.thread = threading.Thread(target=self._relay, name=f"tdb-adapter-{category}", daemon=True)
        self.thread.start()

    def _relay(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        held, dropping = "", bool(self._drop_first)
        while True:
            try:
                data = os.read(self._pipe.fileno(), 65536)
            except OSError:
                data = b""
            text = decoder.decode(data, final=not data)
            if dropping:
                held += text
                if self._drop_first.startswith(held) and data:
                    continue  # it may still be that line
                if held.startswith(self._drop_first):
                    held = held[len(self._drop_first):]
                text, held, dropping = held, "", False
            if text:
                if self._category == "stderr":
                    self.tail = (self.tail + text)[-STDERR_TAIL:]
                self._client.event("output", {"category": self._category, "output": text})
            if not data:
                break
        try:
            self._pipe.close()
        except OSError:
            pass


# -- the adapter -------------------------------------------------------------------------


class Adapter:
    def __init__(self, stdin_fd: int, stdout: BinaryIO) -> None:
        self.inbox: "queue.Queue[tuple[str, Any]]" = queue.Queue()
        self.client = ClientWriter(stdout)
        self._stdin_fd = stdin_fd
        self.client_arguments: dict[str, Any] = {}
        self.engine: EngineLink | None = None
        self.kind = ""  # launch or attach, once asked
        self.token: str | None = None  # attach over TCP: the program's session token
        self.refused: str | None = None  # why the engine refused the adapter's initialize
        self.process: subprocess.Popen | None = None  # the program launch started
        self.relays: list[OutputRelay] = []
        self.directory = ""  # the private directory of the launched program's socket
        self.exited: dict[str, Any] | None = None  # the engine's `exited`, held until the output is in
        self.terminated = False  # sent to the client
        self.finished = False  # the session is over: leave
        self.exit_code = 0
        self.kill_at: float | None = None  # a launched program asked to end: killed if still there then
        self.leave_at: float | None = None  # terminated sent: the client's disconnect is awaited until then

    # -- the loop ------------------------------------------------------------------------

    def run(self) -> int:
        threading.Thread(target=read_client, args=(self._stdin_fd, self.inbox), name="tdb-adapter-client",
                         daemon=True).start()
        try:
            while not self.finished:
                try:
                    kind, payload = self.inbox.get(timeout=self._timeout())
                except queue.Empty:
                    self._on_time()
                    continue
                if kind == "client":
                    self.on_client(payload)
                elif kind == "client-closed":
                    self.end_session()
                elif kind == "client-error":
                    print(f"{NAME}: the client sent a malformed message ({payload}); ending the session",
                          file=sys.stderr, flush=True)
                    self.exit_code = 1
                    self.end_session()
                elif kind == "engine":
                    self.on_engine(payload)
                elif kind == "engine-error":
                    print(f"{NAME}: the engine sent a malformed message ({payload})", file=sys.stderr, flush=True)
                elif kind == "engine-closed":
                    self.on_engine_closed()
        finally:
            self.cleanup()
        return self.exit_code

    def _timeout(self) -> float | None:
        deadlines = [when for when in (self.kill_at, self.leave_at) if when is not None]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _on_time(self) -> None:
        now = time.monotonic()
        if self.kill_at is not None and now >= self.kill_at:
            self.kill_at = None
            self.kill_program()
        if self.leave_at is not None and now >= self.leave_at:
            self.finished = True  # the client never said disconnect

    # -- from the client -------------------------------------------------------------------

    def on_client(self, message: dict[str, Any]) -> None:
        if message.get("type") != "request":
            return  # (a response to a reverse request: the adapter sends none)
        command = message.get("command")
        arguments = message.get("arguments")
        if not isinstance(command, str) or not isinstance(arguments, (dict, type(None))):
            self.client.respond(message, error="malformed request: needs a command and an arguments object")
            return
        arguments = arguments or {}
        handler = {"initialize": self.initialize, "launch": self.launch, "attach": self.attach,
                   "disconnect": self.disconnect, "terminate": self.terminate, "cancel": self.cancel}.get(command)
        try:
            if handler is not None:
                handler(message, arguments)
            else:
                self.forward(message, arguments)
        except RequestFailed as error:
            self.client.respond(message, error=str(error))
        except Exception as error:  # a bug of the adapter's: one request, not the session
            print(f"{NAME}: the {command!r} request failed: {type(error).__name__}: {error}", file=sys.stderr,
                  flush=True)
            self.client.respond(message, error=f"internal error: {type(error).__name__}: {error}")

    def initialize(self, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        # (Its `initialized` comes from the engine, once there is one: configuration goes there.)
        self.client_arguments = {key: value for key, value in arguments.items() if key != extensions.PDB_MEANINGS}
        self.client.respond(request, capabilities())

    def forward(self, request: dict[str, Any], arguments: dict[str, Any], as_command: str | None = None) -> int:
        """Send a client's request on to the engine; its response goes back under the client's seq."""
        if self.engine is None:
            raise RequestFailed("no program to debug: launch or attach first")
        pending = Pending(request.get("seq"), str(request.get("command")))
        seq = self.engine.request(as_command or str(request.get("command")),
                                  arguments if arguments or "arguments" in request else None, pending)
        if seq is None:
            raise RequestFailed("the debugged program has gone")
        return seq

    def cancel(self, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        """DAP cancel names the client's seq; the engine knows the request under the adapter's."""
        arguments = dict(arguments)
        if "requestId" in arguments and self.engine is not None:
            seq = self.engine.engine_seq_of(arguments["requestId"])
            if seq is None:
                self.client.respond(request)  # answered already: nothing to cancel
                return
            arguments["requestId"] = seq
        self.forward(request, arguments)

    def terminate(self, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        if self.engine is None or self.engine.closed or self.terminated:
            self.client.respond(request)
            self.end_session()
            return
        self.forward(request, arguments)
        if self.process is not None:
            self.kill_at = time.monotonic() + END_GRACE  # a program running untraced may never hear it

    def disconnect(self, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        if self.engine is None or self.engine.closed or self.terminated:  # (the session is over already)
            self.client.respond(request)
            self.finished = True
            return
        arguments = dict(arguments)
        # A program the adapter launched ends with the session; one it attached to runs on.
        arguments.setdefault("terminateDebuggee", self.kind == "launch")
        self.forward(request, arguments)

    # -- launch and attach ----------------------------------------------------------------

    def launch(self, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        if self.kind:
            raise RequestFailed(f"this session has {self.kind}ed already")
        command, cwd, env = self._program_command(arguments)
        self.kind = "launch"
        self.directory = tempfile.mkdtemp(prefix="tdb-adapter-")  # 0700: only this user reaches the socket
        address = os.path.join(self.directory, "tdb.sock")
        command[command.index("--listen") + 1] = address
        try:
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as error:
            self.kind = ""
            shutil.rmtree(self.directory, ignore_errors=True)
            raise RequestFailed(f"cannot start {command[0]}: {error.strerror or error}") from None
        self.relays = [OutputRelay(self.process.stdout, "stdout", self.client),  # type: ignore[arg-type]
                       OutputRelay(self.process.stderr, "stderr", self.client,  # type: ignore[arg-type]
                                   drop_first=WAITING.format(address=address) + "\n")]
        try:
            sock = self._connect_to_launched(address)
        except RequestFailed:  # nothing launched: the client may try again
            self.kill_program()
            shutil.rmtree(self.directory, ignore_errors=True)
            self.kind, self.process, self.relays, self.directory = "", None, [], ""
            raise
        self._start_engine(sock, request, arguments)

    def _program_command(self, arguments: dict[str, Any]) -> tuple[list[str], str, dict[str, str]]:
        """python -m tdb --listen PATH (program | -m module) args; the working directory; the environment."""
        program, module = arguments.get("program"), arguments.get("module")
        if not (isinstance(program, str) and program) and not (isinstance(module, str) and module):
            raise RequestFailed("launch needs a program (a script's path) or a module (a module's name)")
        cwd = arguments.get("cwd") or os.getcwd()
        if not isinstance(cwd, str) or not os.path.isdir(cwd):
            raise RequestFailed(f"cwd {cwd!r} is not a directory")
        args = arguments.get("args") or []
        if isinstance(args, str):
            args = shlex.split(args)
        if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
            raise RequestFailed("args must be a list of strings")
        python = arguments.get("python") or [sys.executable]
        if isinstance(python, str):
            python = [python]
        if not isinstance(python, list) or not python or not all(isinstance(part, str) for part in python):
            raise RequestFailed("python must be an interpreter's path (or a list: the path and its options)")
        if isinstance(module, str) and module:
            target = ["-m", module]
        else:
            target = [os.path.join(cwd, os.path.expanduser(program))]
        env = dict(os.environ)
        given = arguments.get("env") or {}
        if not isinstance(given, dict):
            raise RequestFailed("env must be an object of names and values")
        for name, value in given.items():
            if value is None:
                env.pop(str(name), None)  # (DAP: null removes a variable)
            else:
                env[str(name)] = str(value)
        env.pop("TDB_LISTEN", None)  # (--listen says where)
        env.setdefault("PYTHONUNBUFFERED", "1")  # the program's output as it prints it, not when a buffer fills
        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if not _importable_from(package_parent, python[0]):
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
        return [*python, "-m", "tdb", "--listen", "", *target, *args], cwd, env

    def _connect_to_launched(self, address: str) -> socket.socket:
        assert self.process is not None
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            if self.process.poll() is not None:
                for relay in self.relays:
                    relay.thread.join(OUTPUT_DRAIN)
                said = self.relays[1].tail.strip().splitlines()
                why = f": {said[-1]}" if said else ""
                raise RequestFailed(f"the program ended (exit code {self.process.returncode}) before the "
                                    f"debugger started{why}")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(address)
                return sock
            except OSError:
                sock.close()
            if time.monotonic() > deadline:
                self.kill_program()
                raise RequestFailed(f"the program did not start listening within {CONNECT_TIMEOUT:.0f} s")
            time.sleep(0.02)

    def attach(self, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        if self.kind:
            raise RequestFailed(f"this session has {self.kind}ed already")
        address = arguments.get("listen") or arguments.get("connect")
        pid = arguments.get("processId")
        token = arguments.get("token")
        if isinstance(address, str) and is_tcp(address):
            sock = _connect_tcp(address)
            self.token = token if isinstance(token, str) else os.environ.get("TDB_TOKEN")
        elif isinstance(address, str) and address:
            sock = _connect_unix(address)
        elif pid is not None:
            sock = self._attach_to_process(pid)
        else:
            raise RequestFailed('attach needs "listen" (the socket path, or tcp:HOST:PORT with its "token", that a '
                                'program given TDB_LISTEN or tdb --listen waits on) or "processId" (a running '
                                'Python 3.14 program)')
        self.kind = "attach"
        self._start_engine(sock, request, arguments)

    def _attach_to_process(self, pid: Any) -> socket.socket:
        from . import attach  # (only here: sys.remote_exec's machinery, tdb -p's)

        def say(text: str) -> None:
            self.client.event("output", {"category": "console", "output": text + "\n"})

        try:
            process = attach.inspect(attach.parse_pid(str(pid)))
            sock, _ = attach.attach_to(process, say)
        except attach.AttachError as error:
            raise RequestFailed(str(error)) from None
        return sock

    def _start_engine(self, sock: socket.socket, request: dict[str, Any], arguments: dict[str, Any]) -> None:
        """initialize the engine (DAP's meanings), then the client's launch or attach as attach with its stopOnEntry."""
        self.engine = EngineLink(sock, self.inbox)
        initialize = {"clientID": "tdb.adapter", "adapterID": "tdb", **self.client_arguments}
        if self.token:  # (a program listening on TCP lets in only who brings its session's token)
            initialize[extensions.TOKEN] = self.token
        self.engine.request("initialize", initialize, Pending(on_response=self._engine_initialized))
        self.forward(request, {"stopOnEntry": bool(arguments.get("stopOnEntry"))}, as_command="attach")

    def _engine_initialized(self, response: dict[str, Any]) -> None:
        if not response.get("success"):
            self.refused = f"the program refused the connection: {response.get('message')}"
            self.client.event("output", {"category": "console", "output": f"tdb: {self.refused}\n"})
            return
        # What the engine says of itself beyond what the adapter said (tdb -p: q detaches): DAP's update.
        announced = capabilities()
        changed = {key: value for key, value in (response.get("body") or {}).items()
                   if announced.get(key, False) != value}
        changed.pop("supportsRestartRequest", None)
        if changed:
            self.client.event("capabilities", {"capabilities": changed})

    # -- from the engine -------------------------------------------------------------------

    def on_engine(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "response":
            assert self.engine is not None
            pending = self.engine.pending.pop(message.get("request_seq"), None)  # type: ignore[arg-type]
            if pending is None:
                return
            if pending.on_response is not None:
                pending.on_response(message)  # the adapter's own request: not the client's business
                return
            self.client.send({**message, "request_seq": pending.client_seq, "command": pending.command})
            if pending.command == "disconnect":
                self.end_session(asked=True)
        elif kind == "event":
            name = message.get("event")
            if name == "exited" and self.process is not None:
                self.exited = message  # after the program's last output
            elif name == "terminated":
                self.send_terminated()
            else:
                self.client.send(message)

    def on_engine_closed(self) -> None:
        if self.engine is not None:
            self.engine.close()
            # What the client still waits for is answered: with why, if the engine said it (a wrong token).
            why = self.refused or "the debugged program closed the connection"
            for pending in list(self.engine.pending.values()):
                if pending.client_seq is not None:
                    self.client.respond({"seq": pending.client_seq, "command": pending.command}, error=why)
            self.engine.pending.clear()
        if not self.terminated:  # the program ended (or was killed) without saying so
            self.send_terminated()

    def send_terminated(self) -> None:
        """exited (the engine's, or the process's own exit code), then terminated: after the program's output."""
        if self.terminated:
            return
        if self.process is not None:
            try:
                self.process.wait(OUTPUT_DRAIN)
            except subprocess.TimeoutExpired:
                pass
            for relay in self.relays:
                relay.thread.join(OUTPUT_DRAIN)
            if self.exited is None and self.process.returncode is not None:
                self.exited = {"type": "event", "event": "exited", "body": {"exitCode": self.process.returncode}}
        if self.exited is not None:
            self.client.send(self.exited)
            self.exited = None
        self.client.event("terminated")
        self.terminated = True
        self.leave_at = time.monotonic() + AFTER_TERMINATED

    # -- the end ------------------------------------------------------------------------------

    def end_session(self, asked: bool = False) -> None:
        """The client disconnected (asked) or went: a launched program ends, an attached one runs on."""
        if not asked and self.engine is not None and not self.engine.closed:
            self.engine.request("disconnect", {"terminateDebuggee": self.kind == "launch"}, Pending(on_response=lambda response: None))
        self.finished = True

    def kill_program(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)  # (its own session: its children too)
            except OSError:
                pass
            try:
                self.process.wait(END_GRACE)
                return
            except subprocess.TimeoutExpired:
                continue

    def cleanup(self) -> None:
        if self.process is not None:
            try:
                self.process.wait(END_GRACE)
            except subprocess.TimeoutExpired:
                self.kill_program()
        if self.engine is not None:
            self.engine.close()
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def _connect_tcp(address: str) -> socket.socket:
    """A program waiting on TCP (TDB_LISTEN=tcp:HOST:PORT)."""
    try:
        host_port = tcp_address(address)
        assert host_port is not None
        sock = socket.create_connection(host_port, timeout=ATTACH_CONNECT_TIMEOUT)
    except AddressError as error:
        raise RequestFailed(str(error)) from None
    except OSError as error:
        raise RequestFailed(f"no program waits on {address} ({error.strerror or error}): start it with "
                            f"TDB_LISTEN={address} or tdb --listen {address}") from None
    sock.settimeout(None)
    return sock


def _connect_unix(address: str) -> socket.socket:
    """A program waiting on `address` (TDB_LISTEN): retried a little, for one that is starting."""
    deadline = time.monotonic() + ATTACH_CONNECT_TIMEOUT
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(address)
            return sock
        except (FileNotFoundError, ConnectionRefusedError) as error:
            sock.close()
            if time.monotonic() > deadline:
                raise RequestFailed(f"no program waits on {address} ({error.strerror}): start it with "
                                    f"TDB_LISTEN={address} or tdb --listen {address}") from None
        except OSError as error:
            sock.close()
            raise RequestFailed(f"cannot connect to {address}: {error.strerror or error}") from None
        time.sleep(0.05)


def _importable_from(package_parent: str, python: str) -> bool:
    """Whether `python` finds this tdb without help: it is ours, and tdb is installed where it looks (not a checkout)."""
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        return False
    import site

    places = [*site.getsitepackages(), site.getusersitepackages()]
    return any(os.path.realpath(place) == os.path.realpath(package_parent) for place in places)


def main() -> int:
    # DAP owns standard output: anything else that writes there (a warning, a stray print) goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    stdin = os.dup(0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # (nothing else reads the client's messages)
    os.close(devnull)
    return Adapter(stdin, out).run()


if __name__ == "__main__":
    sys.exit(main())
