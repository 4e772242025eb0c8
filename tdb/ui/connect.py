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
    from .__main__ import handshake_while_importing

    done = handshake_while_importing(sock)
    if isinstance(done, Exception):
        print(f"tdb: {done}", file=sys.stderr)
        return 1
    from .app import TdbApp

    # The program's terminal is elsewhere: this one stays ours while it runs.
    app = TdbApp(sock, handshake=done, owns_program_terminal=False)
    app.run()
    return app.return_code or 0
