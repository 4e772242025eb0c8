"""Programs with no terminal (a service, a container) and programs that listen on TCP.

breakpoint() with no terminal and nothing told says so in one line and runs on; TDB_WAIT (or
set_trace(wait=...)) waits for an interface, as long as it says; TDB_LISTEN=tcp:HOST:PORT lets in
only the client that sends the session's token in its initialize; a Unix socket lets in only the
program's user and root, asked of the kernel before a byte is read; default sockets are removed at
the end, and those of killed programs by the next one.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from harness.debuggee import ROOT, DapError, Debuggee, connect_when_listening
from tdb.dap import listen as where
from tdb.dap.connection import Connection
from tdb.dap.extensions import PDB_MEANINGS, TOKEN

TIMEOUT = 15.0
PROGRAM = """\
import time
x = 41
breakpoint()
print("went on", x + 1, flush=True)
"""
WAITING = re.compile(r"^tdb: waiting for the debugger interface; connect with: tdb --connect (\S+)(?: --token (\S+))?$")
NO_INTERFACE = ("tdb: breakpoint at prog.py:3, no interface (no terminal): running on; to stop there, set TDB_WAIT=1 "
                "and connect with the tdb --connect command it prints")


def no_terminal_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if name not in ("TDB_LISTEN", "TDB_WAIT", "TDB_ALLOW_REMOTE", "TDB_TOKEN", "XDG_RUNTIME_DIR")}
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(PYTHONPATH=str(ROOT), PYTHONBREAKPOINT="tdb.set_trace", TDB_LOG=str(tmp_path / "tdb.log"),
               XDG_RUNTIME_DIR=str(runtime), PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def start(tmp_path: Path, source: str = PROGRAM, *args: str, **env: str) -> subprocess.Popen[str]:
    """The program in a session of its own: no controlling terminal, stdin and stdout not terminals (systemd's, docker's)."""
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(source))
    return subprocess.Popen([sys.executable, *args, str(script)], cwd=tmp_path, env=no_terminal_env(tmp_path, **env),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def waiting_line(process: subprocess.Popen[str], skip: int = 0) -> tuple[str, str | None]:
    """(address, token) from the line the program prints as it starts waiting (after `skip` other lines)."""
    assert process.stderr is not None
    for _ in range(skip):
        process.stderr.readline()
    line = process.stderr.readline().rstrip("\n")
    match = WAITING.match(line)
    assert match, (line, process.stderr.read() if process.poll() is not None else "")
    return match[1], match[2]


def log_text(tmp_path: Path) -> str:
    path = tmp_path / "tdb.log"
    return path.read_text() if path.exists() else ""


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


# -- breakpoint() with no terminal -----------------------------------------------------------------


def test_breakpoint_without_a_terminal_says_where_once_and_runs_on(tmp_path: Path) -> None:
    source = """\
    import os
    for i in range(3):
        breakpoint()
    try:
        os.open("/dev/tty", os.O_RDWR)
    except OSError:
        print("no terminal", flush=True)
    """
    began = time.monotonic()
    process = start(tmp_path, source)
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    assert time.monotonic() - began < 5
    assert (process.returncode, stdout) == (0, "no terminal\n")
    line = ("tdb: breakpoint at prog.py:3, no interface (no terminal): running on; to stop there, set TDB_WAIT=1 "
            "and connect with the tdb --connect command it prints")
    if sys.version_info >= (3, 14):
        line += f"; or attach now: tdb -p {process.pid}"
    assert stderr.splitlines() == [line]  # once for the place, not once for each pass
    assert line.removeprefix("tdb: ") in log_text(tmp_path)


@pytest.mark.parametrize("how", ["TDB_WAIT", "set_trace(wait=...)"])
def test_told_to_wait_it_waits_that_long_then_runs_on(tmp_path: Path, how: str) -> None:
    if how == "TDB_WAIT":
        process = start(tmp_path, PROGRAM, TDB_WAIT="1.5")
    else:
        process = start(tmp_path, PROGRAM.replace("breakpoint()", "import tdb; tdb.set_trace(wait=1.5)"))
    began = time.monotonic()
    address, token = waiting_line(process)
    runtime = tmp_path / "runtime" / "tdb"
    assert (address, token) == (str(runtime / f"tdb-{process.pid}.sock"), None)
    assert Path(address).is_socket() and Path(address).stat().st_mode & 0o777 == 0o600
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    assert 1.4 < time.monotonic() - began < 10
    assert (process.returncode, stdout) == (0, "went on 42\n")
    assert stderr.splitlines() == ["tdb: no interface connected within 1.5 s: running on"]
    assert "no interface connected within 1.5 s" in log_text(tmp_path)
    assert list(runtime.iterdir()) == []  # the socket is gone with the wait


def test_told_to_wait_an_interface_that_connects_gets_the_stop(tmp_path: Path, processes: list) -> None:
    processes.append(process := start(tmp_path, PROGRAM, TDB_WAIT="1"))
    address, _ = waiting_line(process)
    client = Client(connect_when_listening(address, process))
    stop = client.begin()
    assert stop["line"] == 4  # (set_trace stops at the next line, as pdb's does)
    assert not Path(address).exists()  # removed as soon as the interface is in
    assert client.evaluate("x", stop["frameId"]) == "41"
    client.finish()
    stdout, _ = process.communicate(timeout=TIMEOUT)
    assert (process.returncode, stdout) == (0, "went on 42\n")


def test_without_xdg_runtime_dir_the_socket_is_in_a_private_directory_removed_at_the_end(
        tmp_path: Path, processes: list) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    processes.append(process := start(tmp_path, PROGRAM, TDB_WAIT="30", XDG_RUNTIME_DIR="", TMPDIR=str(temporary)))
    address, _ = waiting_line(process)
    directory = Path(address).parent
    assert directory.parent == temporary and directory.name.startswith(f"tdb-listen-{process.pid}-")
    assert directory.stat().st_mode & 0o777 == 0o700
    client = Client(connect_when_listening(address, process))
    client.begin()
    assert not directory.exists()
    client.finish()
    assert process.communicate(timeout=TIMEOUT)[0] == "went on 42\n"


# -- TCP and its token ----------------------------------------------------------------------------------


class Client:
    """A DAP client of the engine's (tdb's interface's meanings), on any socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.connection = Connection(sock)
        self.incoming = self.connection.messages()
        self.events: list[dict[str, Any]] = []

    def send(self, command: str, **arguments: Any) -> int:
        message = {"type": "request", "command": command, "arguments": arguments}
        self.connection.send(message)
        return message["seq"]

    def response(self, seq: int) -> dict[str, Any]:
        for message in self.incoming:
            if message["type"] == "response" and message["request_seq"] == seq:
                return message
            if message["type"] == "event":
                self.events.append(message)
        raise DapError("the engine closed the connection")

    def request(self, command: str, **arguments: Any) -> dict[str, Any]:
        response = self.response(self.send(command, **arguments))
        assert response["success"], response
        return response.get("body") or {}

    def event(self, name: str) -> dict[str, Any]:
        for index, event in enumerate(self.events):
            if event["event"] == name:
                return self.events.pop(index).get("body") or {}
        for message in self.incoming:
            if message["type"] == "event" and message["event"] == name:
                return message.get("body") or {}
            if message["type"] == "event":
                self.events.append(message)
        raise DapError(f"the engine closed the connection before {name}")

    def begin(self, token: str | None = None) -> dict[str, Any]:
        """initialize (with the token), attach, configurationDone; the first stop's top frame, with threadId."""
        arguments: dict[str, Any] = {"clientID": "tests", "adapterID": "tdb", PDB_MEANINGS: True}
        if token is not None:
            arguments[TOKEN] = token
        self.request("initialize", **arguments)
        self.request("attach")
        self.request("configurationDone")
        stopped = self.event("stopped")
        frame = self.request("stackTrace", threadId=stopped["threadId"])["stackFrames"][0]
        return {**frame, "frameId": frame["id"], "threadId": stopped["threadId"]}

    def evaluate(self, expression: str, frame_id: int) -> str:
        return self.request("evaluate", expression=expression, frameId=frame_id, context="repl")["result"]

    def finish(self) -> None:
        """Let the program run to its end, continuing from every stop (tdb's interface's q would end it)."""
        thread = next(iter(self.request("threads")["threads"]))["id"]
        self.request("continue", threadId=thread)
        for message in self.incoming:
            if message["type"] == "event" and message["event"] == "stopped":
                self.send("continue", threadId=message["body"]["threadId"])
            elif message["type"] == "event" and message["event"] == "exited":
                break
        self.connection.close()


def tcp_connect(address: str) -> socket.socket:
    host, port = where.tcp_address(address)  # type: ignore[misc]
    sock = socket.create_connection((host, port), timeout=TIMEOUT)
    sock.settimeout(None)
    return sock


def refused_with(address: str, first: dict[str, Any]) -> dict[str, Any] | None:
    """Send `first` as the first message; the engine's answer (None if none), after which it closes the connection."""
    sock = tcp_connect(address)
    client = Client(sock)
    client.connection.send(first)
    # tdb's interface sends attach and configurationDone at once: they must not keep the answer from it.
    client.send("attach")
    answer = next((message for message in client.incoming if message["type"] == "response"), None)
    assert next(client.incoming, None) is None  # closed
    client.connection.close()
    return answer


def test_tcp_lets_in_the_right_token_only_and_a_refused_client_leaves_the_wait_alone(
        tmp_path: Path, processes: list) -> None:
    processes.append(process := start(tmp_path, PROGRAM, TDB_LISTEN="tcp:127.0.0.1:0"))
    address, token = waiting_line(process)
    assert re.fullmatch(r"tcp:127\.0\.0\.1:\d+", address) and not address.endswith(":0")  # the port it took
    assert token and len(token) >= 32

    initialize = {"type": "request", "command": "initialize", "arguments": {"clientID": "x", "adapterID": "tdb"}}
    wrong = {**initialize, "arguments": {**initialize["arguments"], TOKEN: token[:-1] + ("A" if token[-1] != "A" else "B")}}
    for first, why in [(wrong, "wrong token"), (initialize, "no token"),
                       ({"type": "request", "command": "threads"}, "its first message was not initialize (threads)")]:
        answer = refused_with(address, first)
        assert answer is not None and not answer["success"] and answer["command"] == first["command"]
        assert answer["message"].startswith(f"refused: {why}: give the token the program printed"), answer
        line = process.stderr.readline().rstrip("\n")  # type: ignore[union-attr]
        assert re.fullmatch(rf"tdb: refused a connection from 127\.0\.0\.1:\d+: {re.escape(why)}", line), line
        assert line.removeprefix("tdb: ") in log_text(tmp_path)
    with tcp_connect(address) as sock:  # not DAP at all
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(100) == b""
    assert "not DAP (malformed header line: b'GET / HTTP/1.1')" in process.stderr.readline()  # type: ignore[union-attr]

    client = Client(tcp_connect(address))
    stop = client.begin(token)
    assert (stop["line"], client.evaluate("x + 1", stop["frameId"])) == (4, "42")
    with pytest.raises(OSError):  # one interface at a time: nobody listens while the session runs
        tcp_connect(address).close()
    client.finish()
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    assert (process.returncode, stdout, stderr) == (0, "went on 42\n", "")


def test_tdb_listen_tcp_runs_a_program_and_tdb_connect_brings_the_token(tmp_path: Path, processes: list) -> None:
    """`tdb --listen tcp:127.0.0.1:0 prog.py`, and `tdb --connect ... --token` (wrong, then none, then right)."""
    processes.append(process := start(tmp_path, PROGRAM, "-m", "tdb", "--listen", "tcp:127.0.0.1:0"))
    address, token = waiting_line(process)

    def connect(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environment = {name: value for name, value in os.environ.items() if name != "TDB_TOKEN"}
        return subprocess.run([sys.executable, "-m", "tdb", "--connect", address, *args], cwd=ROOT,
                              env={**environment, **env}, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60)

    result = connect("--token", "not-the-token")
    assert result.returncode == 1
    assert result.stderr.startswith("tdb: initialize failed: refused: wrong token: give the token the program printed")
    result = connect(TDB_TOKEN="")
    assert result.returncode == 1 and result.stderr.startswith("tdb: initialize failed: refused: no token")
    assert "refused a connection from 127.0.0.1" in process.stderr.readline()  # type: ignore[union-attr]
    assert "refused a connection from 127.0.0.1" in process.stderr.readline()  # type: ignore[union-attr]

    client = Client(tcp_connect(address))
    assert client.begin(token)["line"] == 1  # tdb's first stop, at the program's first line
    client.finish()


def test_listening_beyond_loopback_needs_allow_remote(tmp_path: Path, processes: list) -> None:
    (tmp_path / "prog.py").write_text(PROGRAM)
    result = subprocess.run([sys.executable, "-m", "tdb", "--listen", "tcp:0.0.0.0:0", "prog.py"], cwd=tmp_path,
                            env=no_terminal_env(tmp_path), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=30)
    assert (result.returncode, result.stderr) == (2, (
        "tdb: error: tcp:0.0.0.0:0 is reachable from other machines: tdb listens beyond this machine's loopback "
        "only with --allow-remote (TDB_ALLOW_REMOTE=1)\n"))

    process = start(tmp_path, PROGRAM, TDB_LISTEN="tcp:0.0.0.0:0")  # breakpoint(): a line, and it runs on
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    assert (process.returncode, stdout) == (0, "went on 42\n")
    assert stderr.splitlines() == ["tdb: cannot start the debugger interface (tcp:0.0.0.0:0 is reachable from other "
                                   "machines: tdb listens beyond this machine's loopback only with --allow-remote "
                                   "(TDB_ALLOW_REMOTE=1)); continuing without stopping"]


@pytest.mark.parametrize("how", ["TDB_ALLOW_REMOTE=1", "--allow-remote"])
def test_a_container_s_program_listens_on_every_address_with_allow_remote(
        tmp_path: Path, processes: list, how: str) -> None:
    """As in a container whose port is published: listen on 0.0.0.0, warned; connect from outside with the token."""
    if how == "--allow-remote":
        process = start(tmp_path, PROGRAM, "-m", "tdb", "--listen", "tcp:0.0.0.0:0", "--allow-remote")
    else:
        process = start(tmp_path, PROGRAM, TDB_LISTEN="tcp:0.0.0.0:0", TDB_ALLOW_REMOTE="1")
    processes.append(process)
    warning = process.stderr.readline().rstrip("\n")  # type: ignore[union-attr]
    assert re.fullmatch(r"tdb: warning: listening on 0\.0\.0\.0:\d+ \(tcp\), reachable from other machines: whoever "
                        r"reaches it with the token drives this program, and nothing is encrypted \(a tunnel to a "
                        r"loopback port is safer: ssh -L\)", warning), warning
    address, token = waiting_line(process)
    port = re.search(r"0\.0\.0\.0:(\d+)", warning)[1]  # type: ignore[index]
    assert address == f"tcp:127.0.0.1:{port}"  # (a wildcard: this machine's loopback reaches it)
    assert "warning: listening on 0.0.0.0" in log_text(tmp_path)
    client = Client(tcp_connect(address))
    assert client.begin(token)["line"] == (1 if how == "--allow-remote" else 4)  # (tdb prog.py: its first line)
    client.finish()


# -- who may come in through a Unix socket ------------------------------------------------------------


def test_the_peer_check_lets_in_the_same_user_and_root_only() -> None:
    assert where.peer_allowed(1000, 1000) and where.peer_allowed(0, 1000) and where.peer_allowed(0, 0)
    assert not where.peer_allowed(1001, 1000) and not where.peer_allowed(1000, 0)
    assert where.refusal_of_peer((4242, 1001, 1001), 1000) == "uid 1001 (pid 4242) is neither this program's user " \
                                                            "(uid 1000) nor root"
    left, right = socket.socketpair()
    with left, right:
        assert where.peer_credentials(left) == (os.getpid(), os.geteuid(), os.getegid())


def test_a_refused_peer_is_closed_before_a_byte_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capfd: pytest.CaptureFixture[str]) -> None:
    from tdb import launch

    monkeypatch.setenv("TDB_LOG", str(tmp_path / "tdb.log"))
    listener = launch._Listener.open(str(tmp_path / "s.sock"))

    class Peer:
        closed = False

        def recv(self, *_: object) -> bytes:
            raise AssertionError("read from a peer that may not come in")

        def close(self) -> None:
            self.closed = True

    monkeypatch.setattr(where, "peer_credentials", lambda sock: (4242, os.geteuid() + 1, 0))
    try:
        peer = Peer()
        assert listener._admit_unix(peer) is None and peer.closed  # type: ignore[arg-type]
    finally:
        listener.close()
    line = (f"tdb: refused a connection to {tmp_path / 's.sock'}: uid {os.geteuid() + 1} (pid 4242) is neither this "
            f"program's user (uid {os.geteuid()}) nor root")
    assert capfd.readouterr().err.splitlines() == [line]
    assert line.removeprefix("tdb: ") in log_text(tmp_path)
    assert not (tmp_path / "s.sock").exists()


@pytest.fixture
def other_user() -> Iterator[pwd.struct_passwd]:
    """A user made for the test (root only), removed after."""
    if os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("making a user needs root (the check itself is tested above)")
    name = f"tdbt{os.getpid() % 100000}"
    subprocess.run(["userdel", name], capture_output=True)  # (one a killed run left)
    subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True,
                   capture_output=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["userdel", name], capture_output=True)


def test_another_user_is_refused_on_a_unix_socket_and_the_program_s_own_user_gets_in(
        tmp_path: Path, processes: list, other_user: pwd.struct_passwd) -> None:
    # A directory and a socket the other user could reach (tdb makes its own 0700 and 0600: here the test
    # opens them, so that the kernel's permission check lets the connection through to tdb's own).
    directory = Path(tempfile.mkdtemp(prefix="tdb-peer-"))
    try:
        directory.chmod(0o755)
        address = directory / "open.sock"
        processes.append(process := start(tmp_path, PROGRAM, TDB_LISTEN=str(address)))
        assert waiting_line(process)[0] == str(address)
        address.chmod(0o666)
        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable  # (one it may run)
        client = subprocess.run(
            [python, "-c", textwrap.dedent("""\
                import socket, sys
                sock = socket.socket(socket.AF_UNIX)
                sock.connect(sys.argv[1])
                body = b'{"seq":1,"type":"request","command":"initialize","arguments":{}}'
                try:
                    sock.sendall(b"Content-Length: %d\\r\\n\\r\\n" % len(body) + body)
                    print(sock.recv(1000) or "closed")
                except (BrokenPipeError, ConnectionResetError):  # (closed before the message was sent, or read)
                    print("closed")
            """), str(address)],
            user=other_user.pw_uid, group=other_user.pw_gid, extra_groups=[], cwd="/", env={"PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, timeout=TIMEOUT)
        assert (client.returncode, client.stdout) == (0, "closed\n"), client.stderr
        line = process.stderr.readline().rstrip("\n")  # type: ignore[union-attr]
        assert re.fullmatch(rf"tdb: refused a connection to {re.escape(str(address))}: uid {other_user.pw_uid} "
                            rf"\(pid \d+\) is neither this program's user \(uid 0\) nor root", line), line
        engine = Client(connect_when_listening(str(address), process))  # root, the program's user: in
        assert engine.begin()["line"] == 4
        engine.finish()
        assert process.communicate(timeout=TIMEOUT)[0] == "went on 42\n"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# -- what killed programs leave behind -----------------------------------------------------------------


def dead_pid() -> int:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    return ended.pid


def test_stale_sockets_and_directories_are_removed_by_the_next_listener(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    gone = dead_pid()
    stale = runtime / f"tdb-{gone}.sock"
    leftover = socket.socket(socket.AF_UNIX)
    leftover.bind(str(stale))
    leftover.close()  # as a killed program leaves it: the file, nobody listening
    alive = runtime / f"tdb-{os.getppid()}.sock"  # a living program's (its pid alive, listening)
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(alive))
    listening.listen(1)
    other = runtime / "notes.txt"
    other.write_text("mine\n")
    stale_directory = tmp_path / f"tdb-listen-{gone}-abc"
    stale_directory.mkdir(mode=0o700)
    leftover = socket.socket(socket.AF_UNIX)
    leftover.bind(str(stale_directory / "tdb.sock"))
    leftover.close()
    kept_directory = tmp_path / f"tdb-listen-{gone}-def"  # holds more than a socket: not tdb's to remove
    kept_directory.mkdir()
    (kept_directory / "data").write_text("x")
    try:
        assert where.remove_stale(str(runtime)) == [str(stale)]
        assert where.remove_stale(str(tmp_path)) == [str(stale_directory)]
        assert alive.exists() and other.exists() and kept_directory.exists()
    finally:
        listening.close()


def test_a_killed_program_s_socket_is_removed_by_the_next_program(tmp_path: Path, processes: list) -> None:
    killed = start(tmp_path, PROGRAM, TDB_WAIT="30")
    address, _ = waiting_line(killed)
    killed.kill()
    killed.communicate()
    assert Path(address).exists()
    processes.append(process := start(tmp_path, PROGRAM, TDB_WAIT="30"))
    assert waiting_line(process)[0] != address
    assert not Path(address).exists()


# -- addresses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("address, parsed", [
    ("tcp:127.0.0.1:5678", ("127.0.0.1", 5678)), ("tcp:5678", ("127.0.0.1", 5678)), ("tcp::0", ("127.0.0.1", 0)),
    ("tcp:[::1]:80", ("::1", 80)), ("tcp:0.0.0.0:1", ("0.0.0.0", 1)), ("/tmp/x.sock", None), ("unix", None),
])
def test_addresses(address: str, parsed: tuple[str, int] | None) -> None:
    assert where.tcp_address(address, listening=True) == parsed


def test_address_mistakes_and_defaults() -> None:
    with pytest.raises(where.AddressError, match="tcp:HOST:PORT with a port from 1 to 65535"):
        where.tcp_address("tcp:127.0.0.1:0")  # (connecting: a port to connect to)
    with pytest.raises(where.AddressError, match="from 0 to 65535"):
        where.tcp_address("tcp:host:http", listening=True)
    assert [where.unix_path(a) for a in ("unix", "1", "unix:", "unix:/a/b", "/a/b")] == [None, None, None, "/a/b", "/a/b"]
    assert where.is_loopback("127.0.0.1") and where.is_loopback("::1") and where.is_loopback("localhost")
    assert not where.is_loopback("0.0.0.0") and not where.is_loopback("10.1.2.3")
    assert where.show_tcp("0.0.0.0", 5) == "tcp:127.0.0.1:5" and where.show_tcp("::", 5) == "tcp:[::1]:5"
    assert where.token_matches("abc", "abc") and not where.token_matches("abd", "abc")
    assert not where.token_matches(None, "abc") and not where.token_matches("", "abc")


@pytest.mark.parametrize("args, message", [
    (["--token"], "--token needs the token"),
    (["--token", "t", "prog.py"], "--token goes with --connect: a program that listens makes its own"),
    (["--connect", "tcp:1.2.3.4:5", "--allow-remote"], "--allow-remote goes with --listen: --connect reaches any "
                                                        "address"),
])
def test_the_command_line_s_mistakes(args: list[str], message: str) -> None:
    from tdb.cli import UsageError, parse

    with pytest.raises(UsageError, match=re.escape(message)):
        parse(args)


def test_the_command_line_takes_the_token_and_allow_remote() -> None:
    from tdb.cli import parse

    assert parse(["--connect", "tcp:h:1", "--token", "T"]) == ("connect", "tcp:h:1", [], {"connect": "tcp:h:1",
                                                                                          "token": "T"})
    assert parse(["--listen", "tcp:0.0.0.0:1", "--allow-remote", "p.py", "a"]) == (
        "script", "p.py", ["a"], {"listen": "tcp:0.0.0.0:1", "allow_remote": True})


def test_tdb_wait_s_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from tdb.launch import DEFAULT_WAIT, wait_seconds

    for value, seconds in [("", None), ("0", 0.0), ("no", 0.0), ("1", DEFAULT_WAIT), ("yes", DEFAULT_WAIT),
                           ("2.5", 2.5), ("inf", float("inf"))]:
        monkeypatch.setenv("TDB_WAIT", value)
        assert wait_seconds() == seconds, value
    monkeypatch.setenv("TDB_WAIT", "7")
    assert (wait_seconds(True), wait_seconds(False), wait_seconds(3)) == (7.0, 0.0, 3.0)
    monkeypatch.delenv("TDB_WAIT")
    assert wait_seconds(True) == DEFAULT_WAIT == 60.0
