"""Where a program waits for tdb's interface, and who may come in: addresses, tokens, peers.

Both sides read it: the engine (launch.py listens) and the interface (`tdb --connect` parses the
same addresses and sends the token). Standard library only, imported only when a program listens.

An address (TDB_LISTEN, `tdb --listen`, `tdb --connect`) is one of:

- `tcp:HOST:PORT` (`tcp:[::1]:PORT`, `tcp:PORT` or `tcp::PORT` for 127.0.0.1; listening on port 0
  takes any free port, and the line that says how to connect names it). Beyond loopback only with
  --allow-remote (TDB_ALLOW_REMOTE=1). A TCP client must know the session's token: its first
  message is DAP's `initialize` with the token in its arguments (`tdb/token`), compared in
  constant time; any other first message is answered with an error and the connection closed.
- `unix` (or `1`): the default socket, `$XDG_RUNTIME_DIR/tdb/tdb-PID.sock` when that directory is
  the user's own, else `tdb.sock` in a new 0700 directory `tdb-listen-PID-*` in the temporary
  directory. Sockets (and directories) left there by programs that were killed are removed by the
  next program that listens.
- `unix:PATH`, or any other PATH: a Unix socket there (a path that exists is refused).

A Unix socket needs no token: it is 0600 (in a 0700 directory when it is the default one), and the
kernel's word on the peer (SO_PEERCRED) is checked before a byte is read: only this program's user
and root come in, who may read and change the program's memory anyway (ptrace, `tdb -p`).
"""

from __future__ import annotations

import errno
import os
import re
import socket
import stat
import struct

from .extensions import TOKEN as TOKEN_KEY

DEFAULT_WORDS = ("unix", "1")  # TDB_LISTEN=unix or TDB_LISTEN=1: the default socket
LOOPBACK = "127.0.0.1"


class AddressError(ValueError):
    """Not an address tdb can listen on or connect to."""


def is_tcp(address: str) -> bool:
    return address.startswith("tcp:")


def tcp_address(address: str, *, listening: bool = False) -> tuple[str, int] | None:
    """(host, port) of `tcp:HOST:PORT` (`tcp:[::1]:PORT`; `tcp:PORT` for 127.0.0.1); None for a socket path.

    Port 0 (any free port) only where a program listens."""
    if not is_tcp(address):
        return None
    rest = address[4:]
    host, colon, port = rest.rpartition(":")
    if not colon:  # tcp:PORT
        host, port = "", rest
    host = host.strip("[]") or LOOPBACK
    low = 0 if listening else 1
    if not (port.isascii() and port.isdigit()) or not low <= int(port) < 65536:
        raise AddressError(f"{address}: expected tcp:HOST:PORT with a port from {low} to 65535")
    return host, int(port)


def unix_path(address: str) -> str | None:
    """The socket path an address names; None for the default socket (`unix`, `1`, `unix:`)."""
    if address in DEFAULT_WORDS:
        return None
    if address.startswith("unix:"):
        return address[5:] or None
    return address


def show_tcp(host: str, port: int) -> str:
    """`tcp:HOST:PORT` as `tdb --connect` takes it; a wildcard host is shown as this machine's loopback."""
    if host in ("0.0.0.0", ""):
        host = LOOPBACK
    elif host == "::":
        host = "::1"
    return f"tcp:[{host}]:{port}" if ":" in host else f"tcp:{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether every address `host` names is this machine's loopback (a name is looked up)."""
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    addresses = {info[4][0] for info in found}
    return bool(addresses) and all(ipaddress.ip_address(a.partition("%")[0]).is_loopback for a in addresses)


def remote_allowed(environ: "os._Environ[str] | dict[str, str]" = os.environ) -> bool:
    return environ.get("TDB_ALLOW_REMOTE", "").strip().lower() in ("1", "yes", "true", "on")


# -- tokens ------------------------------------------------------------------------------


def make_token() -> str:
    """A new session's token: 192 random bits, in characters a shell and a URL leave alone."""
    import secrets

    return secrets.token_urlsafe(24)


def token_matches(given: object, expected: str) -> bool:
    """Whether the client's token is the session's, compared in constant time (hmac.compare_digest)."""
    import hmac

    if not isinstance(given, str):
        given = ""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))


def check_initialize(message: dict, token: str) -> str | None:
    """Why a TCP client's first message does not open the session (None: it does)."""
    if message.get("type") != "request" or message.get("command") != "initialize":
        said = "".join(c if c.isprintable() else "?" for c in str(message.get("command") or message.get("type")))
        return f"its first message was not initialize ({said[:40]})"
    arguments = message.get("arguments")
    given = arguments.get(TOKEN_KEY) if isinstance(arguments, dict) else None
    if given is None:
        return "no token"
    if not token_matches(given, token):
        return "wrong token"
    return None


# -- peers on a Unix socket ----------------------------------------------------------------


def peer_credentials(sock: socket.socket) -> tuple[int, int, int] | None:
    """(pid, uid, gid) of the process at the other end of a Unix socket, as the kernel says; None if it cannot say."""
    if hasattr(socket, "SO_PEERCRED"):  # Linux
        size = struct.calcsize("3i")
        try:
            pid, uid, gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, size))
        except OSError:
            return None
        return pid, uid, gid
    if hasattr(socket, "LOCAL_PEERCRED"):  # macOS, BSD: struct xucred {u_int version; uid_t uid; short ngroups; gid_t groups[16]}
        try:
            raw = sock.getsockopt(0, socket.LOCAL_PEERCRED, struct.calcsize("IIh16I"))
            _, uid, _, gid = struct.unpack_from("IIhI", raw)
        except (OSError, struct.error):
            return None
        return 0, uid, gid
    return None


def peer_allowed(peer_uid: int, own_uid: int) -> bool:
    """Who may drive this program through its Unix socket: its own user, and root."""
    return peer_uid == own_uid or peer_uid == 0


def refusal_of_peer(peer: tuple[int, int, int], own_uid: int) -> str:
    pid, uid, _ = peer
    who = f"uid {uid}" + (f" (pid {pid})" if pid else "")
    return f"{who} is neither this program's user (uid {own_uid}) nor root"


# -- the default socket ------------------------------------------------------------------


def runtime_directory() -> str | None:
    """$XDG_RUNTIME_DIR/tdb, made if need be, when $XDG_RUNTIME_DIR is a directory of this user's own that
    only they may enter; else None."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if not runtime or not os.path.isabs(runtime):
        return None
    try:
        status = os.stat(runtime)
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.geteuid() or status.st_mode & 0o077:
        return None
    return private_directory(os.path.join(runtime, "tdb"))


def private_directory(directory: str) -> str | None:
    """`directory`, made 0700 if need be, when it is a directory of this user's that only they may
    enter (not a link); else None."""
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    status = os.lstat(directory)
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.geteuid() or status.st_mode & 0o077:
        return None
    return directory


_SOCKET_NAME = re.compile(r"tdb-(\d+)\.sock")
_DIRECTORY_NAME = re.compile(r"tdb-listen-(\d+)-")


def default_socket() -> tuple[str, str | None]:
    """(the socket's path, the private directory made for it, to remove with it, or None)."""
    pid = os.getpid()
    runtime = runtime_directory()
    if runtime is not None:
        remove_stale(runtime)
        return os.path.join(runtime, f"tdb-{pid}.sock"), None
    import tempfile

    remove_stale(tempfile.gettempdir())
    directory = tempfile.mkdtemp(prefix=f"tdb-listen-{pid}-")  # 0700
    return os.path.join(directory, "tdb.sock"), directory


def remove_stale(directory: str) -> list[str]:
    """Remove what programs killed while listening left in `directory`: their sockets (`tdb-PID.sock`) in
    $XDG_RUNTIME_DIR/tdb, their directories (`tdb-listen-PID-*` holding only `tdb.sock`) in the temporary
    directory. Only this user's, whose program is gone and on which nobody listens. The paths removed."""
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        path = os.path.join(directory, name)
        socket_match = _SOCKET_NAME.fullmatch(name)
        directory_match = _DIRECTORY_NAME.match(name)
        if socket_match and _abandoned_socket(path, int(socket_match[1])):
            try:
                os.unlink(path)
                removed.append(path)
            except OSError:
                pass
        elif directory_match and _owned(path, stat.S_ISDIR) and _gone(int(directory_match[1])):
            inside = os.path.join(path, "tdb.sock")
            try:
                contents = os.listdir(path)
            except OSError:
                continue
            if contents and (contents != ["tdb.sock"] or not _abandoned_socket(inside, None)):
                continue
            try:
                if contents:
                    os.unlink(inside)
                os.rmdir(path)
                removed.append(path)
            except OSError:
                pass
    return removed


def _owned(path: str, kind) -> bool:
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return kind(status.st_mode) and status.st_uid == os.geteuid()


def _gone(pid: int) -> bool:
    """Whether no process `pid` runs here (this process counts as gone: it listens on one socket at a time)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # (another user's: alive)
        return False
    return False


def _abandoned_socket(path: str, pid: int | None) -> bool:
    """A socket of this user's, its program gone (when its pid is known), on which nobody listens."""
    if not _owned(path, stat.S_ISSOCK) or (pid is not None and not _gone(pid)):
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError as error:
        return error.errno == errno.ECONNREFUSED  # (a program in another pid namespace may still listen)
    finally:
        probe.close()
    return False
