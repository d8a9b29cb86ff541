"""``storyline inspect DIR [--sql QUERY]``: summarise a run or query its DuckDB store."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "inspect",
        help="summarise a run's output folder, or run SQL on its DuckDB store",
        description="Print a run's summary (stats.json), or with --sql run a query on "
        "DIR/storyline.duckdb (tables: articles, stories, statements, events, claims, conflicts).",
    )
    p.add_argument("dir", metavar="DIR", help="output folder of a previous storyline run")
    p.add_argument("--sql", metavar="QUERY", help="SQL to run on DIR/storyline.duckdb")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from storyline.errors import InputError

    out = Path(args.dir)
    if args.sql:
        from storyline.store.duckdb import DuckStore

        store = DuckStore(out)
        for row in store.query(args.sql):
            print("\t".join("" if v is None else str(v) for v in row))
        return 0
    stats = out / "stats.json"
    if not stats.is_file():
        raise InputError(f"{out} holds no stats.json: run 'storyline run ... --out {out}'",
                         source=str(out))
    print(json.dumps(json.loads(stats.read_text(encoding="utf-8")).get("summary", {}), indent=2))
    return 0
