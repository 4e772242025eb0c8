"""python -m tdb.ui, the interface process tdb starts: a wrong command line says what is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harness.debuggee import ROOT


@pytest.mark.parametrize("args, message", [
    ([], "usage: python -m tdb.ui --fd N"),
    (["--fd"], "usage: python -m tdb.ui --fd N"),
    (["--fd", "x"], "usage: python -m tdb.ui --fd N"),
    (["--fd", "987"], "tdb: no socket to the engine on descriptor 987: Bad file descriptor"),
])
def test_a_bad_command_line_is_refused_with_a_message(args, message):
    result = subprocess.run([sys.executable, "-m", "tdb.ui", *args], capture_output=True, text=True, cwd=ROOT,
                            timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_the_interface_imports_asyncio_without_ssl_and_ssl_stays_importable():
    code = ("import sys; from tdb.ui.run import import_asyncio_without_tls; import_asyncio_without_tls(); "
            "import asyncio.base_events as b, asyncio.selector_events as s, asyncio.sslproto as p; "
            "print('ssl' in sys.modules, b.ssl, s.ssl, p.ssl); import ssl; print(ssl.PROTOCOL_TLS_CLIENT.name)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["False None None None", "PROTOCOL_TLS_CLIENT"]
