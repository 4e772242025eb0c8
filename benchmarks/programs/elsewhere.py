"""A module of the tracer benchmarks' program whose code never runs during the loop."""


def unused(x):
    return x * 2  # BP:other  never reached: a breakpoint in another file
