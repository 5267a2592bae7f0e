"""What the browser tests check on any page: axe-core's violations, sideways scrolling."""

import pytest

from local.template import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The impacts that fail a step. Moderate too: axe-core 4.14.1 rates landmark-unique (two landmarks both named
# "Past imports", as the page had them) moderate, so a check of serious and critical alone passed that page.
FAILING_IMPACTS = ("moderate", "serious", "critical")
# The two widths every step is checked at: a laptop and a phone.
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def axe_violations(tab) -> list[dict]:
    """The violations of FAILING_IMPACTS axe-core finds on the page as it is (axe loaded from node_modules)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/install-test-tools.sh (npm ci of package-lock.json)")
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    found = tab.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
        .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`)}))""")
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def no_sideways_scroll(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
