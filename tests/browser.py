"""A reader's browser for the tests: headless Chromium driven by Playwright, kept to 127.0.0.1,
and axe-core's accessibility rules run inside its pages.

The ``browser`` fixture (tests/conftest.py) launches Debian's Chromium once per test module
(Playwright's sync API allows one instance at a time per thread, so not once per session).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.conftest import REPO, require, require_command
from tests.tools import CHROMIUM_FLAGS

AXE = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: The rules run: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextmanager
def launched() -> Iterator[Any]:
    """Chromium under Playwright; skips (fails in CI) without either."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install -e '.[test]')")
        raise
    chromium = require_command("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def local_only(target: Any, root: str) -> list[str]:
    """Refuse every request of ``target`` (a page or a context) outside ``root``; the list of
    refused URLs fills as they come."""
    refused: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(root):
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    target.route("**/*", route)
    return refused


def open_page(browser: Any, root: str, path: str = "", **options: Any) -> Any:
    """``root + path`` in a new context (``options``: viewport, java_script_enabled...), every
    request outside ``root`` refused."""
    context = browser.new_context(**options)
    local_only(context, root)
    page = context.new_page()
    page.goto(root + path)
    return page


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations of :data:`AXE_TAGS` on the page as it is now."""
    require(AXE.exists(), f"{AXE} is missing (npm install --prefix .ci/node axe-core)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    violations: list[dict[str, Any]] = page.evaluate("o => axe.run(document, o)", options)[
        "violations"
    ]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: its rule, impact, elements and where the rule is explained."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
        lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


def focus_indicator(page: Any) -> dict[str, str]:
    """How the focused element is drawn: its outline and box shadow, and (an SVG marker) its
    circle's stroke width."""
    shown: dict[str, str] = page.evaluate(
        """() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        const circle = element.querySelector && element.querySelector('circle');
        return {
            tag: element.tagName.toLowerCase(),
            outline: style.outlineStyle === 'none' ? 'none'
                : `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`,
            boxShadow: style.boxShadow,
            stroke: circle ? getComputedStyle(circle).strokeWidth : '',
        };
    }"""
    )
    return shown


def has_focus_indicator(shown: dict[str, str]) -> bool:
    """An outline at least 2 px wide, or a box shadow."""
    if shown["boxShadow"] not in ("", "none"):
        return True
    width = shown["outline"].split(" ", 1)[0]
    return shown["outline"] != "none" and width.endswith("px") and float(width[:-2]) >= 2
