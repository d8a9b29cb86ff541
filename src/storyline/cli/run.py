"""``storyline run INPUT... --out DIR``: the whole pipeline, then a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from storyline.errors import InputError


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "run",
        help="read articles, rebuild their stories, write JSON, a DuckDB store and an HTML report",
        description="Read INPUT files or folders (JSON Lines, .txt with optional header, .html, "
        ".warc/.warc.gz, RSS/Atom) and write DIR/articles.jsonl, DIR/stories/*.json, "
        "DIR/storyline.duckdb and DIR/report/index.html.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file or folder (read recursively)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--config", metavar="TOML", help="settings file (default: ./storyline.toml)")
    p.add_argument("--engine", choices=["local", "ray"],
                   help="execution engine (default: local; ray needs storyline[ray])")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes/actors for the heavy stages (default: 0 = every core)")
    p.add_argument("--ray-address", metavar="ADDR",
                   help="join this Ray cluster (e.g. auto) instead of starting a local one")
    p.add_argument("--store", choices=["duckdb", "files"], help="store (default: duckdb)")
    p.add_argument("--add", action="store_true",
                   help="add INPUT to the stories already in DIR (their articles are kept, "
                   "story ids stay; analyses of earlier articles come from the store)")
    p.add_argument("--window-days", type=int, metavar="N",
                   help="with --add: cluster and rebuild again only the earlier stories that "
                   "have an article dated within N days of a new article; the others are kept "
                   "as written (memory and time follow the window, not the archive)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import json

    from storyline.cli import EXIT_OK, EXIT_REJECTS
    from storyline.pipeline import run
    from storyline.settings import load_settings

    if args.window_days is not None and not args.add:
        print("storyline: error: --window-days works with --add (the window is over the "
              "earlier articles in --out)", file=sys.stderr)
        return 2
    settings = load_settings(
        Path(args.config) if args.config else None,
        engine=args.engine,
        workers=0 if args.workers is None else args.workers,
        ray_address=args.ray_address,
        store=args.store,
        add=args.add or None,
        add_window_days=args.window_days,
        progress=False if args.no_progress or not sys.stderr.isatty() else None,
        keep_records=False,  # the records go to --out; memory stays flat
    )
    try:
        result = run(args.inputs, args.out, settings)
    except InputError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return 2
    summary = result.summary()
    if args.json:
        print(json.dumps(result.stats, indent=2, ensure_ascii=False))
    else:
        print(format_summary(summary, result.stats, args.out))
    for r in result.rejects[:20]:
        where = f"{r.source}" + (f" [{r.record}]" if r.record and r.record != r.source else "")
        print(f"  skipped {where}: {r.reason} {r.detail}".rstrip(), file=sys.stderr)
    if summary["skipped"] > 20:
        print(f"  ... {summary['skipped'] - 20} more in {args.out}/rejects.jsonl", file=sys.stderr)
    return EXIT_REJECTS if summary["skipped"] else EXIT_OK


def format_summary(summary: dict[str, Any], stats: dict[str, Any], out: str) -> str:
    reasons = ", ".join(f"{k} {v}" for k, v in summary["skipped_reasons"].items()) or "none"
    lines = [
        f"articles read     {summary['articles']}",
        *([(f"kept as written   {summary['kept_as_written']} earlier articles (outside "
              "the window)")] if "kept_as_written" in summary else []),
        f"skipped           {summary['skipped']} ({reasons})",
        f"duplicates        {summary['duplicates']}",
        f"stories           {summary['stories']} ({summary['multi_article_stories']} with >1 article)",
        f"statements        {summary['statements']}",
        f"events            {summary['events']}",
        f"claims            {summary['claims']}",
        f"conflicts         {summary['conflicts']}",
        (f"time              {stats.get('elapsed_s')} s "
         f"({stats.get('articles_per_s')} articles/s, {stats.get('words_per_s')} words/s)"),
        f"output            {out}/articles.jsonl, {out}/stories/, {out}/report/index.html",
    ]
    return "\n".join(lines)
