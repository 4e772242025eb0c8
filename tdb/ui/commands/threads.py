"""Threads: list them, choose one, the policy when one stops (all-stop or non-stop), pause one or all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...dap import extensions
from ..core.client import RequestFailed
from .parsing import SpecError
from .registry import Invocation, command

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen

POLICIES = {"all-stop": True, "non-stop": False}


@command("threads", "threads", usage=[("threads", "list the threads, and why each stopped"),
                                      ("threads all-stop", "every thread stops when one does"),
                                      ("threads non-stop", "the others run on (the default)")],
         while_running=True)
async def threads(screen: "DebuggerScreen", invocation: Invocation) -> None:
    word = invocation.argument.strip()
    if word:
        if word not in POLICIES:
            raise SpecError(f"threads takes all-stop or non-stop, not {word!r}")
        await set_policy(screen, POLICIES[word])
        return
    await screen.core.refresh_threads()
    stop = screen.core.stop
    if stop is None:
        raise SpecError("the threads are listed at a stop")
    screen.show_threads()
    for number, thread in enumerate(stop.threads, 1):
        marker = "*" if thread.get("id") == stop.thread_id else " "  # (gdb's mark: > reads as the prompt)
        screen.say(f"{marker} {number:>2} {thread_line(thread)}")
    policy = "all-stop" if screen.core.all_stop else "non-stop"
    screen.say(f"({policy}: `thread N` chooses one, `threads {'non-stop' if screen.core.all_stop else 'all-stop'}` "
               "switches)", "info")


def thread_line(thread: dict) -> str:
    """`worker-1 (4711)  stopped (breakpoint)  work  prog.py:12`, as `threads` lists it."""
    state = str(thread.get(extensions.THREAD_STATE, "?"))
    if thread.get(extensions.THREAD_REASON):
        state += f" ({thread[extensions.THREAD_REASON]})"
    frame = thread.get(extensions.THREAD_FRAME) or {}
    source = frame.get("source") or {}
    where = f"  {frame.get('name')}  {source.get('name') or source.get('path')}:{frame.get('line')}" if frame else ""
    call = f"  in {thread[extensions.THREAD_IN_CALL]}" if thread.get(extensions.THREAD_IN_CALL) else ""
    return f"{thread.get('name')} ({thread.get('id')})  {state}{where}{call}"


async def set_policy(screen: "DebuggerScreen", all_stop: bool) -> None:
    await screen.core.set_all_stop(all_stop)
    screen.app.remember_all_stop(all_stop)  # type: ignore[attr-defined]
    if all_stop:
        screen.say("All-stop: when a thread stops, every thread stops; c resumes them all.", "info")
    else:
        screen.say("Non-stop: when a thread stops, the others run on; c resumes this one, c all every one.", "info")


@command("thread", "thread", usage=[("thread N", "switch to thread N (id, number or name)")])
async def thread(screen: "DebuggerScreen", invocation: Invocation) -> None:
    word = invocation.argument.strip()
    core = screen.core
    core.require_stop()
    if not word:
        stop = core.require_stop()
        screen.say(f"The current thread is {stop.thread_id}; `threads` lists them all.")
        return
    await core.refresh_threads()
    await screen.choose_thread(core.thread_named(word))


@command("pause", "pause", usage=[("pause N", "stop thread N at its next line"),
                                  ("pause all", "stop every running thread")], while_running=True)
async def pause(screen: "DebuggerScreen", invocation: Invocation) -> None:
    word = invocation.argument.strip()
    core = screen.core
    if not word or word == "all":
        if core.stop is None:
            await screen.action_pause()  # (Ctrl-C's: the main thread at once, even inside a call)
            return
        await core.pause_thread(None)
        screen.say("Pausing every running thread: each stops at its next line.", "info")
        return
    thread_id = core.thread_named(word)
    try:
        await core.pause_thread(thread_id)
    except RequestFailed as error:
        raise SpecError(f"pause: {error}") from None
    screen.say(f"Pausing thread {word}: it stops at its next line (a call it is blocked in returns first).", "info")


@command("tasks", "tasks", usage=[("tasks", "list the asyncio tasks of the stopped loop: state, place, awaits")])
async def tasks(screen: "DebuggerScreen", invocation: Invocation) -> None:
    stop = screen.core.require_stop()
    if await screen.core.refresh_tasks():
        screen.show_tasks()
    if not stop.tasks:
        screen.say("No event loop runs on this thread (the Tasks pane lists its tasks at a stop inside one).", "info")
        return
    names = {task["id"]: task.get("name") for task in stop.tasks}
    for task in stop.tasks:
        frame = task.get("frame") or {}
        source = frame.get("source") or {}
        where = f"  {frame.get('name')}  {source.get('name')}:{frame.get('line')}" if frame else ""
        awaits = [str(names.get(number, number)) for number in task.get("awaits") or []]
        also = f"  awaits {', '.join(awaits)}" if awaits else (f"  awaits {task['waitsOn']}" if task.get("waitsOn") else "")
        screen.say(f"{'*' if task.get('state') == 'running' else ' '} {task.get('name')}  {task.get('state')}{where}{also}")

