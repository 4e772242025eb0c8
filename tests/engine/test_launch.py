"""`tdb script.py`: the program runs as it would without tdb and stops at its first line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from harness.debuggee import ROOT, TIMEOUT


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


# What a program sees of its launch, printed as JSON so that tdb's run can be
# compared with a plain `python` run of the same program.
SHOW = """\
import json, os, sys

main = sys.modules["__main__"]
print(json.dumps({
    "argv": sys.argv,
    "name": __name__,
    "file": __file__,
    "package": __package__,
    "spec": getattr(__spec__, "name", None),
    "main_is_this_module": main.__dict__ is globals(),
    "path0": sys.path[0],
    "cwd": os.getcwd(),
    "helper": __import__("helper").WHERE,
}))
"""


def run_plain(args: list[str], cwd) -> str:
    result = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                            env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_under_tdb(launch, args: list[str], cwd) -> str:
    debuggee = launch(*args, cwd=cwd)
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 0, stderr
    return stdout


def test_a_script_sees_what_it_would_see_without_tdb(launch, write, tmp_path):
    (tmp_path / "app").mkdir()
    write("app/show.py", SHOW)
    write("app/helper.py", "WHERE = 'next to the script'\n")
    (tmp_path / "elsewhere").mkdir()
    args = ["../app/show.py", "one", "--two", "3"]
    expected = json.loads(run_plain(args, tmp_path / "elsewhere"))
    actual = json.loads(run_under_tdb(launch, args, tmp_path / "elsewhere"))
    assert actual == expected
    assert actual["argv"] == args and actual["helper"] == "next to the script"


def test_a_symlinked_script_imports_from_the_real_directory(launch, write, tmp_path):
    write("real/show.py", SHOW)
    write("real/helper.py", "WHERE = 'next to the real script'\n")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "show.py").symlink_to(tmp_path / "real" / "show.py")
    args = ["links/show.py"]
    expected = json.loads(run_plain(args, tmp_path))
    assert expected["helper"] == "next to the real script"
    assert json.loads(run_under_tdb(launch, args, tmp_path)) == expected


def test_a_module_sees_what_it_would_see_without_tdb(launch, write, tmp_path):
    write("pkg/__init__.py", "")
    write("pkg/mod.py", SHOW + "from . import sibling\nprint(sibling.VALUE)\n")
    write("pkg/sibling.py", "VALUE = 'relative import works'\n")
    write("helper.py", "WHERE = 'in the working directory'\n")
    args = ["-m", "pkg.mod", "x", "y"]
    plain = run_plain(args, tmp_path).splitlines()
    under_tdb = run_under_tdb(launch, args, tmp_path).splitlines()
    assert json.loads(under_tdb[0]) == json.loads(plain[0])
    assert under_tdb[1] == plain[1] == "relative import works"
    shown = json.loads(under_tdb[0])
    assert shown["spec"] == "pkg.mod" and shown["package"] == "pkg" and shown["argv"][1:] == ["x", "y"]


def test_a_package_runs_its_main_module(launch, write, tmp_path):
    write("pkg/__init__.py", "")
    write("pkg/__main__.py", SHOW)
    write("helper.py", "WHERE = 'cwd'\n")
    assert json.loads(run_under_tdb(launch, ["-m", "pkg"], tmp_path)) == json.loads(run_plain(["-m", "pkg"], tmp_path))


def test_a_missing_script_is_a_one_line_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tdb", "missing.py"], cwd=tmp_path, capture_output=True, text=True,
        timeout=TIMEOUT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert result.stderr == "tdb: error: no such file: missing.py\n"
    assert result.stdout == ""


def test_a_missing_module_is_a_one_line_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tdb", "-m", "no_such_module_here"], cwd=tmp_path, capture_output=True,
        text=True, timeout=TIMEOUT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("tdb: error: ") and "no_such_module_here" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_syntax_error_is_reported_then_restart_runs_the_fixed_file(launch, write):
    script = write("broken.py", """
        print("fixed")
        x = (1,
    """)
    debuggee = launch(str(script))
    debuggee.start()
    output = debuggee.wait_event("output")
    assert output["category"] == "stderr"
    assert "SyntaxError" in output["output"] and "broken.py" in output["output"]
    assert debuggee.wait_event("exited")["exitCode"] == 1

    script.write_text('print("fixed")\nx = (1,)\n')
    debuggee.request("restart")
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("<module>", 1)
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and stdout == "fixed\n"


def test_restart_after_the_program_ends_runs_it_again_from_the_first_line(launch, write):
    script = write("prog.py", """
        import sys
        count = 1
        print("run", count, sys.argv[1:])
    """)
    debuggee = launch(str(script), "arg")
    debuggee.start({str(script): [3]})
    for _ in range(2):
        stop = debuggee.stopped()
        assert (stop["reason"], stop["frames"][0]["line"]) == ("entry", 1)
        debuggee.request("continue", threadId=stop["threadId"])
        stop = debuggee.stopped()  # breakpoints survive the restart
        assert (stop["reason"], stop["frames"][0]["line"]) == ("breakpoint", 3)
        debuggee.request("continue", threadId=stop["threadId"])
        assert debuggee.wait_event("exited")["exitCode"] == 0
        debuggee.request("restart") if _ == 0 else debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0
    assert stdout == "run 1 ['arg']\nrun 1 ['arg']\n"


def test_restart_is_refused_while_the_program_runs(launch, write):
    script = write("prog.py", "x = 1\n")
    debuggee = launch(str(script))
    debuggee.start()
    stop = debuggee.stopped()
    response = debuggee.response_to(debuggee.send("restart"))
    assert not response["success"] and "when the program has ended" in response["message"]
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")


def test_the_program_reads_its_own_stdin(launch, write):
    script = write("ask.py", """
        name = input("name? ")
        print("hello", name)
    """)
    debuggee = launch(str(script))
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    debuggee.process.stdin.write("world\n")
    debuggee.process.stdin.flush()
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and stdout == "name? hello world\n"


def test_restart_gives_the_program_a_fresh_argv_path_and_working_directory(launch, write, tmp_path):
    write("prog.py", """
        import os, sys
        print("run", sys.argv, os.getcwd() == START, sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
        sys.argv.pop()
        sys.path.insert(0, "/nowhere")
        os.chdir("sub")
    """.replace("START", repr(str(tmp_path))))
    (tmp_path / "sub").mkdir()
    debuggee = launch("prog.py", "arg")
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("restart")
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0
    assert stdout == "run ['prog.py', 'arg'] True True\n" * 2


def test_restart_after_the_script_was_deleted_says_so_and_waits(launch, write):
    script = write("prog.py", "print('ran')\n")
    debuggee = launch("prog.py")
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    script.unlink()
    debuggee.request("restart")
    assert debuggee.wait_event("exited")["exitCode"] == 1
    assert "tdb: no such file: prog.py" in debuggee.output()
    script.write_text("print('ran again')\n")
    debuggee.request("restart")
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, _ = debuggee.finish()
    assert returncode == 0 and stdout == "ran\nran again\n"


@pytest.mark.parametrize("hook", ["", "tdb.set_trace"])
def test_breakpoint_and_set_trace_in_a_launched_program_stop_in_the_same_session(launch, write, hook):
    script = write("prog.py", """
        import tdb

        def work(n):
            breakpoint()
            n += 1
            tdb.set_trace()
            return n

        print("result", work(1))
    """)
    debuggee = launch(str(script), env={"PYTHONBREAKPOINT": hook})
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    stop = debuggee.stopped()  # breakpoint(): tdb's, not pdb's
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 5)
    debuggee.request("continue", threadId=stop["threadId"])
    stop = debuggee.stopped()
    assert (stop["frames"][0]["name"], stop["frames"][0]["line"]) == ("work", 7)
    debuggee.request("continue", threadId=stop["threadId"])
    assert debuggee.wait_event("exited")["exitCode"] == 0
    debuggee.request("disconnect")
    returncode, stdout, stderr = debuggee.finish()
    assert returncode == 0 and stdout == "result 2\n"
    assert stderr.count("waiting for the debugger interface") == 1


def test_pythonbreakpoint_0_still_turns_breakpoint_off(launch, write):
    script = write("prog.py", """
        breakpoint()
        print("not stopped")
    """)
    debuggee = launch(str(script), env={"PYTHONBREAKPOINT": "0"})
    debuggee.start()
    debuggee.request("continue", threadId=debuggee.stopped()["threadId"])
    assert debuggee.stopped_or_exited() is None
    debuggee.request("disconnect")
    assert debuggee.finish()[:2] == (0, "not stopped\n")
