"""The tracer benchmarks' program: a hot function called N times in a loop.

    python hot_loop.py N [OUT]

Times only its own loop (perf_counter around it), so that neither process
start nor a debugger's start-up counts, and writes {"seconds": ..., "calls": N}
(or {"error": "OverflowError: ..."}) as JSON to OUT (default: stdout). Then it
leaves at once with os._exit(0): what a debugger does when a program ends is
not measured here, and no debugger gets the chance to stop there.

The lines marked `# BP:` are where the benchmarks put breakpoints; they find
them by these marks, so this file may be edited freely.
"""

import json
import os
import sys
import time

import elsewhere  # noqa: F401  (a module that holds scenario 1's breakpoint)


def hot(x):
    if x < 0:
        return -x  # BP:hot  never reached: a breakpoint inside the hot function
    return x & 7  # BP:cond  runs on every call: a breakpoint whose condition is false


def main(n):
    total = 0  # BP:stop  reached once: stop here, clear the breakpoint, continue
    if n < 0:
        raise SystemExit("a negative count")  # BP:main  never reached: the loop's own function
    start = time.perf_counter()
    for i in range(n):
        total += hot(i)
    return time.perf_counter() - start, total


if __name__ == "__main__":
    calls = int(sys.argv[1])
    try:
        seconds, _ = main(calls)
        result = {"seconds": seconds, "calls": calls}
    except BaseException as error:  # OverflowError from bdb's monitoring backend, for one
        result = {"error": f"{type(error).__name__}: {error}", "calls": calls}
    text = json.dumps(result)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as out:
            out.write(text)
    else:
        print(text, flush=True)
    os._exit(0)
