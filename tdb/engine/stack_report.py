"""The stacks of every thread of this process, and its asyncio tasks: what `tdb dump PID` and `tdb.install()` print.

`build()` makes the report, a dict of plain values (str, int, bool, None, lists
and dicts of them): every thread with its frames, innermost last as in a
traceback, the locals of each frame when asked, and the tasks of every running
asyncio loop, whatever thread runs it, with what each awaits. `format_text()`
writes it as text.

`tdb dump` execs this file's source in the program, in a namespace of its own,
so it is written to leave nothing behind there: it imports only `sys` (which
every program has), and takes threading, asyncio and linecache from
`sys.modules` if the program imported them; no `from __future__`, whose
statement imports a module. It starts no thread, installs no handler and no
tracing.

It never runs the program's code either (`tdb.install()` makes it in a signal
handler, between two bytecodes of whatever the main thread was doing, perhaps
holding a lock): a value's repr is made here for the built-in types (strings,
numbers, and lists, tuples, dicts and sets of them, cut short); any other
object is shown as `<module.Class object at 0x...>`, as py-spy does, so that a
`__repr__` that raises, sleeps or waits for a lock cannot break or hold the
report. Locks are not taken: the thread table and the containers are read as
they are, and what changes meanwhile is said so rather than waited for.
"""

import sys

# How much of a stack, a value, a loop the report keeps.
MAX_FRAMES = 200  # per thread or task: the outermost ones past it are left out
MAX_LOCALS = 100  # per frame
MAX_ITEMS = 10  # per container in a repr
MAX_DEPTH = 3  # containers in containers
MAX_STRING = 200  # characters of a str or bytes
MAX_REPR = 300  # characters of a whole repr
MAX_INT_BITS = 4000  # a bigger int says its size (its decimal form is slow to make)
MAX_SOURCE_BYTES = 20_000_000  # a bigger source file is not read for its lines
MAX_TASKS = 1000  # per loop

_FUNCTION = type(lambda: None)
_BUILTIN = type(len)
_MODULE = type(sys)
# Whose repr runs no code but CPython's own, and reads nothing else (compared by identity: a
# metaclass's __eq__ or __hash__ is the program's code).
_LEAVES = (float, complex, bool, type(None), type(Ellipsis), type(NotImplemented), _FUNCTION, _BUILTIN, range)


def build(here=None, *, locals=False):
    """The report of this process.

    here: the frame to report for the calling thread (a signal handler's interrupted frame, the frame
    `tdb dump`'s script was run at); by default the caller's. locals: each frame's locals, as short reprs.
    """
    me = _current_ident()
    if here is None:
        here = sys._getframe(1)
    stacks = sys._current_frames()
    stacks[me] = here
    threading = sys.modules.get("threading")
    known = dict(getattr(threading, "_active", None) or {})  # ident -> Thread, in the order they started
    main = _main_ident(threading)
    # The main thread first, then in the order they started; threads threading does not know last.
    idents = list(dict.fromkeys([*known, *stacks]))
    order = {ident: index for index, ident in enumerate(idents)}
    idents.sort(key=lambda ident: (ident != main, ident not in known, order[ident]))
    sources = {}  # file name -> its lines, read once per report
    threads = []
    for ident in idents:
        entry = _thread_entry(ident, known.get(ident), ident == main, ident == me)
        try:
            entry["frames"], entry["frames_left_out"] = _frames(_outermost_first(stacks.get(ident)), locals, sources)
        except Exception as error:  # never seen; a report with a hole beats none
            entry["frames"], entry["frames_left_out"], entry["error"] = [], 0, _error(error)
        threads.append(entry)
    try:
        loops = _loops(stacks, threads, locals, sources)
    except Exception as error:
        loops = [{"thread": None, "thread_name": None, "loop": "?", "tasks": [], "tasks_left_out": 0,
                  "error": _error(error)}]
    return {
        "pid": _pid(),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "argv": [arg if type(arg) is str else "?" for arg in getattr(sys, "argv", None) or []],
        "threads": threads,
        "loops": loops,
    }


def _error(error):
    """An exception in words, without running its __str__ (it may be the program's)."""
    args = getattr(error, "args", None)
    detail = args[0] if type(args) is tuple and len(args) == 1 and type(args[0]) is str else ""
    return _type_name(type(error)) + (": " + detail if detail else "")


# -- threads --------------------------------------------------------------------------------


def _current_ident():
    return sys.modules["_thread"].get_ident()


def _pid():
    posix = sys.modules.get("posix") or sys.modules.get("nt")
    return posix.getpid() if posix is not None else None


def _main_ident(threading):
    main = getattr(threading, "_main_thread", None)
    ident = _field(main, "_ident")
    if ident is not None:
        return ident
    getter = getattr(sys.modules["_thread"], "_get_main_thread_ident", None)
    return getter() if getter is not None else None


def _field(thread, name, default=None):
    """An attribute of a Thread from its __dict__: no property nor __getattr__ of a subclass runs."""
    if thread is None:
        return default
    try:
        return object.__getattribute__(thread, "__dict__").get(name, default)
    except Exception:
        return default


def _thread_entry(ident, thread, main, current):
    native = _field(thread, "_native_id")
    if native is None and current:
        get_native_id = getattr(sys.modules["_thread"], "get_native_id", None)
        native = get_native_id() if get_native_id is not None else None
    name = _field(thread, "_name")
    return {
        "name": name if isinstance(name, str) else ("MainThread" if main else None),
        "ident": ident,
        "native_id": native if isinstance(native, int) else None,
        "daemon": bool(_field(thread, "_daemonic", False)),
        "main": main,
    }


# -- frames ---------------------------------------------------------------------------------


def _outermost_first(frame):
    frames = []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    frames.reverse()
    return frames


def _frames(frames, with_locals, sources):
    """(entries of the innermost MAX_FRAMES frames, outermost first; how many outer ones were left out)."""
    left_out = max(0, len(frames) - MAX_FRAMES)
    return [_frame_entry(frame, with_locals, sources) for frame in frames[left_out:]], left_out


def _frame_entry(frame, with_locals, sources):
    code = frame.f_code
    line = frame.f_lineno or 0
    entry = {
        "file": code.co_filename,
        "line": line,
        "function": getattr(code, "co_qualname", code.co_name),
        "source": _source_line(code.co_filename, line, sources),
    }
    if with_locals:
        entry["locals"] = _locals(frame)
    return entry


def _locals(frame):
    """Name to short repr; none for a module's frame (its locals are its globals)."""
    try:
        if frame.f_code.co_name == "<module>" or frame.f_globals is frame.f_locals:
            return {}
        names = {}
        for name, value in frame.f_locals.items():
            if len(names) >= MAX_LOCALS:
                names["..."] = "(more locals left out)"
                break
            names[str(name)] = short_repr(value)
        return names
    except Exception as error:  # a frame that ended meanwhile, a dict changed as it was read
        return {"...": "<could not read the locals: %s>" % type(error).__name__}


def _source_line(filename, line, sources):
    lines = sources.get(filename)
    if lines is None:
        lines = sources[filename] = _source_lines(filename)
    if 0 < line <= len(lines):
        return lines[line - 1].strip()
    return ""


def _source_lines(filename):
    """The file's lines: linecache's (code typed at a prompt, or run with exec, is there only), else the file's."""
    linecache = sys.modules.get("linecache")
    cached = getattr(linecache, "cache", None)
    if isinstance(cached, dict):
        entry = cached.get(filename)
        if isinstance(entry, tuple) and len(entry) >= 3 and isinstance(entry[2], list):
            return entry[2]
    if not filename or filename.startswith("<"):
        return []
    posix = sys.modules.get("posix")
    try:
        if posix is not None:
            status = posix.stat(filename)
            # A regular file only (not a pipe, whose read would block), and not a huge one.
            if status.st_mode & 0o170000 != 0o100000 or status.st_size > MAX_SOURCE_BYTES:
                return []
        with open(filename, "rb") as file:
            return file.read().decode("utf-8", "replace").splitlines()
    except Exception:
        return []


# -- values ---------------------------------------------------------------------------------


def short_repr(value):
    """A repr that runs none of the program's code and is at most MAX_REPR characters long."""
    try:
        text = _repr(value, MAX_DEPTH)
    except Exception as error:
        text = "<repr failed: %s>" % type(error).__name__
    if len(text) > MAX_REPR:
        text = text[:MAX_REPR - 3] + "..."
    return text


def _repr(value, depth):
    kind = type(value)
    if kind is str or kind is bytes or kind is bytearray:
        if len(value) <= MAX_STRING:
            return repr(value)
        return "%s... (%d %s)" % (repr(value[:MAX_STRING]), len(value), "characters" if kind is str else "bytes")
    if kind is int:
        bits = value.bit_length()
        return repr(value) if bits <= MAX_INT_BITS else "<int of %d bits>" % bits
    if any(kind is leaf for leaf in _LEAVES):
        return repr(value)
    if kind is type and type(kind) is type:  # a class, whose metaclass is type itself: <class 'module.Name'>
        return repr(value)
    if kind is list or kind is tuple or kind is set or kind is frozenset or kind is dict:
        return _container(value, kind, depth)
    if kind is _MODULE:
        return "<module %s>" % _plain_string(object.__getattribute__(value, "__dict__").get("__name__"))
    name = _type_name(kind)
    if name in ("coroutine", "generator", "async_generator"):
        return repr(value)  # <coroutine object main at 0x...>: CPython's, from the code's name
    if name in _NAMED:  # a task or a thread, by the name it was given
        return "<%s %s at 0x%x>" % (name.rpartition(".")[2], _plain_string(_NAMED[name](value)), id(value))
    return _opaque(value, kind)


def _container(value, kind, depth):
    if not value:
        return {list: "[]", tuple: "()", set: "set()", frozenset: "frozenset()", dict: "{}"}[kind]
    if depth <= 0:
        return {list: "[...]", tuple: "(...)", set: "{...}", frozenset: "frozenset({...})", dict: "{...}"}[kind]
    parts = []
    try:
        if kind is dict:
            for key, item in value.items():
                if len(parts) >= MAX_ITEMS:
                    break
                parts.append(_repr(key, depth - 1) + ": " + _repr(item, depth - 1))
        else:
            for item in value:
                if len(parts) >= MAX_ITEMS:
                    break
                parts.append(_repr(item, depth - 1))
    except RuntimeError:  # another thread changed it as it was read
        parts.append("<changed while read>")
    if len(value) > len(parts):
        parts.append("... (%d items)" % len(value))
    body = ", ".join(parts)
    if kind is list:
        return "[" + body + "]"
    if kind is tuple:
        return "(" + body + ("," if len(value) == 1 else "") + ")"
    if kind is dict:
        return "{" + body + "}"
    return ("{" + body + "}") if kind is set else "frozenset({" + body + "})"


def _opaque(value, kind):
    """<module.Class object at 0x...>."""
    return "<%s object at 0x%x>" % (_type_name(kind), id(value))


def _type_name(kind):
    """module.Class, read from the type itself (no metaclass code runs)."""
    try:
        name = type.__dict__["__qualname__"].__get__(kind)
        module = type.__dict__["__module__"].__get__(kind)
    except Exception:
        return "?"
    if type(name) is not str:
        return "?"
    return name if type(module) is not str or module == "builtins" else module + "." + name


def _task_name(task):
    return task.get_name()


# Types shown with their name: asyncio's tasks (C and Python) and threading's own threads.
_NAMED = {"_asyncio.Task": _task_name, "asyncio.tasks.Task": _task_name, "asyncio.tasks._PyTask": _task_name,
          "threading.Thread": lambda thread: _field(thread, "_name"),
          "threading._MainThread": lambda thread: _field(thread, "_name")}


def _plain_string(value):
    return repr(value) if type(value) is str else "?"


# -- asyncio --------------------------------------------------------------------------------


def _loops(stacks, threads, with_locals, sources):
    """The tasks of every event loop running on some thread (found at its run_forever frame)."""
    asyncio = sys.modules.get("asyncio")
    base = sys.modules.get("asyncio.base_events")
    if asyncio is None or base is None:
        return []
    names = {thread["ident"]: thread["name"] for thread in threads}
    loops = []
    for ident, frame in stacks.items():
        loop = _running_loop(frame, base)
        if loop is None:
            continue
        entry = {"thread": ident, "thread_name": names.get(ident), "loop": _opaque(loop, type(loop)),
                 "tasks": [], "tasks_left_out": 0}
        try:
            entry["tasks"], entry["tasks_left_out"] = _tasks(asyncio, loop, with_locals, sources)
        except Exception as error:
            entry["error"] = _error(error)
        loops.append(entry)
    return loops


def _running_loop(frame, base):
    run_forever = getattr(getattr(base, "BaseEventLoop", None), "run_forever", None)
    code = getattr(run_forever, "__code__", None)
    while frame is not None:
        if frame.f_code is code:
            try:
                loop = frame.f_locals.get("self")
            except Exception:
                return None
            return loop if isinstance(loop, base.BaseEventLoop) else None
        frame = frame.f_back
    return None


def _tasks(asyncio, loop, with_locals, sources):
    tasks = list(asyncio.all_tasks(loop))
    current = asyncio.current_task(loop)
    tasks.sort(key=lambda task: (task is not current, _natural(_name(task))))
    left_out = max(0, len(tasks) - MAX_TASKS)
    tasks = tasks[:MAX_TASKS]
    index = {id(task): task for task in tasks}
    awaited_by = {id(task): [] for task in tasks}
    entries = []
    for task in tasks:
        coro = task.get_coro()
        frames, innermost = _await_chain(coro)
        waiter = getattr(task, "_fut_waiter", None) or innermost
        entry = {
            "id": id(task),
            "name": _name(task),
            "state": _task_state(task, current),
            "coroutine": _code_name(coro),
        }
        entry["frames"], entry["frames_left_out"] = _frames(frames, with_locals, sources)
        awaits = [child for child in awaited_children(waiter) if id(child) in index]
        for child in awaits:
            if id(task) not in awaited_by[id(child)]:
                awaited_by[id(child)].append(id(task))
        entry["awaits"] = [id(child) for child in awaits]
        entry["waits_on"] = None if awaits or waiter is None else _code_name(waiter)
        # 3.14: whoever awaits it, as asyncio.capture_call_graph() reads it (a TaskGroup's children too).
        for parent in getattr(task, "_asyncio_awaited_by", None) or ():
            if id(parent) in index and id(parent) not in awaited_by[id(task)]:
                awaited_by[id(task)].append(id(parent))
        entries.append(entry)
    for entry in entries:
        entry["awaited_by"] = awaited_by[entry["id"]]
        for parent in entry["awaited_by"]:
            for other in entries:
                if other["id"] == parent and entry["id"] not in other["awaits"]:
                    other["awaits"].append(entry["id"])
                    other["waits_on"] = None
    return entries, left_out


def _await_chain(coro):
    """Down a coroutine's awaits: (its suspended frames, outermost first; what the innermost one awaits)."""
    frames = []
    for _ in range(MAX_FRAMES):
        if coro is None:
            break
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None) or getattr(coro, "ag_frame", None)
        if frame is not None:
            frames.append(frame)
        following = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None) or \
            getattr(coro, "ag_await", None)
        if following is None or not any(hasattr(following, name) for name in ("cr_frame", "gi_frame", "ag_frame")):
            return frames, following
        coro = following
    return frames, None


def awaited_children(awaited):
    """What an awaited future stands for: a task itself, or gather()'s children."""
    if awaited is None:
        return []
    children = getattr(awaited, "_children", None)
    if isinstance(children, (list, tuple)):
        return list(children)
    return [awaited]


def _task_state(task, current):
    if task is current:
        return "running"
    if task.done():
        return "cancelled" if task.cancelled() else "done"
    cancelling = getattr(task, "cancelling", None)
    if cancelling is not None and cancelling():
        return "cancelling"
    return "pending"


def _name(task):
    name = task.get_name()
    return name if type(name) is str else "?"


def _code_name(value):
    """A coroutine's (or generator's) function name; for anything else its type's."""
    kind = _type_name(type(value))
    if kind not in ("coroutine", "generator", "async_generator"):
        return kind
    code = getattr(value, "cr_code", None) or getattr(value, "gi_code", None) or getattr(value, "ag_code", None)
    name = getattr(code, "co_qualname", None) or getattr(code, "co_name", None)
    return name if type(name) is str else kind


def _natural(name):
    """A name's sort key with its numbers as numbers: fetch-2 before fetch-10."""
    parts, digits, text = [], "", ""
    for char in name:
        if char.isdigit():
            if text:
                parts.append((1, 0, text))
                text = ""
            digits += char
        else:
            if digits:
                parts.append((0, int(digits), ""))
                digits = ""
            text += char
    if digits:
        parts.append((0, int(digits), ""))
    if text:
        parts.append((1, 0, text))
    return parts


# -- text -----------------------------------------------------------------------------------


def format_text(report):
    """The report as text, a traceback per thread and per task: what `tdb dump` prints."""
    out = []
    command = " ".join(report.get("argv") or []) or "?"
    out.append("Process %s: %s %s" % (report.get("pid"), report.get("executable") or "python", command))
    header = "Python %s" % report.get("python")
    if report.get("time"):
        header += ", " + report["time"]
    out.append(header)
    for thread in report["threads"]:
        out.append("")
        out.append(_thread_line(thread))
        _frame_lines(out, thread, "  ")
    for loop in report.get("loops", []):
        out.append("")
        name = loop.get("thread_name")
        count = len(loop["tasks"]) + loop.get("tasks_left_out", 0)
        out.append('Event loop %s on thread %s%s: %d task%s' % (
            loop["loop"], loop["thread"], ' "%s"' % name if name else "", count, "" if count == 1 else "s"))
        if loop.get("error"):
            out.append("  (its tasks could not be read: %s)" % loop["error"])
        names = {task["id"]: task["name"] for task in loop["tasks"]}
        for task in loop["tasks"]:
            out.append(_task_line(task, names))
            _frame_lines(out, task, "    ")
        if loop.get("tasks_left_out"):
            out.append("  ... and %d more tasks" % loop["tasks_left_out"])
    return "\n".join(out) + "\n"


def _thread_line(thread):
    details = ["ident %s" % thread["ident"]]
    if thread.get("native_id") is not None:
        details.append("native id %s" % thread["native_id"])
    if thread.get("daemon"):
        details.append("daemon")
    line = 'Thread "%s" (%s)' % (thread.get("name") or "?", ", ".join(details))
    if thread.get("state"):
        line += ": " + thread["state"]
    return line


def _task_line(task, names):
    line = '  Task "%s" (%s), coroutine %s' % (task["name"], task["state"], task["coroutine"])
    if task.get("awaits"):
        line += ", awaits " + ", ".join('"%s"' % names.get(child, "?") for child in task["awaits"])
    elif task.get("waits_on"):
        waits_on = task["waits_on"]
        line += ", waits on " + ("a Future" if waits_on.rpartition(".")[2] == "Future" else waits_on)
    if task.get("awaited_by"):
        line += ", awaited by " + ", ".join('"%s"' % names.get(parent, "?") for parent in task["awaited_by"])
    return line


def _frame_lines(out, owner, indent):
    if not owner["frames"]:
        out.append(indent + "(no Python frames)")
        return
    if owner.get("frames_left_out"):
        out.append(indent + "... %d outer frames left out" % owner["frames_left_out"])
    for frame in owner["frames"]:
        out.append('%sFile "%s", line %s, in %s' % (indent, frame["file"], frame["line"], frame["function"]))
        if frame.get("source"):
            out.append(indent + "  " + frame["source"])
        for name, value in (frame.get("locals") or {}).items():
            out.append("%s    %s = %s" % (indent, name, value))
