"""An error of tdb's own in the interface: one line on the terminal, the traceback in the log."""

from __future__ import annotations

import asyncio

import pytest

from tdb.ui.app import TdbApp


async def test_an_unhandled_error_goes_to_the_log_and_leaves_one_line(tmp_path, monkeypatch, capsys):
    log = tmp_path / "tdb.log"
    monkeypatch.setenv("TDB_LOG", str(log))
    app = TdbApp(None)

    def broken() -> None:
        raise RuntimeError("a bug of ours")

    with pytest.raises(RuntimeError, match="a bug of ours"):  # (run_test hands it to the test as well)
        async with app.run_test(size=(120, 40)) as pilot:
            app.call_later(broken)
            await pilot.pause(0.2)
    assert app.return_code == 1
    said = capsys.readouterr().err.replace("\n", "")  # (the test console wraps it at 80 columns)
    assert said == f"tdb: internal error (RuntimeError: a bug of ours); details in {log}"
    written = log.read_text()
    assert "interface: unhandled error" in written and "Traceback (most recent call last)" in written
    assert 'raise RuntimeError("a bug of ours")' in written


def test_the_log_is_in_the_state_directory_unless_tdb_log_names_one(tmp_path, monkeypatch):
    from tdb.log import log_path

    monkeypatch.delenv("TDB_LOG", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert log_path() == str(tmp_path / "tdb" / "tdb.log")
    monkeypatch.setenv("TDB_LOG", str(tmp_path / "mine.log"))
    assert log_path() == str(tmp_path / "mine.log")


async def test_a_worker_that_outlives_the_panes_as_the_app_ends_is_no_error(capsys):
    """Textual removes the panes before it cancels the screen's workers: a command's refresh that was
    waiting for the engine then finds no pane. The app ends as it would have, without an error."""
    from textual import events

    from tdb.ui.widgets.source import SourceView

    app = TdbApp(None, owns_program_terminal=False)
    panes_going = asyncio.Event()
    looked: list[bool] = []

    def hook(message) -> None:
        if isinstance(message, events.Unmount) and isinstance(message._sender, SourceView):
            panes_going.set()

    async def a_refresh() -> None:
        await panes_going.wait()  # (the engine's answer, as the app ends)
        await asyncio.sleep(0)
        looked.append(True)
        app.main_screen.query_one(SourceView)

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await pilot.pause()
        app.main_screen.run_worker(a_refresh())
    assert looked == [True]  # (it ran, and found no pane)
    assert app.return_code in (None, 0)
    assert "internal error" not in capsys.readouterr().err
