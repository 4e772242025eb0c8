"""python -m tdb.ui --fd N: the interface process, started by the engine on the terminal."""

from __future__ import annotations

import argparse
import signal
import socket
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tdb.ui")
    parser.add_argument("--fd", type=int, required=True, help="socket to the engine, inherited from it")
    args = parser.parse_args(argv)
    # Ctrl-C while the program runs reaches both processes; it is the engine's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock = socket.socket(fileno=args.fd)
    from .run import run_interface

    return run_interface(sock, owns_program_terminal=True)


if __name__ == "__main__":
    sys.exit(main())
