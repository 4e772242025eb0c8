"""How a command's or a key's failure is said: one line in the console, in pdb's words (`*** ...`)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Awaitable, Callable, TypeVar

from ..core.client import ConnectionLost, RequestFailed
from ..core.session import NotStopped
from .parsing import SpecError

if TYPE_CHECKING:
    from ..screens.main import DebuggerScreen

Method = TypeVar("Method", bound=Callable[..., Awaitable[Any]])


async def guarded(screen: "DebuggerScreen", work: Awaitable[Any]) -> None:
    """Run a command's or a key's work; what goes wrong is one line in the console, and the session goes on."""
    try:
        await work
    except NotStopped as error:
        if str(error):
            screen.say(str(error), "info")
    except (SpecError, RequestFailed) as error:
        screen.say(f"*** {error}", "error")
    except ConnectionLost:
        screen.say("*** the program is gone", "error")


def reported(method: Method) -> Method:
    """A screen's action or message handler whose failures are said as guarded() says them."""

    @functools.wraps(method)
    async def run(screen: "DebuggerScreen", *args: Any) -> None:
        await guarded(screen, method(screen, *args))

    return run  # type: ignore[return-value]
