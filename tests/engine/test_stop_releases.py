"""A stop lets go of the program's objects when the program resumes: finalizers run when they would without tdb."""

from __future__ import annotations

import pytest

from .conftest import run_to_marker

pytestmark = pytest.mark.usefixtures("tracer_backend")

PROGRAM = """
    import weakref


    class Noisy:
        def __del__(self):
            print("finalized")


    def make():
        made = Noisy()
        return made  # stop


    make()  # the value is dropped here, and finalized at once
    print("after")
"""


def test_a_value_shown_at_a_return_stop_is_finalized_where_it_would_be_without_tdb(launch, write):
    debuggee, stop = run_to_marker(launch, write("prog.py", PROGRAM))
    debuggee.request("next", threadId=stop["threadId"])
    stop = debuggee.stopped()  # the return: the value is shown as "(return)"
    frame = stop["frames"][0]["id"]
    scopes = debuggee.request("scopes", frameId=frame)["scopes"]
    returned = next(scope for scope in scopes if scope["name"] == "Return value")
    shown = debuggee.request("variables", variablesReference=returned["variablesReference"])["variables"]
    assert shown[0]["name"] == "(return)" and shown[0]["type"] == "Noisy"
    debuggee.evaluate("made", frame)  # and looked at from the console
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    _, stdout, _ = debuggee.finish()
    assert stdout == "finalized\nafter\n"


THREADED = """
    import threading


    class Noisy:
        def __del__(self):
            print("finalized")


    def work():
        made = Noisy()
        made.x = 1  # stop
        return made.x


    worker = threading.Thread(target=work)
    worker.start()
    worker.join()  # the thread has ended: its frames and their locals are gone, without tdb
    print("after")
"""


def test_a_thread_that_stopped_and_ended_leaves_nothing_of_its_frames_behind(launch, write):
    debuggee, stop = run_to_marker(launch, write("prog.py", THREADED))
    assert stop["frames"][0]["name"] == "work"
    debuggee.request("next", threadId=stop["threadId"])  # it steps: bdb's state now names its frames
    stop = debuggee.stopped()
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    _, stdout, _ = debuggee.finish()
    assert stdout == "finalized\nafter\n"


THREAD_OBJECT = """
    import threading


    class Worker(threading.Thread):
        def run(self):
            value = 1  # stop
            return value

        def __del__(self):
            print("finalized")


    worker = Worker()
    worker.start()
    worker.join()
    del worker  # the last reference: without tdb, the ended thread's object goes here
    print("after")
"""


def test_an_ended_thread_that_was_stopped_is_not_kept_alive(launch, write):
    debuggee, stop = run_to_marker(launch, write("prog.py", THREAD_OBJECT))
    assert stop["frames"][0]["name"] == "Worker.run"
    debuggee.request("continue", threadId=stop["threadId"])
    debuggee.wait_event("exited")
    debuggee.request("disconnect")
    _, stdout, _ = debuggee.finish()
    assert stdout == "finalized\nafter\n"
