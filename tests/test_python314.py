"""tdb on Python 3.14, checked from any Python: the engine must run there (CI also runs the whole suite on it)."""

from __future__ import annotations

import subprocess


def test_the_interpreter_is_3_14(python314):
    version = subprocess.run([python314, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "(3, 14)"


def test_engine_steps_and_inspects_on_3_14(launch, write, python314):
    script = write("prog.py", """
        def double(n):
            result = n * 2
            return result

        print(double(21))
    """)
    debuggee = launch(str(script), python=python314)
    debuggee.start(breakpoints={str(script): [3]})
    assert debuggee.where() == ("<module>", 1)
    debuggee.request("continue", threadId=0)
    stop = debuggee.stopped()
    assert (stop["reason"], stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("breakpoint", "double", 3)
    assert debuggee.locals(stop["frames"][0]["id"]) == {"n": "21", "result": "42"}
    debuggee.request("continue", threadId=0)
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert (returncode, stdout) == (0, "42\n")
