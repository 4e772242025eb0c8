"""While a stop is served, threads switch quickly (engine/switching.py); the program's own interval comes back."""

from __future__ import annotations

import builtins
import sys
import threading
import time

import pytest

from tdb.engine import switching

from .conftest import run_to_marker

PROGRAM = """
    import sys

    sys.setswitchinterval(0.004)
    x = 1  # stop
    print("interval", sys.getswitchinterval())
"""


def test_a_stop_switches_quickly_and_the_programs_interval_comes_back(launch, write) -> None:
    debuggee, stop = run_to_marker(launch, write("prog.py", PROGRAM))
    value = debuggee.request("evaluate", expression="sys.getswitchinterval()", frameId=stop["frames"][0]["id"],
                             context="repl")["result"]
    assert float(value) == pytest.approx(switching.QUICK)
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    code, stdout, _ = debuggee.finish()
    assert code == 0 and "interval 0.004" in stdout


@pytest.fixture
def interval():
    saved = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield
    sys.setswitchinterval(saved)


def test_nested_holds_restore_once_at_the_last_release(interval) -> None:
    switching.hold()
    switching.hold()
    assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    switching.release()
    assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    switching.release()
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_an_interval_the_program_sets_meanwhile_stays(interval) -> None:
    with switching.quick():
        sys.setswitchinterval(0.01)
    assert sys.getswitchinterval() == pytest.approx(0.01)


def test_the_interval_before_the_attach_script_cut_it_comes_back(interval) -> None:
    sys.setswitchinterval(switching.QUICK)  # (as tdb -p's script does first)
    switching.hold(previous=0.003)
    switching.release()
    assert sys.getswitchinterval() == pytest.approx(0.003)


def test_held_once_takes_one_hold_and_gives_it_back_once(interval) -> None:
    once = switching.HeldOnce()
    once.take()
    once.take()
    assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    with switching.quick():  # (a stop's own)
        once.drop()
        once.drop()
        assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    assert sys.getswitchinterval() == pytest.approx(0.005)


# -- the program's other threads, held while tdb loads --------------------------------------


class Spinners:
    """Threads counting in a loop of Python lines, until stopped."""

    def __init__(self, count: int) -> None:
        self.counts = [0] * count
        self.running = True
        self.threads = [threading.Thread(target=self._spin, args=(k,), daemon=True) for k in range(count)]

    def _spin(self, k: int) -> None:
        while self.running:
            self.counts[k] += 1

    def __enter__(self) -> "Spinners":
        for thread in self.threads:
            thread.start()
        deadline = time.monotonic() + 5
        while not all(self.counts) and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(5)


def counted_over(spinners: Spinners, seconds: float) -> list[int]:
    before = list(spinners.counts)
    time.sleep(seconds)
    return [after - start for after, start in zip(spinners.counts, before)]


needs_monitoring = pytest.mark.skipif(not hasattr(sys, "monitoring"), reason="sys.monitoring is 3.12+")


@needs_monitoring
def test_the_other_threads_wait_while_held_and_run_on_after(interval) -> None:
    with Spinners(3) as spinners:
        with switching.OtherThreadsHeld(limit=30) as held:
            assert held.tool is not None
            time.sleep(0.05)  # (each reaches its next line)
            assert counted_over(spinners, 0.2) == [0, 0, 0]
            assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
        assert all(counted_over(spinners, 0.2))
    assert sys.getswitchinterval() == pytest.approx(0.005)
    assert all(sys.monitoring.get_tool(tool) is None for tool in switching.FREE_FOR_ALL_TOOL_IDS)


@needs_monitoring
def test_no_thread_is_held_longer_than_the_limit(interval) -> None:
    with Spinners(2) as spinners, switching.OtherThreadsHeld(limit=0.2):
        time.sleep(0.4)
        assert all(counted_over(spinners, 0.2))


@needs_monitoring
def test_threads_started_during_the_hold_run_though_they_run_the_same_code(interval) -> None:
    with Spinners(1) as old, switching.OtherThreadsHeld(limit=30):
        with Spinners(1) as new:  # (tdb's own, say: its reader starts while the program's are held)
            assert all(counted_over(new, 0.2))
            assert counted_over(old, 0.2) == [0]


@needs_monitoring
def test_with_no_free_tool_id_nothing_is_held_and_threads_only_switch_quickly(interval) -> None:
    taken = [tool for tool in switching.FREE_FOR_ALL_TOOL_IDS if sys.monitoring.get_tool(tool) is None]
    for tool in taken:
        sys.monitoring.use_tool_id(tool, "the program's own")
    try:
        with Spinners(1) as spinners, switching.OtherThreadsHeld(limit=30) as held:
            assert held.tool is None
            assert all(counted_over(spinners, 0.2))
            assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
        assert [sys.monitoring.get_tool(tool) for tool in taken] == ["the program's own"] * len(taken)
    finally:
        for tool in taken:
            sys.monitoring.free_tool_id(tool)
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_a_program_with_no_other_thread_is_left_as_it_is(interval) -> None:
    with switching.OtherThreadsHeld() as held:
        assert held.tool is None and not held.codes
        assert sys.getswitchinterval() == pytest.approx(0.005)


def test_before_312_the_other_threads_only_switch_quickly(interval, monkeypatch) -> None:
    monkeypatch.delattr(sys, "monitoring", raising=False)
    with Spinners(1) as spinners, switching.OtherThreadsHeld() as held:
        assert held.tool is None
        assert all(counted_over(spinners, 0.2))
        assert sys.getswitchinterval() == pytest.approx(switching.QUICK)
    assert sys.getswitchinterval() == pytest.approx(0.005)


@needs_monitoring
def test_a_held_thread_that_holds_what_the_load_needs_is_let_go_at_the_limit(interval, tmp_path, monkeypatch) -> None:
    # The thread is importing a module (its lock is the thread's) when the hold begins; the load imports
    # the same module and waits for that lock: the limit, not a hang, ends the wait.
    (tmp_path / "half_imported.py").write_text("import builtins\nwhile not builtins.tdb_test_go:\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtins, "tdb_test_go", False, raising=False)
    importer = threading.Thread(target=__import__, args=("half_imported",), daemon=True)
    importer.start()
    time.sleep(0.2)
    started = time.monotonic()
    with switching.OtherThreadsHeld(limit=0.3):
        builtins.tdb_test_go = True  # (the held thread sees it only when let go)
        import half_imported  # noqa: F401
    assert 0.25 < time.monotonic() - started < 5
    importer.join(5)
    assert not importer.is_alive()
