"""`python -m data.derive [DATA_DIR] [--check]` (`make derive`): rerun every derivation on
its pinned input and rewrite exactly the rows it produces. `--check` writes nothing and
exits 1 when a row would change. A missing input is named with where to get it, and its
derivation does nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.derive.common import INPUTS_DIR, MANIFEST, REPO_DIR, DeriveError
from data.derive.run import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.derive", description=__doc__)
    parser.add_argument("data_dir", nargs="?", default=str(REPO_DIR / "data"))
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on a change")
    parser.add_argument("--manifest", default=str(MANIFEST), help="the manifest of pinned inputs")
    parser.add_argument("--inputs", default=str(INPUTS_DIR), help="the folder of pinned inputs")
    args = parser.parse_args(argv)
    try:
        outcome = run(
            Path(args.data_dir),
            write=not args.check,
            manifest=Path(args.manifest),
            inputs_dir=Path(args.inputs),
        )
    except DeriveError as problem:
        print(f"derive: {problem}", file=sys.stderr)
        return 1
    for message in outcome.skipped:
        print(f"derive: skipped, {message}", file=sys.stderr)
    for target, rewrite in outcome.rewrites.items():
        verb = "would change" if args.check else "changed"
        print(
            f"{target.name}: {rewrite.unchanged} derived rows as shipped, "
            f"{len(rewrite.changed)} {verb}, {len(rewrite.added)} added"
        )
        for key in rewrite.changed:
            print(f"  {verb}: {key}")
        for key in rewrite.added:
            print(f"  added: {key}")
    return 1 if args.check and outcome.differs else 0


if __name__ == "__main__":
    sys.exit(main())
