"""Run a script under pdb the way `python -m pdb -c CMD ... script.py args` does, with a chosen backend.

    python pdb_driver.py BACKEND CMDS script.py [args ...]

BACKEND is "settrace" or "monitoring" (bdb's backends on 3.14; before 3.14 only
"settrace" exists and the argument must be that). CMDS are pdb commands
separated by ";;" (pdb's own separator), run at the script's first line
exactly as `-c` commands are, e.g. "b hot_loop.py:25;;c". Standard library only:
it runs on whichever interpreter is being measured.

`python -m pdb` itself cannot be used for both columns: on 3.14 it always
picks the monitoring backend (so does breakpoint()), and before 3.14 there is
no choice at all.
"""

import pdb
import sys


def main() -> None:
    backend, commands, script, *args = sys.argv[1:]
    sys.argv[:] = [script, *args]
    options = {"backend": backend} if sys.version_info >= (3, 14) else {}
    if backend != "settrace" and not options:
        raise SystemExit(f"pdb has no {backend!r} backend before Python 3.14")
    debugger = pdb.Pdb(readrc=False, **options)
    debugger.rcLines.extend(commands.split(";;"))
    debugger._run(pdb._ScriptTarget(script))  # what pdb.main() does for `python -m pdb script.py`


if __name__ == "__main__":
    main()
