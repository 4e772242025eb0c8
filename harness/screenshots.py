"""`make screenshots`: SVG pictures of tdb's screens for the README (python -m harness.screenshots DIR)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from harness import scenarios
from harness.ui_session import ROOT, start_program, stop_program


async def shoot(name: str, args: tuple[str, ...], cwd: Path, scenario, out: Path, socket_dir: str) -> None:
    os.chdir(cwd)  # paths on screen are relative to the working directory
    # Each picture its own state: scenarios share a project, and one's breakpoints must not come back in the next.
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="tdb-screenshots-")
    session = start_program(args, os.path.join(socket_dir, f"{name}.sock"), cwd)
    try:
        async with session.app.run_test(size=scenarios.SIZE) as pilot:
            await scenario(session, pilot)
            session.app.save_screenshot(filename=f"{name}.svg", path=str(out))
    finally:
        stop_program(session.program)
    print(f"wrote {out / (name + '.svg')}")


async def main(out: Path) -> None:
    # The pictures show the default theme and layout, never the settings or breakpoints of whoever runs this.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tdb-screenshots-")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as socket_dir:
        await shoot("main", ("examples/primes.py", "20"), ROOT, scenarios.main_screen, out, socket_dir)
        await shoot("post-mortem", ("crash.py",), scenarios.fixed_place(), scenarios.post_mortem, out, socket_dir)
        await shoot("help", ("examples/primes.py", "20"), ROOT, scenarios.help_screen, out, socket_dir)
        await shoot("variables", ("orders.py",), scenarios.fixed_place(), scenarios.deep_variables, out, socket_dir)
        await shoot("tasks", ("service.py",), scenarios.fixed_place(), scenarios.tasks_and_threads, out, socket_dir)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
