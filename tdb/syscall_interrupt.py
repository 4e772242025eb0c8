"""Wake a thread that is blocked in a system call, as a signal would, but without a signal.

`tdb -p` asks the program to run a script "at its next bytecode boundary"
(sys.remote_exec). A main thread asleep in time.sleep(), select() or accept()
reaches none until the call returns. A signal would wake it, but the only
signal a Python program handles is SIGINT, and that raises KeyboardInterrupt.

So: stop the thread with ptrace (PTRACE_SEIZE + PTRACE_INTERRUPT), make the
interrupted call return EINTR, and let it go. Python retries such calls
after running PyErr_CheckSignals() (PEP 475), which runs the pending script
first. Only calls that Python retries that way are interrupted; a lock wait
(futex), pause() and the like are left alone. Linux on x86_64 only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform

PTRACE_GETREGS, PTRACE_SETREGS, PTRACE_DETACH = 12, 13, 17
PTRACE_SEIZE, PTRACE_INTERRUPT = 0x4206, 0x4207
WALL = 0x40000000  # waitpid's __WALL: a thread of another process
EINTR = 4
# The kernel's "restart this call" codes (ERESTARTSYS .. ERESTART_RESTARTBLOCK): what an
# interrupted call holds in rax while the thread is stopped in it.
RESTART_CODES = range(-516, -511)

# x86_64 system calls that Python retries after PyErr_CheckSignals() (sleeping, waiting on file
# descriptors, sockets, child processes), with a name for messages.
RETRIED = {
    0: "read", 1: "write", 7: "poll", 23: "select", 35: "nanosleep", 42: "connect", 43: "accept",
    44: "sendto", 45: "recvfrom", 46: "sendmsg", 47: "recvmsg", 61: "wait4", 230: "clock_nanosleep",
    232: "epoll_wait", 247: "waitid", 270: "pselect6", 271: "ppoll", 281: "epoll_pwait", 288: "accept4",
    441: "epoll_pwait2",
}
# What a thread blocked in one of these is doing, in words; none of them is interrupted.
WAITING = {
    202: "waiting on a lock (a Thread.join(), an Event, a Queue...)",
    34: "waiting for a signal (signal.pause())",
    130: "waiting for a signal (sigsuspend)",
    128: "waiting for a signal (sigtimedwait)",
}


class _Registers(ctypes.Structure):
    # struct user_regs_struct, x86_64
    _fields_ = [(name, ctypes.c_ulong) for name in (
        "r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp ss "
        "fs_base gs_base ds es fs gs").split()]


def supported() -> bool:
    return platform.system() == "Linux" and platform.machine() == "x86_64"


def blocked_call(tid: int) -> int | None:
    """The system call the thread is blocked in, or None (running, or not in a call, or unknown)."""
    try:
        with open(f"/proc/{tid}/syscall") as file:
            first = file.read().split(maxsplit=1)[0]
    except (OSError, IndexError):
        return None
    try:
        number = int(first)
    except ValueError:  # "running"
        return None
    return number if number >= 0 else None


def describe(tid: int) -> str:
    """What the thread is doing, for a message: "asleep in clock_nanosleep", "running C code"..."""
    number = blocked_call(tid)
    if number is None:
        return "running code that is not Python (a long call into C)"
    if number in WAITING:
        return WAITING[number]
    return f"blocked in a system call ({RETRIED.get(number, f'number {number}')})"


def can_interrupt(tid: int) -> bool:
    return supported() and blocked_call(tid) in RETRIED


def interrupt(tid: int) -> bool:
    """Make the thread's blocked (retried) system call return EINTR; True if it was done."""
    if not can_interrupt(tid):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    ptrace = libc.ptrace
    ptrace.restype = ctypes.c_long
    ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    if ptrace(PTRACE_SEIZE, tid, None, None) == -1:
        return False  # another debugger (gdb, strace) traces it, or we may not
    passed_on = 0  # a signal that arrived meanwhile: handed back to the thread as we let go
    try:
        if ptrace(PTRACE_INTERRUPT, tid, None, None) == -1:
            return False
        _, status = os.waitpid(tid, WALL)  # until it stops
        if not os.WIFSTOPPED(status):
            return False  # it ended
        if status >> 16 == 0:  # stopped for a signal of its own, not for us: that signal wakes it anyway
            passed_on = os.WSTOPSIG(status)
            return False
        registers = _Registers()
        if ptrace(PTRACE_GETREGS, tid, None, ctypes.byref(registers)) == -1:
            return False
        number = ctypes.c_long(registers.orig_rax).value
        result = ctypes.c_long(registers.rax).value
        # Still in the same kind of call (it may have moved on meanwhile): only then is EINTR what it expects.
        if number not in RETRIED or result not in RESTART_CODES:
            return False
        registers.rax = ctypes.c_ulong(-EINTR).value
        return ptrace(PTRACE_SETREGS, tid, None, ctypes.byref(registers)) != -1
    except ChildProcessError:
        return False
    finally:
        ptrace(PTRACE_DETACH, tid, None, ctypes.c_void_p(passed_on or None))
