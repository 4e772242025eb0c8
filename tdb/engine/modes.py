"""The three ways into a debugging session, named after what the user does."""

SET_TRACE = "set_trace"  # breakpoint() or tdb.set_trace() in the program: its first stop opens the session
RUN = "run"  # tdb script.py, tdb -m module: tdb runs the program, stops at its first line, offers restart
ATTACH = "attach"  # tdb -p PID: injected into a running program, stopped where it is; q detaches
