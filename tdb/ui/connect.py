"""`tdb --connect SOCKET`: draw the interface for a program that is waiting elsewhere."""

from __future__ import annotations

import socket
import sys


def connect(address: str) -> int:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address)
    except OSError as error:
        print(f"tdb: cannot connect to {address}: {error.strerror or error}", file=sys.stderr)
        return 1
    from .run import run_interface

    # The program's terminal is elsewhere: this one stays ours while it runs.
    return run_interface(sock, owns_program_terminal=False)
