"""tdb's additions to the Debug Adapter Protocol, named once for both sides.

DAP lets an adapter add requests and keys; tdb's carry a `tdb/` prefix so that
another client or server ignores them. The engine and the interface spell
each one from here.
"""

from __future__ import annotations

# -- requests ------------------------------------------------------------------------
UNTIL = "tdb/until"  # pdb's `until [line]` in a frame
RUN_TO_LINE = "tdb/runToLine"  # pudb's "run to this line": an internal breakpoint, then continue
SOURCE_LINES = "tdb/sourceLines"  # pdb's `ll` and `source expression`
RELOAD_SOURCE = "tdb/reloadSource"  # a file edited on disk: read it again
RELEASE_TERMINAL = "tdb/releaseTerminal"  # a step outlasted its grace: the program may print again
ARGUMENTS = "tdb/arguments"  # pdb's `args`
INTERACT = "tdb/interact"  # pdb's `interact`: a console on a frame
EXCEPTIONS = "tdb/exceptions"  # pdb's `exceptions`: the stop's chain and groups
SELECT_EXCEPTION = "tdb/selectException"  # pdb's `exceptions N`: its traceback becomes the stack

# -- keys ---------------------------------------------------------------------------
STOP = "tdb/stop"  # in `stopped`: what the screen shows first (stack, scopes, first pages, threads, hits)
QUIT_DETACHES = "tdb/quitDetaches"  # capability: q lets the program run on (tdb -p)
THREAD_STATE = "tdb/state"  # a Thread's state: stopped, waiting or running
THREAD_FRAME = "tdb/frame"  # a Thread's innermost frame: {name, line, source}
LENGTH = "tdb/length"  # a Variable's len()
# Breakpoint specs: enabled (default true), temporary (deleted at its first stop), pdb's ignore count.
ENABLED = "tdb/enabled"
TEMPORARY = "tdb/temporary"
IGNORE = "tdb/ignore"

# -- evaluate contexts ---------------------------------------------------------------
PPRINT = "tdb/pprint"  # pdb's `pp`: the whole value, pretty-printed
INSPECT = "tdb/inspect"  # the value view; its response carries the same key: str, type, module, MRO, length
