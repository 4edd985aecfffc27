"""Every template is rendered from one typed context, and uses nothing that is not in it.

A field renamed in ``publish/contexts.py`` but not in its template (or the reverse) fails here,
not on a page: each template's free variables must be fields of its context type or globals of
the environment. Every context type is also rendered in a build of the example, with Jinja's
StrictUndefined, so attributes of the values inside are checked too.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from ld_events.build import build
from ld_events.publish import contexts
from ld_events.publish.contexts import PageContext
from ld_events.publish.render import environment, render
from tests.conftest import EXAMPLE

#: Templates that are pieces of pages: what they use comes with every page (site, page).
PARTIALS = {
    "base.html": None,
    "header.html": None,
    "footer.html": None,
    "macros.html": None,
    "search-box.html": None,
    "search-facets.html": None,
}


def context_types() -> list[type[PageContext]]:
    return [
        value
        for value in vars(contexts).values()
        if isinstance(value, type) and issubclass(value, PageContext) and value is not PageContext
    ]


def free_variables(template: str) -> set[str]:
    """The names a template reads from its context (macros it imports are not)."""
    env = environment()
    source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
    tree = env.parse(source)
    imported = {
        name if isinstance(name, str) else name[1]
        for node in tree.find_all(nodes.FromImport)
        for name in node.names
    }
    return meta.find_undeclared_variables(tree) - imported


def field_names(kind: type[PageContext]) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


def test_every_page_template_has_one_context_type() -> None:
    templates = set(environment().list_templates(extensions=["html"])) - set(PARTIALS)
    by_template = [kind.template for kind in context_types()]
    assert sorted(by_template) == sorted(templates)


def test_every_field_says_what_it_holds() -> None:
    kinds: list[type[PageContext]] = [PageContext, *context_types()]
    undocumented = [
        f"{kind.__name__}.{f.name}"
        for kind in kinds
        for f in dataclasses.fields(kind)
        if not f.metadata.get("help")
    ]
    assert undocumented == []


@pytest.mark.parametrize("kind", context_types(), ids=lambda kind: kind.__name__)
def test_a_template_uses_only_its_context_and_the_globals(kind: type[PageContext]) -> None:
    allowed = field_names(kind) | set(environment().globals)
    assert sorted(free_variables(kind.template) - allowed) == []


@pytest.mark.parametrize("partial", sorted(PARTIALS))
def test_the_pieces_of_every_page_use_only_what_every_page_has(partial: str) -> None:
    allowed = field_names(PageContext) | set(environment().globals)
    assert sorted(free_variables(partial) - allowed) == []


def test_every_context_type_is_rendered_in_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: set[type[PageContext]] = set()

    def recording(context: PageContext) -> bytes:
        rendered.add(type(context))
        return render(context)

    # the index pages are rendered through publish.render.PageMemo, in the render module
    for module in ("pages", "saved_queries", "render"):
        monkeypatch.setattr(f"ld_events.publish.{module}.render", recording)
    build(EXAMPLE, tmp_path / "site", jobs=1)
    assert sorted(k.__name__ for k in rendered) == sorted(k.__name__ for k in context_types())
