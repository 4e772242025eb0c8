"""Run the interface on a socket to the engine: spawned by the program, or by `tdb --connect`."""

from __future__ import annotations

import socket
import sys


def run_interface(sock: socket.socket, *, owns_program_terminal: bool) -> int:
    """Handshake while Textual imports, run the app, and say so if the program vanished under it."""
    from . import gc_hold
    from .handshake import handshake_while_importing

    gc_hold.hold(freeze=True)  # until the first screen is drawn (TdbApp releases it)

    done = handshake_while_importing(sock)
    if isinstance(done, Exception):
        print(f"tdb: {done}", file=sys.stderr)
        return 1
    from .app import TdbApp

    app = TdbApp(sock, handshake=done, owns_program_terminal=owns_program_terminal)
    app.run()
    if app.engine_vanished:
        from .terminal import say_on_terminal

        say_on_terminal("tdb: the program ended without a word (killed?)")
    return app.return_code or 0
