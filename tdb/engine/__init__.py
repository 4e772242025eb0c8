"""The debugger engine: runs inside the debugged program, standard library only."""
