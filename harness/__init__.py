"""What tests, benchmarks and `make screenshots` share: drivers of the real program, not tdb itself.

- debuggee: a program under the engine, and a DAP client on its socket
- tmux: a real terminal (tmux) running a command, read as the user sees it
- ui_session: tdb's interface in-process (Textual's Pilot) over a real program
- scenarios: screens the snapshot tests and the README's screenshots share
- screenshots: `make screenshots`, the README's pictures
"""
