"""The interface's headless core: the session with the engine, what it knows, and what it can do.

No Textual here (a test holds it): the screens and the commands call the core's
verbs and listen to its notifications; its tests run without a terminal.
"""
