"""A working Java classpath for Apache Jena's tools (riot, shacl) from Debian's packages.

Debian 12 ships Jena 4.5 (libapache-jena-java) but no launcher, and two packaging problems stand
between its jars and a run:

- ``/usr/share/java/*`` holds both log4j-over-slf4j and slf4j-log4j12, which delegate to each
  other (SLF4J detects the loop and aborts at start-up). So the classpath lists, one by one, the
  jars of the packages Jena needs (``dpkg -L``), each file once: Debian installs many jars under
  two names, ``name.jar`` and ``name-1.2.3.jar``, and the unversioned one is kept. slf4j-api
  and slf4j-simple are added for logging.
- jena-core shades Xerces and relocates its classes to ``xerces.*``, but leaves their message
  bundles at the old path ``org/apache/jena/ext/xerces/``; Jena then dies at start-up with
  "RuntimeException: internal error". Copies of the bundles at the relocated path
  ``xerces/...``, in a folder put first on the classpath, fix that. The folder is a cache under
  the system's temporary folder, named after the bundles it holds, and filled in a private
  folder that is then renamed into place: parallel runs never see it half-written.

Only the standard library is used, so this also runs outside pytest::

    python -m tests.jena    # prints the classpath
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from functools import cache
from pathlib import Path

JAVA_DIR = Path("/usr/share/java")
JENA_CORE_JAR = JAVA_DIR / "jena-core.jar"

#: The Debian packages whose jars riot, shacl, arq and tdb2 load.
PACKAGES = (
    "libapache-jena-java",
    "libcommons-cli-java",
    "libcommons-codec-java",
    "libcommons-compress-java",
    "libcommons-csv-java",
    "libcommons-io-java",
    "libcommons-lang3-java",
    "libdexx-java",
    "libgoogle-gson-java",
    "libguava-java",
    "libhttpclient-java",
    "libhttpcore-java",
    "libjackson2-core-java",
    "libjackson2-databind-java",
    "libjackson2-annotations-java",
    "libjsonld-java",
    "libjsonp2-java",
    "libprotobuf-java",
    "libthrift-java",
    "libtitanium-json-ld-java",
    "libcaffeine-java",
)

#: SLF4J's API and one binding, added by name: libslf4j-java also holds the looping bridges.
LOGGING_JARS = (JAVA_DIR / "slf4j-api.jar", JAVA_DIR / "slf4j-simple.jar")

#: Where jena-core keeps the shaded Xerces message bundles; the classes look for them under
#: the relocated package ``xerces``, i.e. with this prefix removed.
BUNDLE_PREFIX = "org/apache/jena/ext/"
BUNDLE_RE = re.compile(re.escape(BUNDLE_PREFIX) + r"xerces/.+\.properties")

#: A jar name with a version number: ``protobuf-3.21.12.jar``, ``guava-31.1-jre.jar``.
VERSIONED_RE = re.compile(r"-\d[^/]*\.jar")


def missing() -> str | None:
    """Why no Jena classpath can be built here, or None when it can."""
    if shutil.which("java") is None:
        return "'java' is not installed (default-jre-headless)"
    if not JENA_CORE_JAR.is_file():
        return f"Apache Jena is not installed: {JENA_CORE_JAR} is missing (libapache-jena-java)"
    if shutil.which("dpkg") is None:
        return "'dpkg' is not installed: the Jena classpath is built from Debian's packages"
    for jar in LOGGING_JARS:
        if not jar.is_file():
            return f"{jar} is missing (libslf4j-java)"
    return None


@cache
def classpath() -> str:
    """The classpath: the bundle folder, the packages' jars (sorted), then SLF4J."""
    reason = missing()
    if reason is not None:
        raise RuntimeError(reason)
    entries = [str(bundle_folder()), *map(str, package_jars()), *map(str, LOGGING_JARS)]
    return os.pathsep.join(entries)


def package_jars() -> list[Path]:
    """The jars in /usr/share/java of those PACKAGES that are installed, one name per file."""
    # dpkg lists the packages it knows and complains (exit 1) about the others: Jena may not
    # need every one of them on every Debian release.
    done = subprocess.run(["dpkg", "-L", *PACKAGES], capture_output=True, text=True, check=False)
    names = {
        path
        for path in map(Path, done.stdout.splitlines())
        if path.parent == JAVA_DIR and path.suffix == ".jar" and path.is_file()
    }
    if JENA_CORE_JAR not in names:
        raise RuntimeError(f"dpkg -L does not list {JENA_CORE_JAR}: {done.stderr.strip()}")
    # One name per file: ``name.jar`` rather than its versioned twin ``name-1.2.jar``.
    by_file: dict[str, Path] = {}
    for path in sorted(names, key=lambda p: (bool(VERSIONED_RE.search(p.name)), p.name)):
        by_file.setdefault(os.path.realpath(path), path)
    return sorted(by_file.values())


def bundle_folder() -> Path:
    """A folder holding jena-core's Xerces message bundles at their relocated path.

    Named after the user and a digest of the bundles, so that another Jena release gets a
    folder of its own; filled in a private folder that is renamed into place, so that it
    exists complete or not at all.
    """
    with zipfile.ZipFile(JENA_CORE_JAR) as jar:
        bundles = sorted(
            (info for info in jar.infolist() if BUNDLE_RE.fullmatch(info.filename)),
            key=lambda info: info.filename,
        )
        if not bundles:
            raise RuntimeError(f"{JENA_CORE_JAR} has no Xerces bundles under {BUNDLE_PREFIX}")
        digest = hashlib.sha256()
        for info in bundles:
            digest.update(f"{info.filename} {info.CRC:08x} {info.file_size}\n".encode())
        temp = Path(tempfile.gettempdir())
        folder = temp / f"ld-events-jena-{os.getuid()}-{digest.hexdigest()[:16]}"
        if not folder.exists():
            staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=temp))
            try:
                for info in bundles:
                    target = staging / info.filename.removeprefix(BUNDLE_PREFIX)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(info))
                staging.chmod(0o755)
                try:
                    staging.rename(folder)
                except OSError:
                    if not folder.exists():
                        raise
                    # A parallel run renamed its copy into place first; it is checked below.
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    check_bundle_folder(folder, [info.filename for info in bundles])
    return folder


def check_bundle_folder(folder: Path, bundles: list[str]) -> None:
    """Refuse a folder that is incomplete, or that another user made or could change."""
    status = folder.lstat()
    if folder.is_symlink() or not folder.is_dir() or status.st_uid != os.getuid():
        raise RuntimeError(f"{folder} is not a folder of this user's: remove it and rerun")
    if status.st_mode & 0o022:
        raise RuntimeError(f"{folder} is writable by others: remove it and rerun")
    for name in bundles:
        if not (folder / name.removeprefix(BUNDLE_PREFIX)).is_file():
            raise RuntimeError(f"{folder} lacks {name}: remove it and rerun")


if __name__ == "__main__":
    problem = missing()
    if problem is not None:
        sys.exit(problem)
    print(classpath())
