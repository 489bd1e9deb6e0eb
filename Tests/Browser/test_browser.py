"""Nära in a real browser: headless Chromium through Selenium, with axe-core accessibility checks.

Run with Tests/Browser/run (it builds and starts the server) or point NARA_URL at a running one:
    NARA_URL=http://127.0.0.1:8080 python3 Tests/Browser/test_browser.py
Every page visited is checked with axe-core (WCAG 2.0/2.1 A and AA); any violation fails the run.
"""
import base64
import json
import os
import pathlib
import sys
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import StaleElementReferenceException

from layout_check import look

BASE = os.environ.get("NARA_URL", "http://127.0.0.1:8080").rstrip("/")


def axe_source():
    import axe_playwright_python
    return (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


AXE = axe_source()


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    # Scrollbars hidden, as on a phone: the page is laid out at the window's full width, both when it is
    # checked and when it is photographed beyond the window (layout_check).
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=sv-SE",
                "--hide-scrollbars"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def check_axe(driver, name=None):
    """Runs axe-core on the current page and fails with every violation listed; then checks what the
    page shows at 1280 and 375 px (layout_check: no word split in a cell or heading, no overflow
    outside a scroll region, no text under 14 px), saving a screenshot of each width."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r)).catch(e => done({error: String(e)}));")
    assert "error" not in result, result.get("error")
    violations = result["violations"]
    if violations:
        lines = [f"{v['id']}: {v['help']} ({len(v['nodes'])} st) e.g. {v['nodes'][0]['html'][:160]}" for v in violations]
        raise AssertionError(f"axe violations on {driver.current_url}:\n  " + "\n  ".join(lines))
    problems = look(driver, name or driver.execute_script("return location.pathname + location.search"))
    assert not problems, f"{driver.current_url} syns inte väl:\n    " + "\n    ".join(problems)


def get_json(path):
    with urllib.request.urlopen(BASE + path) as response:
        return json.load(response)


def wait_for_url(driver, fragment, timeout=10):
    """Waits until the browser has navigated to a URL containing `fragment`."""
    WebDriverWait(driver, timeout).until(lambda d: fragment in d.current_url)


def wait_for_text(driver, selector, text, timeout=10):
    WebDriverWait(driver, timeout, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: any(text in e.text for e in d.find_elements(By.CSS_SELECTOR, selector)))


def visit(driver, path):
    driver.get(BASE + path)
    check_axe(driver)


# --- the stories -----------------------------------------------------------------------------

def test_start_to_allocation_of_2023(driver):
    """Start page → agreement 2023 → allocation: 21 rows, total equals the pot, CSV works."""
    driver.delete_all_cookies()
    visit(driver, "/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == ["2019", "2023", "2024"], [r.text for r in rows]
    assert "6 394,5 mnkr" in driver.find_element(By.TAG_NAME, "main").text.replace("\u00a0", " ")

    driver.find_element(By.LINK_TEXT, "Överenskommelse om en God och nära vård 2023").click()
    check_axe(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Överenskommelse om en God och nära vård 2023"
    assert len(driver.find_elements(By.CSS_SELECTOR, "ol.areas > li")) == 4
    assert "1 december 2023" in driver.page_source

    driver.find_element(By.CSS_SELECTOR, "a[href='/overenskommelser/2023/fordelning/regioner']").click()
    check_axe(driver)
    pot = next(p for p in get_json("/api/v1/agreements/2023/allocations")["pots"] if p["id"] == "regioner")
    amounts = [int(td.get_attribute("data-ore")) for td in driver.find_elements(By.CSS_SELECTOR, "tr.allocation-row td.amount")]
    assert len(amounts) == 21, len(amounts)
    total = int(driver.find_element(By.ID, "summa").get_attribute("data-ore"))
    assert sum(amounts) == total == pot["amount_ore"], (sum(amounts), total, pot["amount_ore"])

    csv_href = driver.find_element(By.LINK_TEXT, "CSV (för Excel)").get_attribute("href")
    with urllib.request.urlopen(csv_href) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        body = response.read()
    assert body.startswith(b"\xef\xbb\xbf"), body[:10]
    lines = body[3:].decode("utf-8").strip("\r\n").split("\r\n")
    assert len(lines) == 22 and all(line.count(";") == 11 for line in lines), lines[:3]
    assert sum(int(line.split(";")[10]) for line in lines[1:]) == pot["amount_ore"]


def test_calculation_sheet(driver):
    """A recipient's calculation sheet ends in the amount its row shows."""
    visit(driver, "/overenskommelser/2023/fordelning/regioner")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tr.allocation-row") if "Jämtland" in r.text)
    amount_text = row.find_element(By.CSS_SELECTOR, "td.amount").text
    row.find_element(By.PARTIAL_LINK_TEXT, "Visa beräkning").click()
    check_axe(driver)
    assert driver.find_element(By.ID, "belopp").text == amount_text


def test_municipal_money_and_gotland(driver):
    visit(driver, "/overenskommelser/2023/fordelning/kommuner")
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.allocation-row")
    assert len(rows) == 21
    assert any("Region Gotland" in r.text for r in rows)
    assert "Region Gotland har också kommunens uppgifter" in driver.find_element(By.TAG_NAME, "main").text


def test_other_pages_pass_axe(driver):
    for path in ["/overenskommelser/2019", "/overenskommelser/2024", "/overenskommelser/2019/fordelning/regioner",
                 "/overenskommelser/2019/fordelning/regioner/berakning/23?version=1",
                 "/overenskommelser/2023/fordelning/vfu", "/overenskommelser/2023/fordelning/skr",
                 "/befolkning", "/oppna-data", "/finns-inte"]:
        visit(driver, path)


def test_keyboard_skip_link(driver):
    """The first Tab reaches the skip link, which is visible and moves focus to the content."""
    driver.get(BASE + "/overenskommelser/2023")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("class") == "skip-link", active.get_attribute("outerHTML")
    assert active.is_displayed() and active.location["x"] >= 0
    active.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "innehall"
    # Tabbing on from the content reaches the page's links, or a table that scrolls sideways.
    driver.switch_to.active_element.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.tag_name == "a" or "table-wrap" in (active.get_attribute("class") or ""), active.get_attribute("outerHTML")[:120]


DEMO_PASSWORD = "Demo-Nara-2026"


def sign_in(driver, email, password=DEMO_PASSWORD, by_keyboard=False):
    driver.delete_all_cookies()
    driver.get(BASE + "/logga-in")
    field = driver.find_element(By.ID, "email")
    field.send_keys(email)
    if by_keyboard:
        field.send_keys(Keys.TAB)
        driver.switch_to.active_element.send_keys(password + Keys.ENTER)
    else:
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "main form[action='/logga-in'] button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/logga-in" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".error-summary"))


def org_id(kind, code):
    return next(o["id"] for o in get_json(f"/api/v1/organisations?kind={kind}") if o["code"] == code)


def test_login_and_logout(driver):
    """A wrong password gives an error summary; the right one, by keyboard, signs in; signing out works."""
    sign_in(driver, "redigerare@regionjh.example", "fel-lösenord")
    check_axe(driver)
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "stämmer inte" in summary.text, summary.text
    sign_in(driver, "redigerare@regionjh.example", by_keyboard=True)
    wait_for_url(driver, "/rapporter")  # an editor lands on their reports
    check_axe(driver)
    assert "Rut Redigerare" in driver.find_element(By.CSS_SELECTOR, ".account").text
    driver.find_element(By.CSS_SELECTOR, ".account button").click()
    wait_for_text(driver, ".flash", "Du är utloggad.")
    assert "Du är utloggad." in driver.find_element(By.CSS_SELECTOR, ".flash").text
    driver.get(BASE + "/konto")
    wait_for_url(driver, "/logga-in")


def test_role_switch(driver):
    sign_in(driver, "redigerare@regionjh.example")
    visit(driver, "/konto")
    assert "Region Jämtland Härjedalen" in driver.find_element(By.CSS_SELECTOR, ".account").text
    select = driver.find_element(By.ID, "membership")
    select.find_element(By.XPATH, ".//option[contains(., 'RSS Jämtlands län')]").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Byt organisation']").click()
    wait_for_text(driver, ".flash", "Du agerar nu")
    assert "RSS Jämtlands län" in driver.find_element(By.CSS_SELECTOR, ".account").text
    assert "Du agerar nu för RSS Jämtlands län." in driver.find_element(By.CSS_SELECTOR, ".flash").text
    check_axe(driver)


def test_editor_refused_foreign_organisation(driver):
    sign_in(driver, "redigerare@regionjh.example")
    visit(driver, "/organisationer/" + org_id("region", "23"))
    assert "lasare@regionjh.example" in driver.page_source
    visit(driver, "/organisationer/" + org_id("rss", "01"))
    assert "Du har inte behörighet" in driver.find_element(By.TAG_NAME, "main").text
    visit(driver, "/organisationer/" + org_id("region", "23") + "/planer/2019")
    assert "Zamsynsdagar 22-23 oktober" in driver.page_source
    assert "30 600 000 kr" in driver.find_element(By.CSS_SELECTOR, ".figures").text.replace("\u00a0", " ")


def test_invitation_to_sign_in(driver):
    """Administrator invites → the person sets a password through the link → signs in."""
    sign_in(driver, "admin@socialstyrelsen.example")
    visit(driver, "/admin/personer/bjud-in")
    email = f"ny.{int(time.time())}@regionstockholm.example"
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "organisation").find_element(By.XPATH, ".//option[starts-with(., 'Region Stockholm')]").click()
    driver.find_element(By.ID, "role").find_element(By.XPATH, ".//option[@value='recipient_editor']").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Skapa inbjudan']").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "inbjudningslank"))
    check_axe(driver)
    link = driver.find_element(By.ID, "inbjudningslank").text
    path = link[link.index("/inbjudan/"):]
    driver.delete_all_cookies()
    visit(driver, path)
    driver.find_element(By.ID, "name").send_keys("Nina Ny")
    driver.find_element(By.ID, "password").send_keys("kort")
    driver.find_element(By.ID, "repeated").send_keys("kort")
    driver.find_element(By.XPATH, "//button[normalize-space()='Spara och fortsätt']").click()
    wait_for_text(driver, ".error-summary", "minst 12 tecken")
    check_axe(driver)
    assert "minst 12 tecken" in driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    driver.find_element(By.ID, "password").send_keys("en lång fras att minnas")
    driver.find_element(By.ID, "repeated").send_keys("en lång fras att minnas")
    driver.find_element(By.XPATH, "//button[normalize-space()='Spara och fortsätt']").click()
    wait_for_url(driver, "/logga-in")
    sign_in(driver, email, "en lång fras att minnas")
    wait_for_url(driver, "/rapporter")
    assert "Region Stockholm" in driver.find_element(By.CSS_SELECTOR, ".account").text
    driver.get(BASE + path)
    assert "Inbjudan gäller inte" in driver.find_element(By.TAG_NAME, "h1").text


def test_admin_pages_pass_axe(driver):
    sign_in(driver, "admin@socialstyrelsen.example")
    for path in ["/admin", "/admin/organisationer", "/admin/organisationer?q=region&kind=region", "/admin/organisationer/ny",
                 "/admin/organisationer/" + org_id("region", "23"), "/admin/personer", "/admin/befolkning", "/admin/logg",
                 "/konto", "/organisationer/" + org_id("region", "23")]:
        visit(driver, path)
    driver.get(BASE + "/admin/organisationer/ny")
    driver.find_element(By.XPATH, "//button[normalize-space()='Spara']").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
    check_axe(driver)
    assert driver.find_element(By.CSS_SELECTOR, ".error-summary a").get_attribute("href").endswith("#name")


RSS_EDITOR = "redigerare@rss-jamtland.example"


def open_report(driver):
    """From the task list to the RSS report's overview."""
    visit(driver, "/rapporter")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Slutredovisning 2023").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "ol.task-list"))
    return driver.current_url[len(BASE):]


def wait_saved(driver, question):
    WebDriverWait(driver, 10).until(
        lambda d: "Sparat" in d.find_element(By.CSS_SELECTOR, f".question[data-question='{question}'] .save-state").text)


def test_report_1_conflict(driver):
    """Two browser sessions edit the same answer: the second gets the conflict screen."""
    sign_in(driver, RSS_EDITOR)
    report_url = open_report(driver)
    other = make_driver()
    try:
        sign_in(other, RSS_EDITOR)
        other.get(BASE + report_url + "/avsnitt/1")
        driver.get(BASE + report_url + "/avsnitt/1")
        driver.find_element(By.ID, "q-q3").send_keys("Systemledningen följer upp i länsrådet.")
        wait_saved(driver, "q3")
        other.find_element(By.ID, "q-q3").send_keys("Ett annat svar från den andra fliken.")
        WebDriverWait(other, 10).until(lambda d: any("Systemledningen följer upp i länsrådet." in b.text
                                                     for b in d.find_elements(By.CSS_SELECTOR, ".conflict-inline")))
        check_axe(other)
        other.find_element(By.XPATH, "//div[@class='conflict-inline']//button[normalize-space()='Använd mitt svar']").click()
        wait_saved(other, "q3")
    finally:
        other.quit()
    driver.refresh()
    assert "Ett annat svar från den andra fliken." in driver.find_element(By.ID, "q-q3").get_attribute("value")


def click_and_wait_for_next_page(driver, element, timeout=15):
    """Clicks and waits until the browser has loaded a new document (a marker set on the old
    page's window is gone and the new one has finished loading)."""
    driver.execute_script("window.__naraOldPage = true;")
    element.click()

    def loaded(d):
        try:
            return d.execute_script("return window.__naraOldPage === undefined && document.readyState === 'complete';")
        except Exception:
            return False
    WebDriverWait(driver, timeout).until(loaded)


def answer_section(driver):
    # Choices first: they may reveal conditional questions (9b follows 9a).
    for q in driver.find_elements(By.CSS_SELECTOR, ".question-wrap:not(.is-hidden) .question[data-type=single_choice]"):
        if not q.find_elements(By.CSS_SELECTOR, "input:checked"):
            q.find_element(By.CSS_SELECTOR, ".choice label").click()
    for q in driver.find_elements(By.CSS_SELECTOR, ".question-wrap:not(.is-hidden) .question[data-type=text]"):
        field = q.find_element(By.CSS_SELECTOR, "textarea[name^=value_]")
        if not field.get_attribute("value"):
            field.send_keys("Vårt svar på fråga " + q.get_attribute("data-question")[1:] + ".")


def test_report_2_fill_reload_submit_print(driver):
    sign_in(driver, RSS_EDITOR)
    report_url = open_report(driver)
    check_axe(driver)
    # Submitting too early gives the error summary.
    visit(driver, report_url + "/kontrollera")
    driver.find_element(By.XPATH, "//button[normalize-space()='Skicka in']").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
    check_axe(driver)
    # Section 1 by hand, with autosave, then reload mid-way.
    visit(driver, report_url + "/avsnitt/1")
    first = 1 if driver.find_element(By.ID, "q-q1-0").is_selected() else 0
    driver.find_element(By.CSS_SELECTOR, f"label[for='q-q1-{first}']").click()
    wait_saved(driver, "q1")
    driver.find_element(By.ID, "q-q1-comment").clear()
    driver.find_element(By.ID, "q-q1-comment").send_keys("Målbilden beslutades i samverkansrådet.")
    choice = 2 if driver.find_element(By.ID, "q-q2-1").is_selected() else 1
    driver.find_element(By.CSS_SELECTOR, f"label[for='q-q2-{choice}']").click()
    wait_saved(driver, "q2")
    WebDriverWait(driver, 10).until(lambda d: "Sparat" in d.find_element(By.CSS_SELECTOR, ".question[data-question='q1'] .save-state").text
                                    or d.find_element(By.CSS_SELECTOR, ".question[data-question='q1'] .save-state").text == "")
    driver.find_element(By.TAG_NAME, "body").click()
    wait_saved(driver, "q1")
    driver.refresh()
    assert driver.find_element(By.ID, f"q-q1-{first}").is_selected()
    assert driver.find_element(By.ID, f"q-q2-{choice}").is_selected()
    assert driver.find_element(By.ID, "q-q1-comment").get_attribute("value") == "Målbilden beslutades i samverkansrådet."
    assert "andra fliken" in driver.find_element(By.ID, "q-q3").get_attribute("value")
    # Text typed just before a reload is not lost: leaving the page sends it at once. With this
    # browser's copy removed, the server's page alone shows it.
    driver.find_element(By.ID, "q-q1-comment").send_keys(" Protokollet finns i diariet.")
    driver.refresh()
    wanted, deadline = "Målbilden beslutades i samverkansrådet. Protokollet finns i diariet.", time.time() + 10
    while True:
        time.sleep(0.5)
        driver.execute_script("localStorage.clear()")
        driver.refresh()
        if driver.find_element(By.ID, "q-q1-comment").get_attribute("value") == wanted or time.time() > deadline:
            break
    assert driver.find_element(By.ID, "q-q1-comment").get_attribute("value") == wanted
    # The rest of the form, section by section, with the save button.
    for _ in range(12):
        if "/kontrollera" in driver.current_url:
            break
        answer_section(driver)
        click_and_wait_for_next_page(driver, driver.find_element(By.XPATH, "//button[@value='next']"))
    wait_for_url(driver, "/kontrollera")
    check_axe(driver)
    assert "Målbilden beslutades i samverkansrådet." in driver.page_source
    driver.find_element(By.XPATH, "//button[normalize-space()='Skicka in']").click()
    wait_for_url(driver, "/kvitto/")
    check_axe(driver)
    reference = driver.find_element(By.ID, "referens").text
    assert reference.startswith("GNV-2023-SR-23-"), reference
    driver.find_element(By.LINK_TEXT, "Utskrift av rapporten").click()
    wait_for_url(driver, "/utskrift")
    check_axe(driver)
    assert reference in driver.page_source
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF"), pdf[:10]


def test_report_3_analyst_follows_and_asks_for_completion(driver):
    sign_in(driver, "analytiker@socialstyrelsen.example")
    visit(driver, "/uppfoljning")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Slutredovisning 2023").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "statustavla"))
    check_axe(driver)
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#statustavla tbody tr") if "RSS Jämtlands län" in r.text)
    assert "Inskickad" in row.text, row.text
    row.find_element(By.TAG_NAME, "a").click()
    driver.find_element(By.ID, "message").send_keys("Beskriv gärna resultaten under 5b.")
    driver.find_element(By.XPATH, "//button[normalize-space()='Begär komplettering']").click()
    wait_for_text(driver, ".flash", "Kompletteringen är begärd")
    check_axe(driver)
    visit(driver, "/uppfoljning")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Slutredovisning 2023").click()
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#statustavla tbody tr") if "RSS Jämtlands län" in r.text)
    assert "Komplettering begärd" in row.text, row.text


def test_report_4_session_expires_mid_typing(driver):
    """The session ends while typing: nothing is lost; after signing in again the answer is saved."""
    sign_in(driver, RSS_EDITOR)
    report_url = open_report(driver)  # reopened for completion by the analyst
    visit(driver, report_url + "/avsnitt/8")
    field = driver.find_element(By.ID, "q-q14")
    field.clear()
    field.send_keys("Första meningen.")
    wait_saved(driver, "q14")
    driver.delete_all_cookies()  # as when the session times out
    field.send_keys(" Skrivet efter att sessionen tog slut.")
    WebDriverWait(driver, 10).until(
        lambda d: "loggats ut" in d.find_element(By.CSS_SELECTOR, ".question[data-question='q14'] .save-state").text)
    check_axe(driver)
    driver.get(BASE + report_url + "/avsnitt/8")
    wait_for_url(driver, "/logga-in")
    driver.find_element(By.ID, "email").send_keys(RSS_EDITOR)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD + Keys.ENTER)
    wait_for_url(driver, "/avsnitt/8")
    wait_saved(driver, "q14")
    driver.refresh()
    assert driver.find_element(By.ID, "q-q14").get_attribute("value") == "Första meningen. Skrivet efter att sessionen tog slut."


REGION_EDITOR = "redigerare@regionjh.example"


def click_button(driver, text):
    driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()


def approve_all(driver):
    """Kammarkollegiet approves every requisition waiting. Above the limit (Tests/Browser/run sets
    20 mnkr) the first payer's approval waits, the first payer cannot make the second, and the
    second payer's approval plans the payment. Ends signed in as the first payer on the inbox."""
    sign_in(driver, "utbetalare@kammarkollegiet.example")
    visit(driver, "/utbetalningar")
    while True:
        buttons = driver.find_elements(By.XPATH, "//table[@id='inkorg']//button[starts-with(normalize-space(), 'Godkänn')]")
        if not buttons:
            return
        first_of_two = buttons[0].text.strip() == "Godkänn (första av två)"
        buttons[0].click()
        if not first_of_two:
            wait_for_text(driver, ".flash", "Rekvisitionen är godkänd")
            continue
        wait_for_text(driver, ".flash", "väntar nu på en andra utbetalares godkännande")
        assert "Du gjorde det första godkännandet; en annan utbetalare gör det andra." in driver.page_source
        check_axe(driver)
        from test_agreements import shoot  # the photographer lives with the later stories
        shoot(driver, "payer-first-approval")
        sign_in(driver, "utbetalare2@kammarkollegiet.example")
        visit(driver, "/utbetalningar")
        assert "Väntar på andra godkännande" in driver.page_source
        click_button(driver, "Gör andra godkännandet och planera betalning")
        wait_for_text(driver, ".flash", "Rekvisitionen är godkänd")
        check_axe(driver)
        sign_in(driver, "utbetalare@kammarkollegiet.example")
        visit(driver, "/utbetalningar")


def overview_total(driver, name):
    """The money overview's row for a recipient, as {step: öre} ("–", nothing reported as used yet, as 0),
    with what it assigned onward summed from its funds page's table per development area, where the
    recipient's name links. Checks that the total row sums the rows. Ends on the funds page."""
    visit(driver, "/overenskommelser/2019/medel")

    def figures(tr):
        return {td.get_attribute("data-step"): int(td.get_attribute("data-ore") or 0) for td in tr.find_elements(By.CSS_SELECTOR, "td[data-step]")}
    rows = driver.find_elements(By.CSS_SELECTOR, "#medel tbody tr")
    total = figures(driver.find_element(By.CSS_SELECTOR, "#medel tfoot tr"))
    for step, amount in total.items():
        assert amount == sum(figures(r)[step] for r in rows), (step, amount)
    row = next(r for r in rows if name in r.find_element(By.TAG_NAME, "th").text)
    steps = figures(row)
    row.find_element(By.CSS_SELECTOR, "th a").click()
    wait_for_url(driver, "/medel/2019#omraden")
    assert driver.find_element(By.ID, "omraden").text == "Medlen per utvecklingsområde"
    tables = driver.find_elements(By.ID, "omraden-tabell")  # none until a requisition is attested
    if not tables:
        steps["vidarefordelat"] = 0
        return steps
    table = tables[0]
    column = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")].index("Vidarefördelat")

    def ore(text):
        kronor = text.replace("\u00a0", "").replace(" ", "").replace("kr", "").replace("−", "-").replace(",", ".")
        return 0 if kronor in ("", "–") else round(float(kronor) * 100)
    steps["vidarefordelat"] = sum(ore(tr.find_elements(By.CSS_SELECTOR, "th, td")[column].text) for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"))
    return steps


def reconciles(steps):
    assert steps["rekvirerat"] <= steps["tilldelat"], steps
    assert steps["utbetalt"] <= steps["rekvirerat"], steps
    assert steps["vidarefordelat"] <= steps["utbetalt"], steps
    assert steps["saldo"] == steps["utbetalt"] - steps["anvant"] - steps["aterbetalt"], steps


def test_money_flow_from_plan_to_repayment(driver):
    region = org_id("region", "23")
    provider = org_id("provider", "VG-23-0001")
    funds = f"/organisationer/{region}/medel/2019"
    # The editor opens the 2019 plan from the seed and edits a line.
    sign_in(driver, REGION_EDITOR)
    visit(driver, f"/organisationer/{region}/planer/2019")
    assert "Zamsynsdagar 22-23 oktober" in driver.page_source
    field = driver.find_element(By.ID, "amount_1")
    field.clear()
    field.send_keys("0,9")
    click_button(driver, "Spara planen")
    wait_for_text(driver, ".flash", "Planen är sparad")
    check_axe(driver)
    assert "30 500 000 kr" in driver.find_element(By.CSS_SELECTOR, ".figures").text.replace("\u00a0", " ")
    # Requisition the whole allocation; the finance director attests.
    visit(driver, funds)
    click_button(driver, "Rekvirera")
    wait_for_text(driver, ".flash", "Rekvisitionen på")
    reconciles(overview_total(driver, "Region Jämtland Härjedalen"))
    # Whoever made the requisition does not attest it: the region's other finance director does.
    visit(driver, funds)
    assert "Du gjorde rekvisitionen; en annan ekonomichef attesterar" in driver.page_source
    assert not driver.find_elements(By.XPATH, "//button[normalize-space()='Attestera']")
    sign_in(driver, "ekonomichef@regionjh.example")
    visit(driver, funds)
    click_button(driver, "Attestera")
    wait_for_text(driver, ".flash", "attesterad")
    # Kammarkollegiet approves (30,5 mnkr is above the limit: two payers) and pays.
    approve_all(driver)
    click_button(driver, "Markera som utbetald")
    wait_for_text(driver, ".flash", "är markerad som utbetald")
    check_axe(driver)
    # The region assigns onward to its provider; the provider requests a quarter; the region approves.
    sign_in(driver, REGION_EDITOR)
    visit(driver, funds)
    driver.find_element(By.ID, "a_title").send_keys("Digitala besök i glesbygd")
    driver.find_element(By.CSS_SELECTOR, f"#a_provider option[value='{provider}']").click()
    driver.find_element(By.ID, "a_amount").send_keys("400 000")
    click_button(driver, "Skapa uppdrag")
    wait_for_text(driver, ".flash", "Uppdraget")
    sign_in(driver, "vardgivare@exempelvardcentralen.example")
    visit(driver, f"/organisationer/{provider}/uppdrag")
    driver.find_element(By.CSS_SELECTOR, "input[name=amount]").send_keys("100 000")
    click_button(driver, "Äska")
    wait_for_text(driver, ".flash", "Äskandet för kvartal 1")
    check_axe(driver)
    sign_in(driver, REGION_EDITOR)
    visit(driver, funds)
    click_button(driver, "Godkänn")
    wait_for_text(driver, ".flash", "Äskandet är godkänt")
    check_axe(driver)
    steps = overview_total(driver, "Region Jämtland Härjedalen")
    reconciles(steps)
    assert steps["vidarefordelat"] == 40_000_000, steps
    # The financial report: the first line used 8,2 of 10 mnkr; the rest as planned.
    visit(driver, funds)
    first = driver.find_element(By.ID, "spent_0")
    first.clear()
    first.send_keys("8 200 000")
    click_button(driver, "Spara redovisningen")
    wait_for_text(driver, ".flash", "redovisningen är sparad")
    assert "Du sparade redovisningen; en annan ekonomichef" in driver.page_source
    sign_in(driver, "ekonomichef@regionjh.example")
    visit(driver, funds)
    click_button(driver, "Attestera redovisningen")
    wait_for_text(driver, ".flash", "attesterad och låst")
    check_axe(driver)
    steps = overview_total(driver, "Region Jämtland Härjedalen")
    check_axe(driver)
    reconciles(steps)
    assert steps["anvant"] == 3_050_000_000 - 180_000_000, steps  # the edited plan (30,5 mnkr) less 1,8 mnkr unused
    assert steps["saldo"] == steps["utbetalt"] - steps["anvant"], steps
    # The overview downloads as an .xlsx that a spreadsheet reader opens: the page's rows, the total last.
    visit(driver, "/overenskommelser/2019/medel")
    check_axe(driver)
    link = driver.find_element(By.PARTIAL_LINK_TEXT, "xlsx").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as response:
        data = response.read()
    import io, openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mottagare", "Tilldelat", "Rekvirerat", "Utbetalt"), rows[0]
    mine = [r for r in rows if r[0] == "Region Jämtland Härjedalen"]
    assert mine and round(mine[0][3] * 100) == steps["utbetalt"] and round(mine[0][4] * 100) == steps["anvant"], mine
    assert rows[-1][0] == "Summa" and len(rows) == len(driver.find_elements(By.CSS_SELECTOR, "#medel tbody tr")) + 2, rows[-1]


def download(driver, link):
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as response:
        return response.read()


def test_followup_question_search_trend_and_exports(driver):
    """An analyst opens question 1 of the seed form for 2022: chart and table, a county filter,
    who answered what, a Swedish word in the free text, the trend, Excel and CSV."""
    sign_in(driver, "analytiker@socialstyrelsen.example")
    visit(driver, "/uppfoljning")
    driver.find_element(By.XPATH, "//a[contains(normalize-space(), 'god och nära vård 2022, 2022')]").click()
    wait_for_url(driver, "ar=2022")
    check_axe(driver)
    driver.find_element(By.CSS_SELECTOR, "#fragor tbody tr:first-child th a").click()
    wait_for_url(driver, "/fragor/q1")
    check_axe(driver)
    assert driver.find_element(By.CSS_SELECTOR, "figure.chart-figure figcaption").get_attribute("textContent").startswith("Fråga 1")
    rows = driver.find_elements(By.CSS_SELECTOR, "#fordelning tbody tr")
    assert len(rows) == 4, len(rows)
    total = sum(int(r.find_elements(By.TAG_NAME, "td")[0].text) for r in rows)
    assert "(21 av 21 rapporter" in driver.find_element(By.CSS_SELECTOR, "#fordelning caption").text and total == 21
    # Filter by county, by keyboard-friendly form controls.
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "lan")).select_by_visible_text("Hallands län")
    click_and_wait_for_next_page(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Visa']"))
    assert "lan=13" in driver.current_url
    check_axe(driver)
    assert "(1 av 1 rapporter" in driver.find_element(By.CSS_SELECTOR, "#fordelning caption").text
    # Who answered what, one click away.
    link = next(a for a in driver.find_elements(By.CSS_SELECTOR, "#fordelning tbody a") if a.text != "0")
    click_and_wait_for_next_page(driver, link)
    check_axe(driver)
    assert "Hallands län" in driver.find_element(By.ID, "vem-svarade").text
    # Free-text search for a Swedish word.
    visit(driver, "/uppfoljning/sok")
    driver.find_element(By.ID, "q").send_keys("samverkan" + Keys.ENTER)
    wait_for_text(driver, "#traffar", "träffar")
    check_axe(driver)
    marks = [m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".answers-list mark")]
    assert marks and all(m.startswith("samverkan") for m in marks), marks[:5]
    assert any(m != "samverkan" for m in marks), "compound words are found too"
    # The trend over the years.
    visit(driver, "/uppfoljning/formular/kommuner-slutredovisning-2022/fragor/q1?ar=2022")
    driver.find_element(By.LINK_TEXT, "Se utvecklingen över åren").click()
    wait_for_url(driver, "/trend")
    check_axe(driver)
    header = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#trend thead th")]
    assert "2022" in header and "2023" in header, header
    # Excel, read by a real Excel reader, and CSV.
    import io, openpyxl
    data = download(driver, BASE + "/uppfoljning/formular/kommuner-slutredovisning-2022/export?ar=2022&layout=bred&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    table = list(sheet.iter_rows(values_only=True))
    assert len(table) == 22 and table[0][1] == "Mottagare", len(table)
    assert any(str(c).startswith("1.") for c in table[0]), table[0][:8]
    data = download(driver, BASE + "/uppfoljning/formular/kommuner-slutredovisning-2022/fragor/q1?ar=2022&format=xlsx")
    counts = [r for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)][1:]
    assert sum(r[1] for r in counts) == 21, counts
    csv = download(driver, BASE + "/uppfoljning/formular/kommuner-slutredovisning-2022/export?ar=2022&layout=lang&format=csv").decode("utf-8")
    assert csv.startswith("\ufeffÅr;Mottagare;") and csv.count("\r\n") > 21 * 20
    # The other follow-up pages pass axe too.
    for path in ("/uppfoljning/indikatorer", "/uppfoljning/indikatorer/fast-lakarkontakt?region=13", "/uppfoljning/malbilder",
                 "/uppfoljning/overenskommelser/2023"):
        visit(driver, path)
    # There is no agreement for 2022, so there is no lägesbild for it either.
    visit(driver, "/uppfoljning/overenskommelser/2022")
    assert "Sidan finns inte" in driver.find_element(By.TAG_NAME, "h1").text


def test_goal_picture_by_a_region(driver):
    """A region editor records the region's goal picture; an analyst sees it in the table by county."""
    sign_in(driver, "redigerare@regionjh.example")
    visit(driver, "/malbild")
    title = driver.find_element(By.ID, "title")
    title.clear()
    title.send_keys("Nära vård i Jämtland Härjedalen")
    driver.find_element(By.ID, "factors").send_keys("Trygg\nNära")
    driver.find_element(By.XPATH, "//button[normalize-space()='Spara målbilden']").click()
    wait_for_text(driver, ".flash", "Målbilden är sparad")
    check_axe(driver)
    sign_in(driver, "analytiker@skr.example")
    visit(driver, "/uppfoljning/malbilder")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#malbilder tbody tr") if "Jämtlands län" in r.text)
    assert "Nära vård i Jämtland Härjedalen" in row.text, row.text


# --- every page type as every role ------------------------------------------------------------

# AccessPolicy.capabilities(of:) and nationwideReaders (Sources/NaraCore/Access/AccessPolicy.swift); the rules per
# route are docs/ACCESS.md's table.
ROLE_CAPABILITIES = {
    "administrator": {"readOrganisation", "administer", "importPopulation", "readAudit", "reviewReports", "manageForms", "manageAgreements"},
    "analyst": {"readOrganisation", "reviewReports"},
    "payer": {"readOrganisation", "pay"},
    "recipient_editor": {"readOrganisation", "changeOwnOrganisation"},
    "recipient_viewer": {"readOrganisation"},
    "provider": {"readOrganisation", "changeOwnOrganisation"},
}
NATIONWIDE_READERS = {"administrator", "analyst", "payer"}

# (e-mail or None for nobody, role, kind and code of the organisation the person acts for at start)
DEMO_PEOPLE = [
    ("admin@socialstyrelsen.example", "administrator", "state", "SOS"),
    ("analytiker@socialstyrelsen.example", "analyst", "state", "SOS"),
    ("analytiker@skr.example", "analyst", "skr", "SKR"),
    ("utbetalare@kammarkollegiet.example", "payer", "state", "KAMK"),
    ("redigerare@regionjh.example", "recipient_editor", "region", "23"),
    ("lasare@regionjh.example", "recipient_viewer", "region", "23"),
    ("redigerare@rss-jamtland.example", "recipient_editor", "rss", "23"),
    ("vardgivare@exempelvardcentralen.example", "provider", "provider", "VG-23-0001"),
    (None, None, None, None),
]

REFUSAL_TEXT = "Du har inte behörighet"


def expected_answer(role, own_org, rule):
    """'ok', 'refused' or 'login' for a route's rule (('public',), ('signed_in',), ('cap', c) or ('org', id))."""
    if rule[0] == "public":
        return "ok"
    if role is None:
        return "login"
    if rule[0] == "signed_in":
        return "ok"
    if rule[0] == "cap":
        return "ok" if rule[1] in ROLE_CAPABILITIES[role] else "refused"
    assert rule[0] == "org", rule
    if "readOrganisation" not in ROLE_CAPABILITIES[role]:
        return "refused"
    return "ok" if role in NATIONWIDE_READERS or rule[1] == own_org else "refused"


def hrefs(driver, selector):
    return [a.get_attribute("href")[len(BASE):] for a in driver.find_elements(By.CSS_SELECTOR, selector)]


def discover_ids(driver):
    """Real ids for the path parameters, found the way a person would: from the pages and the JSON API."""
    ids = {"region": org_id("region", "23"), "rss": org_id("rss", "23"), "provider": org_id("provider", "VG-23-0001")}
    sign_in(driver, RSS_EDITOR)
    reports = json.loads(download(driver, BASE + "/api/v1/reports"))
    ids["report"] = next(r["id"] for r in reports if r["agreement_year"] == 2023)
    ids["submitted_report"] = next(r["id"] for r in sorted(reports, key=lambda r: r["agreement_year"]) if r["submitted_at"])
    driver.get(BASE + "/rapporter/" + ids["report"])
    ids["section"] = hrefs(driver, "ol.task-list a[href*='/avsnitt/']")[0]
    driver.get(BASE + "/rapporter/" + ids["submitted_report"])
    ids["receipt"] = hrefs(driver, "main a[href*='/kvitto/']")[0]
    sign_in(driver, "admin@socialstyrelsen.example")
    driver.get(BASE + "/admin/formular")
    ids["form"] = next(h for h in hrefs(driver, "main a[href^='/admin/formular/']"))
    driver.get(BASE + "/uppfoljning")
    ids["assignment"] = next(h for h in hrefs(driver, "main a[href^='/uppfoljning/']")
                             if h.count("/") == 2 and "-" in h and "?" not in h)
    driver.get(BASE + "/overenskommelser/2023")
    pots = hrefs(driver, "main a[href*='/fordelning/']")
    ids["pot"] = next((p for p in pots if p.endswith("/regioner")), pots[0])
    driver.get(BASE + ids["pot"])
    ids["calculation"] = hrefs(driver, "main a[href*='/berakning/']")[0]
    return ids


def page_types(ids, role, own_org):
    """(path, rule, status when shown) for every GET page route in docs/ACCESS.md (no /api/, /static/,
    downloads or format= variants), with real ids. Organisation pages for the person's own organisation
    and one foreign one (recipients), or a region (nationwide readers and nobody)."""
    region, rss, provider = ids["region"], ids["rss"], ids["provider"]
    report, submitted = "/rapporter/" + ids["report"], "/rapporter/" + ids["submitted_report"]
    form_key = "kommuner-slutredovisning-2022"
    pages = [
        ("/", ("public",)), ("/befolkning", ("public",)), ("/oppna-data", ("public",)), ("/logga-in", ("public",)),
        ("/tillganglighet", ("public",)),
        ("/overenskommelser/2023", ("public",)), (ids["pot"], ("public",)), (ids["calculation"], ("public",)),
        ("/inbjudan/finns-inte-" + ids["region"], ("public",), 404),
        ("/konto", ("signed_in",)), ("/rapporter", ("signed_in",)), ("/overenskommelser/2023/medel", ("signed_in",)),
        ("/admin", ("cap", "administer")), ("/admin/organisationer", ("cap", "administer")),
        ("/admin/organisationer/ny", ("cap", "administer")), ("/admin/organisationer/" + region, ("cap", "administer")),
        ("/admin/personer", ("cap", "administer")), ("/admin/personer/bjud-in", ("cap", "administer")),
        ("/admin/befolkning", ("cap", "importPopulation")), ("/admin/logg", ("cap", "readAudit")),
        ("/admin/formular", ("cap", "manageForms")), (ids["form"], ("cap", "manageForms")),
        ("/admin/paminnelser", ("cap", "manageForms")), ("/uppfoljning/kopplingar", ("cap", "manageForms")),
        ("/uppfoljning", ("cap", "reviewReports")), (ids["assignment"], ("cap", "reviewReports")),
        (f"/uppfoljning/formular/{form_key}?ar=2023", ("cap", "reviewReports")),
        (f"/uppfoljning/formular/{form_key}/fragor/q1?ar=2023", ("cap", "reviewReports")),
        (f"/uppfoljning/formular/{form_key}/fragor/q1/trend", ("cap", "reviewReports")),
        ("/uppfoljning/indikatorer", ("cap", "reviewReports")),
        ("/uppfoljning/indikatorer/fast-lakarkontakt", ("cap", "reviewReports")),
        ("/uppfoljning/malbilder", ("cap", "reviewReports")), ("/uppfoljning/overenskommelser/2023", ("cap", "reviewReports")),
        ("/uppfoljning/sok?q=samverkan", ("cap", "reviewReports")),
        ("/utbetalningar", ("cap", "pay")),
        ("/overenskommelser/2023/versioner", ("public",)), ("/overenskommelser/2023/versioner/1", ("public",)),
        ("/admin/overenskommelser", ("cap", "manageAgreements")), ("/admin/overenskommelser/2024", ("cap", "manageAgreements")),
        ("/overenskommelser/2023/antal/vfu", ("cap", "manageAgreements")),
        ("/malbild", ("org", own_org)),
        (report, ("org", rss)), (ids["section"], ("org", rss)), (report + "/kontrollera", ("org", rss)),
        (report + "/utskrift", ("org", rss)), (submitted + "/versioner", ("org", rss)), (ids["receipt"], ("org", rss)),
    ]
    if role in (None, *NATIONWIDE_READERS):
        orgs = [region]
    else:
        orgs = [own_org, rss if own_org == region else region]
    for org in orgs:
        pages += [(f"/organisationer/{org}", ("org", org)), (f"/organisationer/{org}/uppdrag", ("org", org)),
                  (f"/uppfoljning/malbilder/{org}", ("org", org))]
        if org == region:  # the regions report their VFU weeks (quantity report)
            pages.append((f"/organisationer/{org}/antal/2023/vfu", ("org", org)))
        if org != provider:  # care providers have no plans or funds of their own (404)
            year = 2019 if org == region else 2023
            pages += [(f"/organisationer/{org}/planer/{year}", ("org", org)),
                      (f"/organisationer/{org}/medel/{year}", ("org", org))]
    return [(p[0], p[1], p[2] if len(p) > 2 else 200) for p in pages]


def check_answer(driver, path, expected, status_when_shown):
    """The page the browser shows for `path` is the expected answer (HTTP status from the navigation entry)."""
    page = driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "const text = s => Array.from(document.querySelectorAll(s)).map(e => e.innerText).join(' ');"
        "return {status: n ? n.responseStatus : null, url: location.pathname + location.search, h1: text('h1'),"
        " main: text('main'), signInForm: !!(document.getElementById('email') && document.getElementById('password'))};")
    url, status, h1 = page["url"], page["status"], page["h1"]
    if expected == "ok":
        if path == "/logga-in" and url.split("?")[0] in ("/admin", "/utbetalningar", "/uppfoljning", "/rapporter"):
            return  # a signed-in person is sent on to where their work is
        assert "/logga-in" not in url or path.startswith("/logga-in"), f"sent to {url}"
        assert status == status_when_shown, f"status {status}, expected {status_when_shown} (h1: {h1})"
        assert REFUSAL_TEXT not in page["main"] and "Sidan finns inte" not in h1, f"not shown: {h1}"
    elif expected == "refused":
        assert status == 403, f"status {status}, expected 403 (url {url}, h1: {h1})"
        assert REFUSAL_TEXT in page["main"] and url == path, f"not the Swedish refusal page: {url} {h1}"
    else:
        assert url.startswith("/logga-in"), f"expected a redirect to /logga-in, got {url} (status {status}, h1: {h1})"
        assert page["signInForm"], "no sign-in form"


def walk_as(driver, person, ids):
    """Visits every page type as one person; returns (a line with the counts, failures)."""
    email, role, kind, code = person
    who = email or "utan inloggning"
    own_org = org_id(kind, code) if kind else None
    if email:
        sign_in(driver, email)
        assert "/logga-in" not in driver.current_url, f"{email} could not sign in"
    else:
        driver.delete_all_cookies()
    tally, failures, axe_checked, started = {"ok": 0, "refused": 0, "login": 0}, [], set(), time.time()
    for path, rule, status in page_types(ids, role, own_org):
        expected = expected_answer(role, own_org, rule)
        driver.get(BASE + path)
        try:
            check_answer(driver, path, expected, status)
            if expected == "ok" or expected not in axe_checked:
                # axe, and what the person sees at 1280 and 375 px, with a screenshot of each.
                check_axe(driver, f"{role or 'utan-inloggning'}-{who.split('@')[0]}{path}")
                axe_checked.add(expected)
        except AssertionError as error:
            failures.append(f"{who} GET {path} (väntat: {expected}): {error}")
        tally[expected] += 1
    summary = (f"{who}: {sum(tally.values())} sidor ({tally['ok']} visade, {tally['refused']} nekade, "
               f"{tally['login']} till inloggning; {time.time() - started:.0f} s)")
    return summary, failures


def test_zz_every_page_type_as_each_role(driver):
    """Every GET page type as every demo person and as nobody: the pages the role may see are shown,
    the others answer with the Swedish refusal (403) or send to Logga in. axe runs on every page shown,
    and on the refusal page and the sign-in page once per person (they are one template each; every
    other refusal is still checked for its status and text). Two browsers share the people."""
    import queue
    import threading
    started = time.time()
    second = make_driver()
    people = queue.Queue()
    for index, person in enumerate(DEMO_PEOPLE):
        people.put((index, person))
    results = {}

    def work(browser):
        while True:
            try:
                index, person = people.get_nowait()
            except queue.Empty:
                return
            try:
                results[index] = walk_as(browser, person, ids)
            except Exception as error:  # a person who could not be walked at all
                results[index] = (f"{person[0]}: avbruten", [f"{person[0]}: {type(error).__name__}: {error}"])

    try:
        ids = discover_ids(second)
        helper = threading.Thread(target=work, args=(second,))
        helper.start()
        work(driver)
        helper.join()
    finally:
        second.quit()
    failures = []
    for index in range(len(DEMO_PEOPLE)):
        summary, failed = results[index]
        print("     " + summary)
        failures += failed
    print(f"     {time.time() - started:.0f} s i allt")
    assert not failures, f"{len(failures)} pages failed:\n" + "\n".join(failures)


# --- only the keyboard ------------------------------------------------------------------------

FOCUS_SCRIPT = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const s = getComputedStyle(e), r = e.getBoundingClientRect();
return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '', type: e.getAttribute('type') || '',
        value: e.value === undefined ? null : e.value, checked: !!e.checked,
        href: e.getAttribute('href') || '', text: (e.innerText || '').trim().replace(/\\s+/g, ' '),
        html: e.outerHTML.slice(0, 240), outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
        shadow: s.boxShadow, width: r.width, height: r.height, url: location.pathname + location.search};
"""


class Keyboard:
    """Drives a page with keys only, sent to whatever has focus, and checks after every key that the
    focused element shows it (an outline or a box shadow). Problems are collected in `invisible`."""

    def __init__(self, driver):
        self.driver, self.invisible, self.presses = driver, [], 0

    def focused(self):
        return self.driver.execute_script(FOCUS_SCRIPT)

    def check_focus(self, where=""):
        f = self.focused()
        if f is None:
            return None
        shown = (f["outline"] != "none" and f["outlineWidth"] > 0) or f["shadow"] not in ("", "none")
        if not shown or f["width"] == 0 or f["height"] == 0:
            problem = (f"{f['url']}: fokus syns inte på {f['html']} (outline {f['outline']} {f['outlineWidth']}px, "
                       f"box-shadow {f['shadow']}, {f['width']:.0f}×{f['height']:.0f}) {where}")
            if problem not in self.invisible:
                self.invisible.append(problem)
        return f

    def press(self, *keys):
        self.driver.switch_to.active_element.send_keys(*keys)
        self.presses += 1
        return self.check_focus()

    def tab_to(self, wanted, what, limit=250):
        """Tabs until `wanted(focused)` is true; fails naming `what` if it is never reached."""
        seen = []
        for _ in range(limit):
            f = self.press(Keys.TAB)
            if f and wanted(f):
                return f
            seen.append(f and (f["tag"] + (("#" + f["id"]) if f["id"] else "") + (" " + f["text"][:30] if f["text"] else "")))
            if seen.count(None) == 2:  # round the whole page twice
                break
        raise AssertionError(f"{what} nås inte med Tab på {self.driver.current_url}; fokus gick: {seen[:40]}")

    def activate_and_wait(self, key=Keys.ENTER, timeout=15):
        """Presses `key` on the focused element and waits for the next page to load."""
        self.driver.execute_script("window.__naraOldPage = true;")
        self.press(key)

        def loaded(d):
            try:
                return d.execute_script("return window.__naraOldPage === undefined && document.readyState === 'complete';")
            except Exception:
                return False
        WebDriverWait(self.driver, timeout).until(loaded)

    def replace_text(self, text):
        """Selects what the focused field holds and types over it."""
        self.press(Keys.CONTROL, "a")
        self.press(Keys.BACKSPACE)
        if text:
            self.press(text)


def by_href(suffix):
    return lambda f: f["tag"] == "a" and f["href"].split("?")[0].endswith(suffix)


def keyboard_sign_in(keyboard, email):
    driver = keyboard.driver
    driver.delete_all_cookies()
    driver.get(BASE + "/logga-in")
    keyboard.tab_to(lambda f: f["id"] == "email", "E-postfältet")
    keyboard.press(email)
    assert keyboard.press(Keys.TAB)["id"] == "password", keyboard.focused()
    keyboard.press(DEMO_PASSWORD)
    keyboard.activate_and_wait(Keys.ENTER)
    wait_for_url(driver, "/rapporter")  # the editors this walk signs in land on their reports
    assert "/logga-in" not in driver.current_url


def plan_figures(driver):
    return driver.find_element(By.CSS_SELECTOR, ".figures").text.replace("\u00a0", " ")


def save_plan_amount(keyboard, field_id, amount, planned, key):
    """On the plan page: types `amount` into a field, saves with the button, checks the saved plan."""
    driver = keyboard.driver
    keyboard.tab_to(lambda f: f["id"] == field_id, f"beloppsfältet {field_id}")
    keyboard.replace_text(amount)
    assert keyboard.focused()["value"] == amount
    keyboard.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Spara planen", "knappen Spara planen")
    keyboard.activate_and_wait(key)
    assert "/planer/2019" in driver.current_url, driver.current_url
    assert "Planen är sparad" in driver.find_element(By.CSS_SELECTOR, ".flash").text
    assert driver.find_element(By.ID, field_id).get_attribute("value") == amount
    assert f"Planerat\n{planned}" in plan_figures(driver), plan_figures(driver)
    check_axe(driver)


def test_keyboard_only_walk(driver):
    """Signing in, editing the 2019 plan and working in a report with the keyboard alone: Tab, Enter, Space,
    the arrow keys and typing, sent to the focused element; the focus is visible after every key."""
    keyboard = Keyboard(driver)
    region = org_id("region", "23")

    # A region editor: their reports (where they land) → account → organisation → plan 2019; one amount
    # changed and saved, then put back (later tests start from the seed's plan).
    keyboard_sign_in(keyboard, REGION_EDITOR)
    keyboard.tab_to(by_href("/konto"), "menylänken Mitt konto")
    keyboard.activate_and_wait()
    wait_for_url(driver, "/konto")
    keyboard.tab_to(by_href(f"/organisationer/{region}"), "länken till Region Jämtland Härjedalen")
    keyboard.activate_and_wait()
    wait_for_url(driver, f"/organisationer/{region}")
    keyboard.tab_to(by_href(f"/organisationer/{region}/planer/2019"), "länken Användningsplan 2019")
    keyboard.activate_and_wait()
    wait_for_url(driver, "/planer/2019")
    original = driver.find_element(By.ID, "amount_1").get_attribute("value")
    assert original == "1", original  # mnkr, from the seed (Zamsynsdagar 22-23 oktober)
    assert "Planerat\n30 600 000 kr" in plan_figures(driver), plan_figures(driver)
    save_plan_amount(keyboard, "amount_1", "1,2", "30 800 000 kr", Keys.ENTER)
    save_plan_amount(keyboard, "amount_1", original, "30 600 000 kr", Keys.SPACE)

    # An RSS editor: account → Rapporter → the 2023 report → section 3; two answers, saved with the button.
    keyboard_sign_in(keyboard, RSS_EDITOR)
    keyboard.tab_to(by_href("/rapporter"), "menylänken Rapporter")
    keyboard.activate_and_wait()
    wait_for_url(driver, "/rapporter")
    report_id = next(r["id"] for r in json.loads(download(driver, BASE + "/api/v1/reports")) if r["agreement_year"] == 2023)
    report_url = "/rapporter/" + report_id
    keyboard.tab_to(by_href(report_url), "länken till rapporten för överenskommelsen 2023")
    keyboard.activate_and_wait()
    assert driver.current_url == BASE + report_url, driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Slutredovisning 2023")
    keyboard.tab_to(by_href(report_url + "/avsnitt/3"), "länken till avsnitt 3")
    keyboard.activate_and_wait()
    wait_for_url(driver, report_url + "/avsnitt/3")
    text = f"Svar skrivet med tangentbordet {int(time.time())}."
    keyboard.tab_to(lambda f: f["id"] == "q-q8a", "svarsfältet för fråga 8a")
    keyboard.replace_text(text)
    radio = keyboard.tab_to(lambda f: f["name"] == "value_q9a", "alternativen för fråga 9a")
    options = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "input[name=value_q9a]")]
    chosen = options[(options.index(radio["id"]) + 1) % len(options)]
    after = keyboard.press(Keys.ARROW_DOWN)
    assert after["id"] == chosen and after["checked"], (radio, after)
    keyboard.press(Keys.SPACE)
    assert driver.find_element(By.ID, chosen).is_selected()
    wait_saved(driver, "q8a")
    wait_saved(driver, "q9a")
    keyboard.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Spara", "avsnittets knapp Spara")
    keyboard.activate_and_wait(Keys.ENTER)
    assert driver.current_url.endswith(report_url + "/avsnitt/3?sparat=1"), driver.current_url
    assert "Avsnittet är sparat." in driver.find_element(By.CSS_SELECTOR, ".flash").text
    assert driver.find_element(By.ID, "q-q8a").get_attribute("value") == text
    assert driver.find_element(By.ID, chosen).is_selected()
    saved = json.loads(download(driver, f"{BASE}/api/v1/reports/{report_id}/answers/q8a"))
    assert text in json.dumps(saved, ensure_ascii=False), saved
    check_axe(driver)

    # All sections → Kontrollera → Skicka in.
    keyboard.tab_to(lambda f: f["tag"] == "a" and f["text"] == "Alla avsnitt", "länken Alla avsnitt")
    keyboard.activate_and_wait()
    assert driver.current_url == BASE + report_url, driver.current_url
    keyboard.tab_to(by_href(report_url + "/kontrollera"), "länken till Kontrollera")
    keyboard.activate_and_wait()
    wait_for_url(driver, "/kontrollera")
    assert text in driver.find_element(By.TAG_NAME, "main").text
    check_axe(driver)
    if driver.find_elements(By.XPATH, "//button[normalize-space()='Skicka in']"):
        keyboard.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Skicka in", "knappen Skicka in")
        keyboard.activate_and_wait(Keys.ENTER)
        check_axe(driver)
        if "/kvitto/" in driver.current_url:  # the form was complete: submitted
            assert driver.find_element(By.ID, "referens").text.startswith("GNV-2023-"), driver.page_source[:500]
        else:  # not yet complete: the check page lists what is missing, each a link to its question
            assert "/kontrollera?fel=1" in driver.current_url, driver.current_url
            summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
            assert "Frågan måste besvaras" in summary.text, summary.text
            assert "8a." not in summary.text and "9a." not in summary.text, summary.text
            first = summary.find_element(By.TAG_NAME, "a").get_attribute("href").split("#", 1)[1]
            keyboard.tab_to(lambda f: f["tag"] == "a" and f["href"] == "#" + first, "första länken i felsammanfattningen")
            keyboard.press(Keys.ENTER)
            WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith("#" + first))
    else:  # already submitted by another test: the receipt is reachable by keyboard
        keyboard.tab_to(lambda f: f["tag"] == "a" and "/kvitto/" in f["href"], "länken till kvittot")
        keyboard.activate_and_wait()
        wait_for_url(driver, "/kvitto/")
        assert driver.find_element(By.ID, "referens").text.startswith("GNV-2023-")
        check_axe(driver)
    print(f"     {keyboard.presses} tangenttryckningar")
    assert not keyboard.invisible, "fokus syns inte:\n" + "\n".join(keyboard.invisible)


def run_tests(tests, stop_at_first_failure=False):
    """Runs the tests in one browser, printing ok/FAIL per test and `N passed, M failed` last."""
    driver = make_driver()
    passed = failed = 0
    try:
        for test in tests:
            try:
                test(driver)
                passed += 1
                print(f"ok   {test.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
                if stop_at_first_failure:
                    break
    finally:
        driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    """All tests, or those whose names contain one of the words in NARA_TESTS (comma-separated)."""
    only = [w for w in os.environ.get("NARA_TESTS", "").split(",") if w]
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)
                      and (not only or any(w in k for w in only))])


if __name__ == "__main__":
    sys.exit(main())
