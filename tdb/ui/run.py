"""Run the interface on a socket to the engine: spawned by the program, or by `tdb --connect`."""

from __future__ import annotations

import socket
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.handshake import Handshake, HandshakeFailed


def run_interface(sock: socket.socket, *, owns_program_terminal: bool, any_server: bool = False,
                  token: str | None = None) -> int:
    """Handshake while Textual imports, run the app, and say so if the program vanished under it.

    any_server: the socket may reach a DAP server other than tdb's engine (`tdb --connect`).
    token: the session's, for a program listening on TCP."""
    from . import gc_hold

    gc_hold.hold(freeze=True)  # until the first screen is drawn (TdbApp releases it)

    done = handshake_while_importing(sock, any_server, token)
    if isinstance(done, Exception):
        print(f"tdb: {done}", file=sys.stderr)
        return 1
    from .app import TdbApp

    app = TdbApp(sock, handshake=done, owns_program_terminal=owns_program_terminal)
    app.run()
    if app.engine_vanished:
        from .handoff import say_on_terminal

        say_on_terminal("tdb: the program ended without a word (killed?)")
    return app.return_code or 0


def handshake_while_importing(sock: socket.socket, any_server: bool = False,
                              token: str | None = None) -> "Handshake | HandshakeFailed":
    """Talk to the engine in a thread while Textual imports here: the first stop is ready at mount."""
    from .core.handshake import HandshakeFailed, handshake

    outcome: list[Handshake | HandshakeFailed] = []

    def talk() -> None:
        try:
            outcome.append(handshake(sock, first_stop=True, any_server=any_server, token=token))
        except HandshakeFailed as error:
            outcome.append(error)

    talker = threading.Thread(target=talk, name="tdb-handshake")
    talker.start()
    import textual.app  # noqa: F401  (the slow part, overlapping the talk)

    talker.join()
    return outcome[0]
