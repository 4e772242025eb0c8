"""pdb's habits at the first stop: `tdb -c`, .pdbrc/.tdbrc from the home and working directories, alias."""

from __future__ import annotations

import pytest

from tdb.ui.widgets.source import SourceView

from .test_breakpoints_pane import command

SIZE = (120, 40)
PROGRAM = """\
value = 20
for i in range(3):
    value += i
print("value", value)
"""


@pytest.fixture
def place(tmp_path, monkeypatch):
    """The program in a working directory of its own, and a home of its own (for the rc files)."""
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    (work / "prog.py").write_text(PROGRAM)
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    return work, home


async def test_c_commands_run_at_the_first_stop_and_the_rest_at_the_next(ui_program, place):
    work, _ = place
    session = ui_program("-c", "b 3", "-c", "c", "-c", "p value, i", str(work / "prog.py"), cwd=work)
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        # b 3, then c moves the program: `p value, i` waits for the stop at line 3, and runs there.
        await session.until(lambda: "(20, 0)" in session.console(), pilot, "the third command at the next stop")
        assert app.query_one(SourceView).current_line == 3
        assert "> b 3" in session.console() and "> c" in session.console()
        assert "at a breakpoint" in session.status()


async def test_rc_files_run_home_first_then_the_working_directory(ui_program, place):
    work, home = place
    (home / ".pdbrc").write_text("# a comment, then a blank line\n\nalias pv p %1 * 2\n")
    (home / ".tdbrc").write_text("b 3\n")
    (work / ".pdbrc").write_text("c\npv value\n")
    session = ui_program(str(work / "prog.py"), cwd=work)
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.until(lambda: session.console().rstrip().endswith("40"), pilot, "pv value at line 3")
        assert app.query_one(SourceView).current_line == 3
        assert "a comment" not in session.console()


async def test_alias_and_unalias_as_pdbs(ui_program, place):
    work, _ = place
    session = ui_program(str(work / "prog.py"), cwd=work)
    async with session.app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "alias twice p %1 * 2", "> alias twice p %1 * 2")
        await command(session, pilot, "alias all p (%*)", "> alias all")
        await command(session, pilot, "twice 21", "42")
        await command(session, pilot, "all 1, 2", "(1, 2)")
        await command(session, pilot, "alias twice", "twice = p %1 * 2")
        await command(session, pilot, "alias", "all = p (%*)")
        for line, expected in [
            ("twice", "*** Not enough arguments for alias 'twice'"),
            ("twice 1 2", "*** Too many arguments for alias 'twice'"),
            ("alias bad p %2", "*** Replaceable parameters must be consecutive"),
            ("alias nosuch", "*** Unknown alias 'nosuch'"),
            ("unalias nosuch", "*** Unknown alias 'nosuch'"),
        ]:
            await command(session, pilot, line, expected)
        await command(session, pilot, "unalias twice", "> unalias twice")
        await command(session, pilot, "twice = 5", "> twice = 5")  # Python again: an assignment
        await command(session, pilot, "p twice", "5")


async def test_two_commands_on_one_line_as_pdbs(ui_program, place):
    work, _ = place
    session = ui_program(str(work / "prog.py"), cwd=work)
    app = session.app
    async with app.run_test(size=SIZE) as pilot:
        await session.next_screen(pilot)
        await command(session, pilot, "p 1 + 1;; p 2 + 2", "4")
        assert session.console().splitlines()[-2:] == ["2", "4"]
        # After a command that moves the program, the rest runs at the next stop.
        await command(session, pilot, "b 3;; c;; p value", "20")
        assert app.query_one(SourceView).current_line == 3
        await command(session, pilot, "alias both p %1;; p %2", "> alias both")  # an alias keeps its ;;
        await command(session, pilot, "both 5 6", "6")
        assert session.console().splitlines()[-2:] == ["5", "6"]
