"""The students' web page in a real browser: headless Chromium driven by Playwright.

Chromium is Debian's (``make browser`` installs it; ``CHROMIUM`` points elsewhere), so
Playwright downloads nothing.
"""

import os
import shutil
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bot import names
from bot.conversations import read_conversations

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make browser` (or set CHROMIUM).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, bot) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.goto(bot.page_url)
    yield page
    context.close()


def ask(page: Page, text: str) -> None:
    page.get_by_label("Your question").fill(text)
    page.keyboard.press("Enter")


def test_a_conversation_with_buttons_that_survives_a_reload(page, facts):
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("I answer questions about careers in medical imaging")
    expect(log).to_have_attribute("aria-live", "polite")

    page.get_by_label("Your question").focus()
    pay = facts.pay_said("sonographer")
    growth = facts.growth("sonographer")
    ask(page, "How much do sonographers make?")
    expect(log).to_contain_text(pay)

    page.get_by_role("button", name="What is the job outlook?").last.click()
    expect(log).to_contain_text(growth)
    expect(page.get_by_role("status")).to_have_text("")  # the typing indicator is gone
    if os.environ.get("SCREENSHOT_PATH"):  # `make screenshot`, for the README
        page.screenshot(path=os.environ["SCREENSHOT_PATH"])

    page.reload()
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text(pay)
    expect(log).to_contain_text(growth)

    page.get_by_role("button", name="New conversation").click()
    expect(log).not_to_contain_text(pay)
    expect(log).to_contain_text("I answer questions about careers in medical imaging")


def test_an_answer_asks_whether_it_helped_and_the_answer_is_recorded(page, bot):
    log = page.get_by_role("log", name="Conversation")
    ask(page, "How much do sonographers make?")
    feedback = page.get_by_role("group", name="Was this answer helpful?")
    expect(feedback).to_have_count(1)
    expect(feedback).to_contain_text("Was this helpful?")
    ask(page, "hi")  # a greeting is not an answer: no question under it
    expect(log).to_contain_text("I help people who want to work in medical imaging")
    expect(feedback).to_have_count(1)

    no = feedback.get_by_role("button", name="No, this answer was not helpful")
    no.focus()
    page.keyboard.press("Enter")  # the keyboard is enough
    expect(feedback).to_have_text("Thanks for your feedback.")
    expect(log).to_contain_text("Sorry that didn't help")

    # The conversation records it, tied to the question the answer was for.
    sender = page.evaluate("JSON.parse(localStorage.getItem('imaging-chat:v1')).sender")
    turns = []
    for _ in range(20):
        reading = read_conversations(bot.environment["TRACKER_STORE_URL"], senders=[sender])
        turns = reading.conversations[0].turns() if reading.conversations else []
        if any(turn.message.intent == names.FEEDBACK for turn in turns):
            break
        time.sleep(0.5)
    question = next(t for t in turns if t.message.text == "How much do sonographers make?")
    marked = next(t for t in turns if t.message.intent == names.FEEDBACK)
    assert dict(marked.message.entities()) == {
        names.HELPFUL: "no", names.ANSWER_TO: question.message.data["message_id"]}

    page.reload()  # what the student answered is kept with the conversation
    expect(page.get_by_role("group", name="Was this answer helpful?")).to_have_text(
        "Thanks for your feedback.")


def test_a_typing_indicator_shows_while_the_bot_works(page):
    shown = page.evaluate("""async () => {
        document.getElementById("ic-input").value = "what does a sonographer do?";
        document.querySelector(".ic-form").requestSubmit();
        await new Promise(resolve => setTimeout(resolve, 0));
        return document.querySelector(".ic-typing").textContent;
    }""")
    assert shown == "The assistant is typing…"
    expect(page.get_by_role("log", name="Conversation")).to_contain_text("ultrasound")
    expect(page.get_by_role("status")).to_have_text("")


def test_hostile_text_is_shown_as_text_and_runs_nothing(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ask(page, HOSTILE)
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text(HOSTILE)
    expect(log.locator(".ic-bot").last).to_be_visible()
    page.wait_for_timeout(500)
    assert log.locator("img").count() == 0
    assert dialogs == []


def test_links_open_in_a_new_tab_and_only_http(page):
    ask(page, "What does ARRT stand for?")
    link = page.get_by_role("link", name="https://www.arrt.org")
    expect(link.first).to_have_attribute("target", "_blank")
    expect(link.first).to_have_attribute("rel", "noopener noreferrer")
    ask(page, "javascript:alert(1) data:text/html,hi https://example.org/x")
    mine = page.locator(".ic-user").last
    expect(mine).to_contain_text("javascript:alert(1)")
    assert [a.get_attribute("href") for a in mine.locator("a").all()] == [
        "https://example.org/x"]


def test_keyboard_alone_is_enough(page, facts):
    page.keyboard.press("Tab")  # the first stop is the field's neighbour or the field
    for _ in range(5):
        if page.evaluate("document.activeElement.id") == "ic-input":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ic-input"
    page.keyboard.type("what does a sonographer do?")
    page.keyboard.press("Enter")
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("ultrasound")
    button = page.get_by_role("button", name="How much does it pay?").last
    button.focus()
    page.keyboard.press("Enter")
    expect(log).to_contain_text(facts.pay_said("sonographer"))


def _luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(page: Page, selector: str) -> float:
    colours = page.eval_on_selector(selector, """element => {
        const style = getComputedStyle(element);
        let background = style.backgroundColor, node = element;
        while (background === "rgba(0, 0, 0, 0)" && node.parentElement) {
            node = node.parentElement;
            background = getComputedStyle(node).backgroundColor;
        }
        return [style.color, background];
    }""")
    lighter, darker = sorted((_luminance(c) for c in colours), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_text_contrast_meets_wcag_aa(page):
    ask(page, "what does a sonographer do?")
    expect(page.locator(".ic-buttons button").first).to_be_visible()
    for selector in (".ic-bot", ".ic-user", ".ic-buttons button", ".ic-header h2",
                     ".ic-form button", ".ic-reset", "#ic-input", ".ic-typing"):
        assert _contrast(page, selector) >= 4.5, selector


def test_the_page_is_served_by_the_project_alone(bot):
    with urllib.request.urlopen(bot.page_url, timeout=10) as reply:
        body = reply.read().decode()
        policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "http://" not in body.replace(bot.environment["RASA_PUBLIC_URL"], "")
    assert "https://" not in body


def _preflight(bot, origin: str):
    request = urllib.request.Request(
        f"{bot.url}/webhooks/rest/webhook", method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return reply.headers.get("Access-Control-Allow-Origin")


def test_the_rasa_server_accepts_browsers_only_from_the_configured_origins(bot):
    page_origin = bot.page_url.rstrip("/")
    assert _preflight(bot, page_origin) == page_origin
    assert _preflight(bot, "https://evil.example") is None
