"""Run the independent tools the tests check output with (rapper, Jena)."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from tests.conftest import SHARED, require, require_command


def rapper_count(path: Path, syntax: str = "turtle") -> int:
    """Parse with raptor2's rapper; fail on a syntax error; return the triple count."""
    rapper = require_command("rapper")
    done = subprocess.run(
        [rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    for line in done.stderr.splitlines():
        if "returned" in line and "triples" in line:
            return int(line.split("returned")[1].split()[0])
    raise AssertionError(f"rapper printed no count: {done.stderr}")


@cache
def jena_classpath() -> str:
    require_command("java")
    require(Path("/usr/share/java/jena-core.jar").exists(), "Apache Jena (libapache-jena-java)")
    script = SHARED / "tools" / "jena-classpath.sh"
    require(script.exists(), f"{script} is missing")
    done = subprocess.run(["sh", str(script)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def jena(main: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["java", "-cp", jena_classpath(), main, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def riot_validate(*paths: Path) -> None:
    """Jena riot, the strictest syntax check here: errors and warnings both fail."""
    done = jena("riotcmd.riot", "--validate", *map(str, paths))
    problems = [line for line in done.stderr.splitlines() if " INFO " not in line]
    assert done.returncode == 0 and not problems, "\n".join(problems[:50])
