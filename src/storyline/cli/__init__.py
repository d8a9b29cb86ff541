"""Command line: ``storyline run|report|inspect``; one module per command.

Exit codes: 0 done, 1 done but some inputs were rejected, 2 usage or settings error,
3 an internal error (a bug: the traceback is printed).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from storyline.errors import SettingsError, StorylineError

EXIT_OK, EXIT_REJECTS, EXIT_USAGE, EXIT_CRASH = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    from storyline.cli import inspect, report, run

    parser = argparse.ArgumentParser(
        prog="storyline",
        description="Rebuild news stories across outlets and languages: who said what, "
        "what happened when, what is corroborated and how each outlet told it.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run.add_parser(sub)
    report.add_parser(sub)
    inspect.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``storyline`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        code: int = args.func(args)
        return code
    except SettingsError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StorylineError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("storyline: interrupted", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - a bug: say so, distinct from "some inputs rejected"
        import traceback

        traceback.print_exc()
        print("storyline: internal error (please report it with the traceback above)",
              file=sys.stderr)
        return EXIT_CRASH
