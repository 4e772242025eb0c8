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
TASKS = "tdb/tasks"  # the asyncio tasks of the stopped thread's event loop
TASK_STACK = "tdb/taskStack"  # {taskId}: a task's suspended coroutine frames, read-only
THREAD_POLICY = "tdb/threadPolicy"  # {allStop}: every thread stops when one does, or the others run on
VALUE_FORMAT = "tdb/valueFormat"  # {format: "repr" | "str"}: what a variable shows of its value
LIVE_STACKS = "tdb/liveStacks"  # while the program runs: every thread with its frames (tdb -p --live)
LIVE_WATCHES = "tdb/liveWatches"  # {expressions}: evaluated at each logpoint hit, sent with its message

# -- events -------------------------------------------------------------------------
# {threadId}: the program wants to read the terminal (input(), sys.stdin) while the interface has it; the
# read waits until the terminal is handed over (releaseTerminal, or the program runs on).
TERMINAL_WANTED = "tdb/terminalWanted"

# -- keys ---------------------------------------------------------------------------
STOP = "tdb/stop"  # in `stopped`: what the screen shows first (stack, scopes, first pages, threads, hits)
# In initialize's arguments: the client is tdb's interface and wants pdb's meanings (stepOut stops at the
# return, the program stops at its first line, the session outlives the program for a restart). Without
# it, DAP's: stepOut stops in the caller, stopOnEntry decides, `terminated` follows `exited`.
PDB_MEANINGS = "tdb/pdbMeanings"
# In initialize's arguments: the session's token, without which a program listening on TCP lets no client in
# (tdb/dap/listen.py).
TOKEN = "tdb/token"
LIVE = "tdb/live"  # capability: attached without stopping (tdb -p --live): the screen shows the running threads
ENGINE = "tdb/engine"  # capability: the server is tdb's engine, so tdb's own requests are there
QUIT_DETACHES = "tdb/quitDetaches"  # capability: q lets the program run on (tdb -p)
COMMANDS = "tdb/commands"  # capability: `tdb -c` commands, to run at the first stop as if typed
ALL_THREADS = "tdb/all"  # in `pause`: every running thread
THREAD_STATE = "tdb/state"  # a Thread's state: stopped, pausing (to stop at its next line) or running
THREAD_REASON = "tdb/reason"  # a stopped Thread's stop reason (breakpoint, step, pause, exception, ...)
THREAD_DESCRIPTION = "tdb/description"  # and its description (the exception, the breakpoint)
THREAD_IN_CALL = "tdb/inCall"  # a running Thread: the call it is in now (`time.sleep(5)`), or what it waits for
THREAD_FRAME = "tdb/frame"  # a Thread's innermost frame: {name, line, source}
THREAD_FRAMES = "tdb/frames"  # a Thread's frames, innermost first, in tdb/liveStacks
# In a logpoint's `output` event: when it was hit (time.time()), on which thread, and the live watches' values then.
LOG_TIME = "tdb/time"
LOG_THREAD = "tdb/thread"
LOG_WATCHES = "tdb/watches"
LENGTH = "tdb/length"  # a Variable's len()
# Breakpoint specs: enabled (default true), temporary (deleted at its first stop), pdb's ignore count.
ENABLED = "tdb/enabled"
TEMPORARY = "tdb/temporary"
IGNORE = "tdb/ignore"
TASK = "tdb/task"  # only in the asyncio task(s) of this name (fnmatch pattern: fetch-*)

# -- evaluate contexts ---------------------------------------------------------------
PPRINT = "tdb/pprint"  # pdb's `pp`: the whole value, pretty-printed
INSPECT = "tdb/inspect"  # the value view; its response carries the same key: str, type, module, MRO, length
