"""`tdb script.py`: the program runs as it would without tdb and stops at its first line."""

from __future__ import annotations


def test_stops_at_first_line_and_runs_to_exit(launch, write):
    script = write("prog.py", """
        import sys
        x = 1
        print("hello", x)
        sys.exit(3)
    """)
    debuggee = launch(str(script))
    debuggee.start()
    assert debuggee.where() == ("<module>", 1)
    debuggee.request("continue", threadId=0)
    assert debuggee.wait_event("exited")["exitCode"] == 3
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 3
    assert "hello 1" in stdout
