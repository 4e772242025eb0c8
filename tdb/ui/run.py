"""Run the interface on a socket to the engine: spawned by the program, or by `tdb --connect`."""

from __future__ import annotations

import os
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.handshake import Handshake, HandshakeFailed


def run_interface(sock: socket.socket, *, owns_program_terminal: bool, any_server: bool = False,
                  token: str | None = None, prestarted: str | None = None, leaves_a_server: bool = False) -> int:
    """Handshake while Textual imports, run the app, and say so if the program vanished under it.

    any_server: the socket may reach a DAP server other than tdb's engine (`tdb --connect`).
    token: the session's, for a program listening on TCP.
    prestarted: "first" or "again" in an interface the pre-started server forked (tdb/prestart.py);
    None in one started cold, which leaves such a server behind for the next session if
    `leaves_a_server` (a program's interface, tdb -p's)."""
    from ..timeline import mark
    from . import gc_hold

    mark("interface: run")
    gc_hold.hold(freeze=True)  # until the first screen is drawn (TdbApp releases it)
    import_asyncio_without_tls()

    # A pre-started interface has Textual imported: it builds its screen while the engine, which the
    # program imports only now, gets ready; the app takes the handshake when its panes are there.
    from .core.handshake import PendingHandshake

    pending = PendingHandshake(sock) if prestarted else None
    done = None if pending else handshake_while_importing(sock, any_server, token)
    if isinstance(done, Exception):
        print(f"tdb: {done}", file=sys.stderr)
        return 1
    from . import css_memo
    from .app import TdbApp

    css_memo.keep_on_disk()
    mark("interface: handshake done, Textual imported")
    app = TdbApp(sock, handshake=done, owns_program_terminal=owns_program_terminal, prestarted=prestarted,
                 pending=pending)
    app.run()
    css_memo.save()
    if leaves_a_server and prestarted is None:
        _leave_a_server()
    if app.engine_vanished:
        from .handoff import say_on_terminal

        say_on_terminal("tdb: the program ended without a word (killed?)")
    return app.return_code or 0


def import_asyncio_without_tls() -> None:
    """Import asyncio without `ssl`, which loads OpenSSL (5 ms of a cold first screen) for TLS
    connections that an interface never opens. Imported later, ssl is whole again."""
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        return
    sys.modules["ssl"] = None  # type: ignore[assignment]  (asyncio's `import ssl` fails: it goes without TLS)
    try:
        import asyncio  # noqa: F401
    finally:
        del sys.modules["ssl"]


def _leave_a_server() -> None:
    """The next session of this user's starts warm (tdb/prestart.py), with the program's own settings."""
    from .. import prestart
    from . import FPS_CHOSEN_BY_TDB

    environ = dict(os.environ)
    if FPS_CHOSEN_BY_TDB:
        environ.pop("TEXTUAL_FPS", None)
    prestart.start_server(environ)


def handshake_while_importing(sock: socket.socket, any_server: bool = False,
                              token: str | None = None) -> "Handshake | HandshakeFailed":
    """Talk to the engine in a thread while Textual imports here: the first stop is ready at mount."""
    from .core.handshake import PendingHandshake

    pending = PendingHandshake(sock, any_server, token)
    import textual.app  # noqa: F401  (the slow part, overlapping the talk)

    return pending.outcome()
