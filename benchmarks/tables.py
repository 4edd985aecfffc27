"""Table readers: ``python -m benchmarks.tables [--skip-build] [--shared ../shared/data]``.

Prints rows/s for reading the 92,367 ICEWS 2005-2015 rows (valid + test) with the ICEWS reader,
against two baselines measured in the same run: plain ``csv`` parsing of the same files (the
floor), and the GDELT reader on the 300 shared GDELT rows; then the time of read + validate
(``load_project``) and of the full build of all 92,367 rows into a temporary folder.
ICEWS terms are unverified: the project and its site live in a temporary folder, removed after.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ld_events.build import build
from ld_events.config import load_config
from ld_events.project import load_project
from ld_events.sources.reading import read_sources

HEAD = "title: T\nbase: https://example.org/t/\n"
HEAD += "license: https://creativecommons.org/licenses/by/4.0/\ntables:\n"


def project(folder: Path, tables: str, files: list[Path]) -> Path:
    (folder / "data").mkdir(parents=True)
    for path in files:
        shutil.copy(path, folder / "data" / path.name)
    (folder / "ld-events.yaml").write_text(HEAD + tables, encoding="utf-8")
    return folder


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def csv_rows(files: list[Path]) -> int:
    count = 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            count += sum(1 for _ in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("..") / "shared" / "data")
    parser.add_argument("--skip-build", action="store_true", help="skip the full build")
    args = parser.parse_args()
    icews = sorted((args.shared / "icews").glob("icews_2005-2015_*.txt"))
    gdelt = [args.shared / "gdelt" / name for name in ("events.csv", "eventsT.csv")]
    with tempfile.TemporaryDirectory(prefix="ld-events-bench-tables-") as work:
        rows = csv_rows(icews)
        floor = rows / timed(lambda: csv_rows(icews))
        g = project(Path(work) / "gdelt", "  - {format: gdelt-2.0, path: data/*.csv}\n", gdelt)
        g_rows = csv_rows(gdelt)
        g_rate = g_rows / timed(lambda: read_sources(load_config(g)))
        i = project(Path(work) / "icews", "  - {format: icews, path: data/*.txt}\n", icews)
        i_rate = rows / timed(lambda: read_sources(load_config(i)))
        validated = timed(lambda: load_project(i))
        print(f"{'what':44} {'rows':>7} {'rows/s':>10}")
        print(f"{'plain csv parsing of the ICEWS files (floor)':44} {rows:>7} {floor:>10,.0f}")
        print(f"{'GDELT reader, shared GDELT 2.0 rows':44} {g_rows:>7} {g_rate:>10,.0f}")
        print(f"{'ICEWS reader, 2005-2015 rows':44} {rows:>7} {i_rate:>10,.0f}")
        print(
            f"ICEWS reader / csv floor: {i_rate / floor:.3f}; ICEWS / GDELT: {i_rate / g_rate:.2f}"
        )
        print(f"read + validate (load_project) of {rows:,} rows: {validated:.1f} s")
        if not args.skip_build:
            built = timed(lambda: build(i, Path(work) / "site"))
            print(f"full build of {rows:,} rows: {built:.1f} s ({rows / built:,.0f} rows/s)")


if __name__ == "__main__":
    main()
