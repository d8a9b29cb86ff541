"""``storyline report DIR``: render the HTML report again from a run's JSON output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from storyline.errors import InputError


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="re-render DIR/report/index.html from DIR/articles.jsonl and DIR/stories/",
        description="Render the HTML report from the JSON a previous run wrote into DIR.",
    )
    p.add_argument("dir", metavar="DIR", help="output folder of a previous storyline run")
    p.set_defaults(func=main)


def load_outputs(out: Path) -> tuple[list[Any], list[Any]]:
    """Read a run's articles and story reports back as records.

    Raises:
        InputError: the folder holds no storyline output.
    """
    from storyline.records import Article, StoryReport

    path = out / "articles.jsonl"
    if not path.is_file():
        raise InputError(f"{out} holds no articles.jsonl: run 'storyline run ... --out {out}'",
                         source=str(out))
    articles = [Article.from_dict(json.loads(line))
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    reports = [StoryReport.from_dict(json.loads(p.read_text(encoding="utf-8")))
               for p in sorted((out / "stories").glob("*.json"))]
    return articles, reports


def main(args: argparse.Namespace) -> int:
    from storyline.report.html import render_report

    out = Path(args.dir)
    articles, reports = load_outputs(out)
    path = render_report(out, articles, reports)
    print(f"report written to {path}")
    return 0
