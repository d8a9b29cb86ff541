"""What a local worker pool loads once, before its workers fork (imported by the forkserver).

The local engine starts its worker processes from a fork server. This module is that server's
preload: it runs the calls the first model-loading stage asked for (``STORYLINE_PRELOAD``, a JSON
list of ``[module, function, argument]``, e.g. the spaCy pipeline of each language of the run
and the sentence encoder), so every worker starts with the models in memory, shared copy-on-write,
instead of loading them itself (spaCy's French tokenizer alone compiles regular expressions for
seconds). A call that fails is logged and skipped: the worker then loads lazily, as it would
without a preload.
"""

from __future__ import annotations

import importlib
import json
import logging
import os

log = logging.getLogger(__name__)

ENV = "STORYLINE_PRELOAD"


def _preload() -> None:
    try:
        calls = json.loads(os.environ.get(ENV) or "[]")
    except ValueError:
        return
    for call in calls:
        try:
            module, function, arg = call
            fn = getattr(importlib.import_module(module), function)
            fn() if arg is None else fn(arg)
        except Exception as exc:  # noqa: BLE001 - a failed preload must not stop the server
            log.warning("preload %r failed: %s", call, exc)


_preload()
