"""python -m tdb.ui --fd N: the interface process, started by the engine on the terminal."""

from __future__ import annotations

import signal
import socket
import sys

USAGE = "usage: python -m tdb.ui --fd N  (the interface tdb starts for a program; N: its socket to the engine)"


def main(argv: list[str] | None = None) -> int:
    # Parsed by hand: argparse would cost the first screen 3 ms, for one option tdb itself passes.
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "--fd" or not args[1].isdigit():
        print(USAGE, file=sys.stderr)
        return 2
    # Ctrl-C while the program runs reaches both processes; it is the engine's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        sock = socket.socket(fileno=int(args[1]))
    except OSError as error:
        print(f"tdb: no socket to the engine on descriptor {args[1]}: {error.strerror}", file=sys.stderr)
        return 2
    from .run import run_interface

    return run_interface(sock, owns_program_terminal=True, leaves_a_server=True)


if __name__ == "__main__":
    sys.exit(main())
