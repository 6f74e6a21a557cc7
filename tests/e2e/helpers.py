"""Shared steps of the browser tests: accessibility (axe-core), English-only checks, logging in."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

HANGUL = re.compile(r"[가-힣]")
AXE = Path(settings.BASE_DIR) / "clients" / "web" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def e164(local: str) -> str:
    return "+82" + local.replace("-", "")[1:]


def assert_accessible(page: Page, screen: str) -> None:
    """axe-core (the npm package, injected into the page) on the whole screen; a serious or
    critical violation fails with what and where. Leaflet's map panes are left out: every place on
    a map is also in a list beside it, and the tiles are third-party images."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
          const result = await axe.run(
            { exclude: [[".leaflet-pane"], [".leaflet-control-container"]] },
            { resultTypes: ["violations"] },
          );
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
          }));
        }"""
    )
    bad = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not bad, f"{screen}: axe found serious/critical violations:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in bad
    )


# Server-written text the client marks with data-server-text="<kind>" that may still come in
# Korean on English screens: none, every name the server writes is stored in both languages.
PENDING_SERVER_TEXT: set[str] = set()


def server_hangul(page: Page) -> dict[str, list[str]]:
    """Server-written text (data-server-text) on the screen that holds Hangul, by kind."""
    return page.evaluate(
        """() => {
          const found = {};
          for (const el of document.querySelectorAll('[data-server-text]')) {
            if (!/[가-힣]/.test(el.innerText)) continue;
            (found[el.dataset.serverText] ??= []).push(el.innerText.trim());
          }
          return found;
        }"""
    )


def assert_english(page: Page, screen: str) -> None:
    """No Hangul in the client's own text; server-written text only of the pending kinds."""
    client = visible_hangul(page)
    assert client == [], f"{screen}: Hangul in the client's English screen: {client}"
    server = server_hangul(page)
    unexpected = set(server) - PENDING_SERVER_TEXT
    assert not unexpected, f"{screen}: Korean server text of kinds {unexpected}: {server}"


def visible_hangul(page: Page, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Lines of the screen's visible text with Hangul in them, leaving out what is Korean on
    purpose: anything marked lang="ko" (the "한국어" switch, the brand "이음"), server-written text
    (data-server-text, checked by `server_hangul`) and `allowed` substrings."""
    text = page.evaluate(
        """() => {
          const clone = document.body.cloneNode(true);
          clone.querySelectorAll('[lang="ko"], [data-server-text], script, style, .leaflet-pane')
            .forEach((el) => el.remove());
          // innerText needs layout: put the clone in the page, hidden from view but laid out
          clone.style.position = 'absolute'; clone.style.left = '-99999px';
          document.documentElement.append(clone);
          const out = clone.innerText;
          clone.remove();
          return out;
        }"""
    )
    lines = [line.strip() for line in text.splitlines() if HANGUL.search(line)]
    return [line for line in lines if not any(ok in line for ok in allowed)]


def sign_up_here(page: Page, server, local_phone: str) -> None:
    """From a page with a log-in link (data-testid login-needed / buy-login / …), sign up with the
    texted code and come back. `page` must show the link; the caller clicks it."""
    expect(page).to_have_url(re.compile(r"/login\?next="))
    offset = server.log_size()
    page.locator("#phone").fill(local_phone)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#code")).to_be_visible()
    code = server.sms_code(e164(local_phone), after=offset)
    page.locator("input[name=agree-all]").check()
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()


def log_in(page: Page, server, local_phone: str, *, back_to: str = "/") -> None:
    page.goto(f"/login?next={back_to}")
    sign_up_here(page, server, local_phone)
    expect(page.get_by_test_id("bell")).to_be_visible()
