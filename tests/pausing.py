"""Test-only: a stranded process that stops dead at a named point, so that a test can kill -9 it
there, in the middle of a request, an import or a task. Never imported by stranded itself.

    STRANDED_TEST_PAUSE=module:function[:n]   pause after the n-th call (default 1) returns
    STRANDED_TEST_PAUSE_FILE=PATH             written with the process id when it pauses; while it
                                              exists no process pauses again (the restarted one
                                              runs through)

    gunicorn tests.pausing:application        the web application, paused
    python -m tests.pausing COMMAND ARGS...   a `stranded` command (db_worker, forms import), paused
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

PAUSE_S = 600  # long enough for any test to kill it; it never returns in practice


def install() -> None:
    spec = os.environ.get("STRANDED_TEST_PAUSE", "")
    if not spec:
        return
    module_name, name, *nth = spec.split(":")
    marker = Path(os.environ["STRANDED_TEST_PAUSE_FILE"])
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = {"n": 0}

    @functools.wraps(original)
    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == int(nth[0] if nth else 1) and not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(PAUSE_S)
        return result

    setattr(module, name, paused)


def __getattr__(name: str) -> Any:
    """`tests.pausing:application` for gunicorn: the WSGI application with the pause installed."""
    if name != "application":
        raise AttributeError(name)
    from stranded.wsgi import application

    install()
    return application


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stranded.settings")
    import django

    django.setup()
    install()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["stranded", *sys.argv[1:]])
