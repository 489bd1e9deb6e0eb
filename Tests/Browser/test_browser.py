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

BASE = os.environ.get("NARA_URL", "http://127.0.0.1:8080").rstrip("/")


def axe_source():
    import axe_playwright_python
    return (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


AXE = axe_source()


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=sv-SE"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def check_axe(driver):
    """Runs axe-core on the current page; fails with every violation listed."""
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
    # Tabbing on from the content reaches the page's links in order.
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.tag_name == "a"


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
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
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
    wait_for_url(driver, "/konto")
    check_axe(driver)
    assert "Rut Redigerare" in driver.find_element(By.CSS_SELECTOR, ".account").text
    driver.find_element(By.CSS_SELECTOR, ".account button").click()
    wait_for_text(driver, ".flash", "Du är utloggad.")
    assert "Du är utloggad." in driver.find_element(By.CSS_SELECTOR, ".flash").text
    driver.get(BASE + "/konto")
    wait_for_url(driver, "/logga-in")


def test_role_switch(driver):
    sign_in(driver, "redigerare@regionjh.example")
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
    wait_for_url(driver, "/konto")
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
    driver.find_element(By.PARTIAL_LINK_TEXT, "Slutredovisning").click()
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


def overview_total(driver, name):
    """The money overview's total row for a recipient, as {step: öre}."""
    visit(driver, "/overenskommelser/2019/medel")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tr.recipient-total") if name in r.text)
    return {td.get_attribute("data-step"): int(td.get_attribute("data-ore")) for td in row.find_elements(By.CSS_SELECTOR, "td[data-step]")}


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
    visit(driver, funds)
    click_button(driver, "Attestera")
    wait_for_text(driver, ".flash", "attesterad")
    # Kammarkollegiet approves and pays.
    sign_in(driver, "utbetalare@kammarkollegiet.example")
    visit(driver, "/utbetalningar")
    click_button(driver, "Godkänn och planera betalning")
    wait_for_text(driver, ".flash", "Rekvisitionen är godkänd")
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
    click_button(driver, "Attestera redovisningen")
    wait_for_text(driver, ".flash", "attesterad och låst")
    check_axe(driver)
    steps = overview_total(driver, "Region Jämtland Härjedalen")
    check_axe(driver)
    reconciles(steps)
    assert steps["anvant"] == 3_050_000_000 - 180_000_000, steps  # the edited plan (30,5 mnkr) less 1,8 mnkr unused
    assert steps["saldo"] == steps["utbetalt"] - steps["anvant"], steps
    # The overview downloads as an .xlsx that a spreadsheet reader opens.
    link = driver.find_element(By.PARTIAL_LINK_TEXT, "xlsx").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as response:
        data = response.read()
    import io, openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    totals = [r for r in sheet.iter_rows(values_only=True) if r[1] == "Region Jämtland Härjedalen" and r[3] == "Summa"]
    assert totals and round(totals[0][6] * 100) == steps["utbetalt"], totals


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
    assert driver.find_element(By.CSS_SELECTOR, "figure.chart-figure svg title").get_attribute("textContent").startswith("Fråga 1")
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
    assert len(table) == 22 and table[0][0] == "Mottagare", len(table)
    assert any(str(c).startswith("1.") for c in table[0]), table[0][:8]
    data = download(driver, BASE + "/uppfoljning/formular/kommuner-slutredovisning-2022/fragor/q1?ar=2022&format=xlsx")
    counts = [r for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)][1:]
    assert sum(r[1] for r in counts) == 21, counts
    csv = download(driver, BASE + "/uppfoljning/formular/kommuner-slutredovisning-2022/export?ar=2022&layout=lang&format=csv").decode("utf-8")
    assert csv.startswith("\ufeffMottagare;") and csv.count("\r\n") > 21 * 20
    # The other follow-up pages pass axe too.
    for path in ("/uppfoljning/indikatorer", "/uppfoljning/indikatorer/fast-lakarkontakt?region=13", "/uppfoljning/malbilder",
                 "/uppfoljning/overenskommelser/2023", "/uppfoljning/overenskommelser/2022"):
        visit(driver, path)


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


def main():
    tests = [v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)]
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
    finally:
        driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
