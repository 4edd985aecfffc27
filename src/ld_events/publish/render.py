"""Jinja2 rendering: the environment, and the page-level information every template gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ld_events.assets import asset_dir


@dataclass(frozen=True)
class Alternate:
    href: str
    media_type: str
    label: str


@dataclass(frozen=True)
class SiteInfo:
    """What every page shows about the site: title, licence, navigation."""

    title: str
    description: str
    base: str
    license: str
    language: str
    generator: str
    sparql_endpoint: str | None = None


@dataclass(frozen=True)
class PageInfo:
    """Page-level details: title, where the site root is (relative), canonical URL, formats."""

    title: str
    root: str
    canonical: str
    section: str = ""
    alternates: list[Alternate] = field(default_factory=list)
    schema_json: str | None = None
    description: str = ""


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(asset_dir("site") / "templates")),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")
