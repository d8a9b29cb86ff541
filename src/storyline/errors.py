"""The storyline exception tree.

::

    StorylineError                 catch this to handle anything storyline raises
    ├── InputError                 an input cannot be used; the run skips it and records a Reject
    │   ├── UnreadableInput        missing, empty, binary, truncated or undecodable input
    │   └── UnsupportedFormat      a file kind storyline does not read
    ├── SettingsError              bad settings or CLI arguments (exit code 2)
    ├── MissingDependency          an optional extra is not installed; the message names it
    ├── StageError                 a stage failed on a record; with on_error="skip" it becomes a Reject
    ├── StoreError                 the output store cannot be opened or written
    └── ContractError              an output violates CONTRACT.md (e.g. a span whose text does not match)

Catch ``InputError`` around one input, ``StageError`` around one record, and let the others
propagate: they mean the run itself cannot go on.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input file or record cannot be used."""

    def __init__(self, message: str, *, source: str = "", record: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.record = record


class UnreadableInput(InputError):
    """Missing, empty, binary, truncated or undecodable input."""


class UnsupportedFormat(InputError):
    """A file kind storyline does not read."""


class SettingsError(StorylineError):
    """Invalid settings or arguments."""


class MissingDependency(StorylineError):
    """An optional dependency is missing; the message says which extra to install."""


class StageError(StorylineError):
    """A stage failed on one record."""


class RecordTimeout(StageError):
    """One record took longer than its time limit (``engine.base.time_limit``)."""


class StoreError(StorylineError):
    """The output store cannot be opened or written."""


class ContractError(StorylineError):
    """An output record violates the input/output contract."""


__all__ = [
    "ContractError",
    "InputError",
    "MissingDependency",
    "SettingsError",
    "StageError",
    "StoreError",
    "StorylineError",
    "UnreadableInput",
    "UnsupportedFormat",
]
