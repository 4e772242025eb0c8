"""python -m tdb.ui --fd N: the interface process, started by the engine on the terminal."""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import threading


def handshake_while_importing(sock: socket.socket) -> "Handshake | Exception":
    """Talk to the engine in a thread while Textual imports here: the first stop is ready at mount."""
    from .handshake import Handshake, HandshakeFailed, handshake

    outcome: list[Handshake | Exception] = []

    def talk() -> None:
        try:
            outcome.append(handshake(sock, first_stop=True))
        except HandshakeFailed as error:
            outcome.append(error)

    talker = threading.Thread(target=talk, name="tdb-handshake")
    talker.start()
    import textual.app  # noqa: F401  (the slow part, overlapping the talk)

    talker.join()
    return outcome[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tdb.ui")
    parser.add_argument("--fd", type=int, required=True, help="socket to the engine, inherited from it")
    args = parser.parse_args(argv)
    # Ctrl-C while the program runs reaches both processes; it is the engine's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock = socket.socket(fileno=args.fd)
    done = handshake_while_importing(sock)
    if isinstance(done, Exception):
        print(f"tdb: {done}", file=sys.stderr)
        return 1
    from .app import TdbApp

    app = TdbApp(sock, handshake=done)
    app.run()
    if app.engine_vanished:
        from .terminal import say_on_terminal

        say_on_terminal("tdb: the program ended without a word (killed?)")
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
