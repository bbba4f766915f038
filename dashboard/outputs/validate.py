"""Command line: check a data folder and print one line per problem.

    python -m dashboard.validate [DATA_DIR] [--coverage] [--lang ko|en]

Prints `FILE:LINE: COLUMN: what is wrong (the value)` for each problem, errors and
warnings alike, and exits 1 when there is any error, 0 otherwise. `--coverage` prints
the entity x topic coverage table (Markdown), with the problems on stderr. The checks
themselves live in `dashboard.data.dataset`, shared with the app.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.base.i18n import LANGS
from dashboard.data.coverage import coverage_frame, coverage_markdown
from dashboard.data.dataset import data_dir_from_env, read_dataset
from dashboard.data.load import from_dataset
from dashboard.outputs.story import folder_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.validate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "data_dir", nargs="?", help="data folder (default: $DASHBOARD_DATA_DIR or data/)"
    )
    parser.add_argument("--coverage", action="store_true", help="print the coverage table")
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the messages")
    args = parser.parse_args(argv)
    folder = args.data_dir or data_dir_from_env()
    dataset = read_dataset(folder)
    data = from_dataset(dataset)
    if args.coverage:
        print(coverage_markdown(coverage_frame(data.observations, list(data.entities["id"]))))
    problems = [*dataset.problems, *folder_problems(folder, data)]
    for problem in problems:
        print(problem.format(args.lang), file=sys.stdout if not args.coverage else sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s) in {dataset.folder}", file=sys.stderr)
    return 1 if errors else 0
