"""The package's shape holds: stages import only earlier stages, nothing imports in a circle,
and no module grows past 400 lines.

Imports are read from the source with ``ast``. Those under ``if TYPE_CHECKING:`` are left out:
they name types and run nothing. Importing ``a.b.c`` also runs ``a/b/__init__.py``, so a module
depends on its package's ``__init__`` too; the root package (the public API, which imports from
every stage) is the one exception, since it is always imported first.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "ld_events"
#: The stages in pipeline order; a module may import its own stage and earlier ones.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "plumbing",
        frozenset(
            {"errors", "report", "assets", "translations", "layout", "rdf", "progress", "terminal"}
        ),
    ),
    ("input", frozenset({"config", "sources"})),
    ("graph", frozenset({"graph"})),
    ("checks and queries over the graph", frozenset({"validation", "sparql"})),
    ("the project loaded", frozenset({"project"})),
    ("curated records of table rows", frozenset({"curation"})),
    ("publish", frozenset({"publish"})),
    ("output", frozenset({"output"})),
    ("build", frozenset({"build"})),
    ("serving", frozenset({"serving"})),
    ("command line", frozenset({"cli", "cli_options", "__main__", "__init__"})),
)
#: Stages side by side in one layer that must not lean on each other.
INDEPENDENT = {frozenset({"validation", "sparql"})}
MAX_LINES = 400


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def runtime_imports(path: Path, name: str, known: set[str]) -> Iterator[str]:
    """The ld_events modules ``path`` imports when it runs (not under TYPE_CHECKING):
    ``from a import b`` imports ``a.b`` if that is a module, else it takes ``b`` from ``a``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _outside_type_checking(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            yield from (m for m in submodules if m in known)
            if any(m not in known for m in submodules):
                yield base


def _outside_type_checking(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (child for other in node.orelse for child in _walk(other))
            continue
        yield from _walk(node)


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    yield from _outside_type_checking(node)


def dependencies() -> dict[str, set[str]]:
    """Each module's ld_events dependencies: what it imports, and its packages' __init__."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        wanted = {m for m in runtime_imports(path, name, set(known)) if m in known and m != name}
        parents = name.split(".")
        wanted |= {".".join(parents[:i]) for i in range(2, len(parents))}
        graph[name] = wanted - {"ld_events", name}
    return graph


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer(module: str) -> int:
    return next(i for i, (_, names) in enumerate(LAYERS) if stage(module) in names)


def test_every_module_belongs_to_a_stage() -> None:
    assert [m for m in modules() if not any(stage(m) in n for _, n in LAYERS)] == []


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for module, imported in sorted(dependencies().items()):
        for target in sorted(imported):
            if layer(target) > layer(module):
                wrong.append(f"{module} imports {target} ({LAYERS[layer(target)][0]})")
            elif frozenset({stage(module), stage(target)}) in INDEPENDENT:
                wrong.append(f"{module} imports {target}, a stage beside its own")
    assert wrong == []


def test_no_module_imports_in_a_circle() -> None:
    graph = dependencies()
    state: dict[str, int] = {}  # 1: on the path being explored, 2: done
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_root_package_is_imported_only_from_the_top() -> None:
    """``from ld_events import x`` runs the public API, which imports every stage."""
    top = {"ld_events", "ld_events.cli", "ld_events.__main__", "ld_events.build"}
    known = modules()
    users = [
        name
        for name, path in known.items()
        if name not in top and "ld_events" in set(runtime_imports(path, name, set(known)))
    ]
    assert users == []


def test_no_module_is_longer_than_400_lines() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_layers_are_checked_for_real() -> None:
    """The import reader sees the edges it must: a test that cannot fail proves nothing."""
    graph = dependencies()
    assert "ld_events.rdf.terms" in graph["ld_events.sources.lexical"]
    assert "ld_events.publish.pages" in graph["ld_events.output.parallel"]
    assert "ld_events.sources" in graph["ld_events.sources.yaml"]  # the package's __init__
    assert "ld_events.config" not in graph["ld_events.sources.base"]  # TYPE_CHECKING only
