"""Mapped tables: ``python -m benchmarks.mapping [--rows 100000] [--morph-python PYTHON]``.

The two candidates for ``format: table`` (issue #12), on the same made-up ACLED rows
(:mod:`benchmarks.acled_rows`), each in its own process so that its peak memory is its own:

- **CSVW**: ld-events' reader of CSVW metadata, ``docs/mappings/acled.csvw.json``: rows
  streamed, checked, turned into triples with the coder's coding and claims, into the store
  (``read_sources``);
- **CSVW, the mapping alone**: the same reader's rows → triples, without the coding, the
  claims and the build's checks: the triples RML makes, for a like-for-like rate;
- **RML**: morph-kgc running the same mapping as RML (``benchmarks/acled.rml.ttl``, without
  the coding and claims, which RML cannot add) into a pyoxigraph store
  (``materialize_oxigraph``).

Prints rows/s, triples and peak memory of each, and CSVW's rate / RML's. morph-kgc is not a
dependency of ld-events: install it in a throwaway venv (``python -m venv /tmp/mkgc &&
/tmp/mkgc/bin/pip install morph-kgc``) and pass ``--morph-python /tmp/mkgc/bin/python``.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.acled_rows import MAPPING, write_rows

HERE = Path(__file__).resolve().parent
BASE = "https://example.org/acled/"
CONFIG = f"""title: made-up ACLED rows
base: {BASE}
license: https://creativecommons.org/licenses/by/4.0/
tables:
  - {{format: table, path: data/acled.csv, mapping: data/acled.csvw.json}}
"""
CSVW_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ld_events.config import load_config
from ld_events.sources.reading import read_sources
start = time.perf_counter()
sources = read_sources(load_config(Path(sys.argv[1])))
seconds = time.perf_counter() - start
assert sources.report.errors == 0, sources.report.to_text(10)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "triples": len(sources.store), "peak_kb": peak}))
"""
ENGINE_CHILD = """
import json, resource, sys, time
from pathlib import Path
from pyoxigraph import Quad, Store
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.sources.base import SourceFile
from ld_events.sources.csvw_metadata import read_mapping
from ld_events.sources.csvw_rows import RowConverter
from ld_events.sources.tables import TableRows
project = Path(sys.argv[1])
start = time.perf_counter()
mapping = read_mapping(project / "data" / "acled.csvw.json", "m", BASE).mapping
converter, store, chunk = RowConverter(mapping, BASE), Store(), []
table = SourceFile(project / "data" / "acled.csv", "acled.csv")
rows = TableRows(table, delimiter=",", quote_char='"')
for number, (line, cells) in enumerate(rows):
    if number:
        chunk += converter.convert(cells, number, line).triples
    if len(chunk) > 50_000:
        store.bulk_extend(Quad(t.subject, t.predicate, t.object, DATA_GRAPH) for t in chunk)
        chunk = []
store.bulk_extend(Quad(t.subject, t.predicate, t.object, DATA_GRAPH) for t in chunk)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "triples": len(store), "peak_kb": peak}))
""".replace("BASE", repr(BASE))
RML_CHILD = """
import json, resource, sys, time
import morph_kgc
config = "[ACLED]\\nmappings: " + sys.argv[1] + "\\n"
start = time.perf_counter()
store = morph_kgc.materialize_oxigraph(config)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "triples": len(store), "peak_kb": peak}))
"""


def run_child(python: str, code: str, argument: Path) -> dict[str, float]:
    done = subprocess.run(
        [python, "-c", code, str(argument)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{python} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def rml_files(folder: Path, data: Path) -> Path:
    """The RML mapping with its data, crosswalk and base filled in."""
    mapping = json.loads(MAPPING.read_text("utf-8"))
    column = next(c for c in mapping["tableSchema"]["columns"] if c.get("name") == "sub_event_type")
    prefixes = {
        "act": "https://w3id.org/ld-events/action#",
        "cameo": "https://w3id.org/ld-events/cameo#",
    }
    crosswalk = folder / "crosswalk.csv"
    with crosswalk.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sub_event_type", "iri"])
        for text, curie in sorted(column["lde:valueMap"].items()):
            if curie:
                prefix, local = curie.split(":", 1)
                writer.writerow([text, prefixes[prefix] + local])
    rules = (HERE / "acled.rml.ttl").read_text("utf-8")
    rules = rules.replace('"DATA"', f'"{data}"').replace('"CROSSWALK"', f'"{crosswalk}"')
    out = folder / "acled.rml.ttl"
    out.write_text(rules.replace("BASE", BASE), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--morph-python", default=sys.executable, help="a Python with morph-kgc")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ld-events-bench-mapping-") as work:
        project = Path(work) / "project"
        (project / "data").mkdir(parents=True)
        data = project / "data" / "acled.csv"
        write_rows(args.rows, data)
        shutil.copy(MAPPING, project / "data" / "acled.csvw.json")
        (project / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
        csvw = run_child(sys.executable, CSVW_CHILD, project)
        engine = run_child(sys.executable, ENGINE_CHILD, project)
        rml = run_child(args.morph_python, RML_CHILD, rml_files(Path(work), data))
    print(f"{args.rows:,} made-up ACLED rows")
    print(f"{'candidate':52} {'rows/s':>9} {'triples':>10} {'peak MB':>8}")
    for name, result in (
        ("CSVW, the build's reader (+ coding, claims, checks)", csvw),
        ("CSVW, the mapping alone (no coding, no claims)", engine),
        ("RML, morph-kgc (no coding, no claims)", rml),
    ):
        rate = args.rows / result["seconds"]
        print(
            f"{name:52} {rate:>9,.0f} {result['triples']:>10,.0f} {result['peak_kb'] / 1024:>8,.0f}"
        )
    for name, result in (("the build's reader", csvw), ("the mapping alone", engine)):
        ratio = rml["seconds"] / result["seconds"]
        memory = result["peak_kb"] / rml["peak_kb"]
        print(f"CSVW ({name}) rows/s / RML rows/s: {ratio:.2f}; peak memory / RML: {memory:.2f}")


if __name__ == "__main__":
    main()
