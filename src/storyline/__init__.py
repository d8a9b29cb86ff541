"""storyline: rebuild news stories across outlets and languages.

>>> import storyline
>>> result = storyline.run(["samples/"], out_dir="out/")   # doctest: +SKIP
>>> result.reports[0].statements[0].speaker.name             # doctest: +SKIP
"""

from storyline.errors import (
    ContractError,
    InputError,
    MissingDependency,
    SettingsError,
    StageError,
    StoreError,
    StorylineError,
    UnreadableInput,
    UnsupportedFormat,
)
from storyline.pipeline import RunResult, run
from storyline.records import (
    Article,
    ArticleAnalysis,
    Claim,
    Conflict,
    Entity,
    Event,
    RawDoc,
    Reject,
    Span,
    Statement,
    Story,
    StoryReport,
    span_of,
)
from storyline.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleAnalysis",
    "Claim",
    "Conflict",
    "ContractError",
    "Entity",
    "Event",
    "InputError",
    "MissingDependency",
    "RawDoc",
    "Reject",
    "RunResult",
    "Settings",
    "SettingsError",
    "Span",
    "StageError",
    "Statement",
    "StoreError",
    "Story",
    "StoryReport",
    "StorylineError",
    "UnreadableInput",
    "UnsupportedFormat",
    "load_settings",
    "run",
    "span_of",
]
