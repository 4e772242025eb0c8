"""The soak test, small (make soak runs it whole): many stops, hits on four threads, hostile evaluations,
restarts, through the real interface; the program's results are what they are without tdb."""

from __future__ import annotations

from harness.soak import SECOND, soak


def test_a_small_soak_keeps_the_programs_results_and_every_step_quick():
    figures = soak(runs=3, steps=15, hits=6, evaluations=4)
    assert (figures.runs, figures.steps, figures.hits, figures.evaluations) == (3, 45, 18, 12)
    assert figures.results_match, "a run's result differs from the program's result without tdb"
    assert max(figures.waits) <= SECOND, f"a step took {max(figures.waits):.2f} s"
    # (Memory needs the long run to mean anything: make soak holds it to 1.2x.)
