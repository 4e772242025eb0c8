"""The concurrency benchmark's program: THREADS threads each call a function CALLS times.

    python threads_loop.py THREADS CALLS [OUT]

Times only the work (perf_counter from the moment every thread is let go
until the last one ends) and writes {"seconds": ...} as JSON to OUT (default:
stdout), then leaves at once with os._exit(0), as hot_loop.py does.
The line marked `# BP:` holds the benchmark's conditional breakpoint.
"""

import json
import os
import sys
import threading
import time


def hot(x):
    return x & 7  # BP:cond  runs on every call: a breakpoint whose condition is false


def work(calls, go, totals):
    go.wait()
    total = 0
    for i in range(calls):
        total += hot(i)
    totals.append(total)


def main(threads, calls):
    go = threading.Event()
    totals = []
    workers = [threading.Thread(target=work, args=(calls, go, totals), name=f"work-{n}") for n in range(threads)]
    for worker in workers:
        worker.start()
    start = time.perf_counter()
    go.set()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    result = {"seconds": main(int(sys.argv[1]), int(sys.argv[2]))}
    text = json.dumps(result)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as out:
            out.write(text)
    else:
        print(text, flush=True)
    os._exit(0)
