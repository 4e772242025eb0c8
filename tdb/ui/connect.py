"""`tdb --connect ADDRESS`: draw the interface for a program that is waiting elsewhere.

ADDRESS is a Unix socket's path (`TDB_LISTEN`, `unix:PATH` too) or `tcp:HOST:PORT`, which may be
another DAP server too: `python -m debugpy --listen HOST:PORT --wait-for-client prog.py`. A program
of tdb's listening on TCP lets in only the client that brings its session's token (`--token`, or
TDB_TOKEN): the program printed it where it waits.
"""

from __future__ import annotations

import os
import socket
import sys

from ..dap.listen import AddressError, unix_path
from ..dap.listen import tcp_address as _tcp_address

BadAddress = AddressError


def tcp_address(address: str) -> tuple[str, int] | None:
    """(host, port) of `tcp:HOST:PORT` (`tcp:[::1]:PORT` for IPv6, `tcp:PORT` for 127.0.0.1); None for a path."""
    return _tcp_address(address)


def open_socket(address: str) -> socket.socket:
    """A socket connected to `address`; OSError if nothing answers there."""
    tcp = tcp_address(address)
    if tcp is not None:
        sock = socket.create_connection(tcp, timeout=10)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # (a step is a few small messages)
        return sock
    path = unix_path(address)
    if path is None:
        raise BadAddress(f"{address}: name the socket's path (the program printed it: tdb --connect PATH)")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def connect(address: str, token: str | None = None) -> int:
    """token: the session's (a program listening on TCP); None: TDB_TOKEN's, if set."""
    if token is None:
        token = os.environ.get("TDB_TOKEN") or None
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
    return run_interface(sock, owns_program_terminal=False, any_server=True, token=token)
