"""r and n at a --Return-- stop reached from a breakpoint: on in the caller, as pdb.

The caller ran untraced to the breakpoint (c), so the step that leaves the return
stop must trace it: before, 3.11's settrace backend ran past it (r: to the end;
n: to the next call of the callee).
"""

from __future__ import annotations

import pytest

from tests.engine.test_stepping import NESTED, assert_same_as_pdb

pytestmark = pytest.mark.usefixtures("tracer_backend")


@pytest.mark.parametrize("commands", ["b2 c x2 r r n", "b2 c x2 n n n n", "b2 c x2 r n n", "b2 c r r c"])
def test_a_step_from_a_return_stop_after_a_breakpoint_stops_in_the_caller(launch, write, commands):
    script = write("nested.py", NESTED)
    stops = assert_same_as_pdb(launch, script, commands)
    assert ("line", "outer", 6) in stops or ("line", "outer", 7) in stops
