"""Breakpoints and watches last: saved per project, restored at the next session, following moved lines."""

from __future__ import annotations

import json
import os

import pytest

from tdb.ui.core import remembered

from .test_breakpoints_pane import command
from .test_startup_commands import PROGRAM, SIZE  # (the same small loop)


@pytest.fixture
def project(tmp_path, monkeypatch):
    work = tmp_path / "project"
    work.mkdir()
    (work / "prog.py").write_text(PROGRAM)
    monkeypatch.chdir(work)
    return work


async def first_session(ui_program, work) -> None:
    """b 3 with a condition, a disabled b 4, a tbreak, a watch; then leave."""
    session = ui_program(str(work / "prog.py"), cwd=work)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b 3, i == 1", "Breakpoint 1")
        await command(session, pilot, "b 4", "Breakpoint 2")
        await command(session, pilot, "disable 2", "Disabled")
        await command(session, pilot, "tbreak 2", "Breakpoint 3")
        await command(session, pilot, "display value", "value")


def kept(session) -> list[tuple]:
    return [(os.path.basename(bp.path or ""), bp.line, bp.condition, bp.enabled) for bp in session.app.core.book.all()]


async def test_the_next_session_gets_them_back(ui_program, project):
    await first_session(ui_program, project)
    session = ui_program(str(project / "prog.py"), cwd=project)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.until(lambda: "Restored 2 breakpoints and 1 watch" in session.console(), pilot, "the restore")
        assert kept(session) == [("prog.py", 3, "i == 1", True), ("prog.py", 4, None, False)]  # (no tbreak)
        assert session.app.core.watches == ["value"]
        await command(session, pilot, "c", "> c")
        await session.until(lambda: session.app.core.stop is not None and "at a breakpoint" in session.status(),
                            pilot, "the restored breakpoint to stop the program")
        await command(session, pilot, "p i", "1")  # its condition came back too


async def test_a_breakpoint_follows_its_line_and_one_whose_line_went_is_named(ui_program, project):
    await first_session(ui_program, project)
    # Two lines above the loop; `value += i` is gone, `print(...)` moved down by two.
    (project / "prog.py").write_text('"""doc"""\nimport sys\nvalue = 20\nfor i in range(3):\n    value -= i\n'
                                     'print("value", value)\n')
    session = ui_program(str(project / "prog.py"), cwd=project)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.until(lambda: "Restored 1 breakpoint" in session.console(), pilot, "the restore")
        assert "not restored, their line changed: prog.py:3" in session.console()
        assert kept(session) == [("prog.py", 6, None, False)]


async def test_forget_and_another_project(ui_program, project, tmp_path, monkeypatch):
    await first_session(ui_program, project)
    other = tmp_path / "other"
    other.mkdir()
    (other / "prog.py").write_text(PROGRAM)
    monkeypatch.chdir(other)
    session = ui_program(str(other / "prog.py"), cwd=other)
    async with session.app.run_test(size=SIZE) as pilot:  # another project: nothing of the first one's
        await session.next_screen(pilot)
        await command(session, pilot, "b", "No breakpoints.")
    monkeypatch.chdir(project)
    session = ui_program(str(project / "prog.py"), cwd=project)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.until(lambda: "Restored 2 breakpoints" in session.console(), pilot, "the restore")
        await command(session, pilot, "forget", "Forgot the breakpoints and watches of")
    assert not os.path.exists(remembered.file_of(str(project)))
    session = ui_program(str(project / "prog.py"), cwd=project)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "b", "No breakpoints.")


async def test_a_corrupt_file_is_set_aside_with_a_message(ui_program, project):
    path = remembered.file_of(str(project))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        file.write('{"project": ')
    session = ui_program(str(project / "prog.py"), cwd=project)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.until(lambda: "set aside as" in session.console(), pilot, "the message")
        await command(session, pilot, "b 3", "Breakpoint 1")  # and the session goes on, saving anew
    assert os.path.exists(path + ".corrupt")
    with open(path) as file:
        assert json.load(file)["breakpoints"][0]["line"] == 3


@pytest.mark.parametrize("project", ["/home/amy/project", "/srv/café", "/tmp/\udcff"])
def test_a_projects_file_is_named_as_hashlib_would(project):
    import hashlib

    digest = hashlib.sha256(project.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    assert remembered.file_of(project) == os.path.join(remembered.projects_dir(), f"{digest}.json")
