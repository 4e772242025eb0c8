"""`tdb --connect ADDRESS`: draw the interface for a program that is waiting elsewhere.

ADDRESS is a Unix socket's path (`TDB_LISTEN`) or `tcp:HOST:PORT`, which may be
another DAP server too: `python -m debugpy --listen HOST:PORT --wait-for-client prog.py`.
"""

from __future__ import annotations

import socket
import sys


class BadAddress(ValueError):
    pass


def tcp_address(address: str) -> tuple[str, int] | None:
    """(host, port) of `tcp:HOST:PORT` (`tcp:[::1]:PORT` for IPv6, `tcp:PORT` for 127.0.0.1); None for a path."""
    if not address.startswith("tcp:"):
        return None
    host, _, port = address[4:].rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise BadAddress(f"{address}: expected tcp:HOST:PORT with a port from 1 to 65535")
    return host, int(port)


def open_socket(address: str) -> socket.socket:
    """A socket connected to `address`; OSError if nothing answers there."""
    tcp = tcp_address(address)
    if tcp is not None:
        sock = socket.create_connection(tcp, timeout=10)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # (a step is a few small messages)
        return sock
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address)
    except OSError:
        sock.close()
        raise
    return sock


def connect(address: str) -> int:
    try:
        sock = open_socket(address)
    except BadAddress as error:
        print(f"tdb: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"tdb: cannot connect to {address}: {error.strerror or error}", file=sys.stderr)
        return 1
    from .run import run_interface

    # The program's terminal is elsewhere: this one stays ours while it runs.
    return run_interface(sock, owns_program_terminal=False, any_server=True)
