"""Questionnaires built in the browser: an administrator starts a new questionnaire on
/admin/formular, adds a section and two questions of the reference questionnaire (question 3 by
keyboard only), is refused a choice question without options and an integer question whose lowest
value is above its highest, and previews the section as a recipient sees it. On the reference
questionnaire the preview's condition works (9b shows only for the answers of 9a that name it).
The 2022 questionnaire is copied into a 2024 draft (its years marked), question 3 is changed
without a page reload, the difference is listed before publishing and on the versions page, and
the new version is used by a 2024 report round. Every page passes axe and the layout check at 1280
and 375 px; the builder, the question editor and the previews are photographed.

Run after test_browser.py and test_agreements.py against the same server (Tests/Browser/run
does), or on its own on a fresh database.
"""
import json
import os
import re
import sys
import time
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from test_browser import Keyboard, check_axe, click_button, run_tests, sign_in, visit, wait_for_text  # noqa: E402
from test_agreements import ADMIN, shoot  # noqa: E402

REFERENCE_KEY = "kommuner-slutredovisning-2022"
REFERENCE = json.loads(open(os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "NaraCore", "ReferenceData", "forms",
                                         REFERENCE_KEY + ".json"), encoding="utf-8").read())
SECTION = REFERENCE["sections"][0]
Q1 = next(q for q in SECTION["questions"] if q["id"] == "q1")
Q3 = next(q for q in SECTION["questions"] if q["id"] == "q3")
# Section 1 of the reference has no quotation of its own; the builder's hint asks for one
# ("Från Överenskommelsen: …"), so the opening of the agreement's quotation in section 3 stands in.
QUOTE = ["Från Överenskommelsen:", next(s for s in REFERENCE["sections"] if s["id"] == "delaktighet")["introduction"][1]]
CONDITIONAL = next(i for i, s in enumerate(REFERENCE["sections"]) if any(q.get("showIf") for q in s["questions"]))
Q9B = next(q for q in REFERENCE["sections"][CONDITIONAL]["questions"] if q.get("showIf"))
Q9A = next(q for q in REFERENCE["sections"][CONDITIONAL]["questions"] if q["id"] == Q9B["showIf"]["question"])

STAMP = time.strftime("%H%M%S")
KEY = f"test-malbild-2024-{STAMP}"
TITLE = "Målbild för omställningen till nära vård 2024 (test)"
# Unique per run, so that a second run on the same database still has something new to publish.
CHANGED_Q3 = Q3["text"] + f" Ange även vilka mått ni använder (ändrat kl. {time.strftime('%H.%M.%S')})."

# Shared between the steps of the story.
state = {}


def wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def present(driver, css):
    """Waits until the (possibly swapped-in) page has an element matching `css`."""
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css))[0]


def typed(driver, field_id, text):
    field = driver.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(text)


def value(driver, field_id):
    return driver.find_element(By.ID, field_id).get_attribute("value")


def error_at(driver, field):
    return driver.find_element(By.ID, field + "-error").text


def link(driver, label):
    """A link by its accessible name (aria-label), as the builder names its small buttons."""
    return driver.find_element(By.CSS_SELECTOR, f"main a[aria-label='{label}']")


def builder_questions(driver):
    return [li.get_attribute("id") for li in driver.find_elements(By.CSS_SELECTOR, "li.builder-question")]


def open_new_question(driver, section=1):
    link(driver, f"Lägg till fråga i avsnitt {section}").click()
    wait_for_text(driver, "h1", "Ny fråga i")
    present(driver, "form[data-question-editor] #number")


def fill_question(driver, number, text, type_name, **fields):
    typed(driver, "number", number)
    typed(driver, "text", text)
    Select(driver.find_element(By.ID, "type")).select_by_visible_text(type_name)
    for name, v in fields.items():
        typed(driver, name, v)


def test_a_a_new_questionnaire_is_built(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/admin/formular")
    typed(driver, "key", KEY)
    typed(driver, "title", TITLE)
    click_button(driver, "Börja bygga formuläret")
    wait_for_text(driver, ".flash", "Utkastet är skapat")
    assert "/admin/formular/utkast/" in driver.current_url, driver.current_url
    state["draft"] = urllib.parse.urlsplit(driver.current_url).path
    assert TITLE in driver.find_element(By.TAG_NAME, "h1").text
    check_axe(driver)

    # A section with the reference's heading and a quotation of the agreement, two paragraphs.
    typed(driver, "heading", SECTION["heading"])
    typed(driver, "sectionIntroduction", "\n\n".join(QUOTE))
    click_button(driver, "Lägg till avsnitt")
    wait_for_text(driver, ".flash", "Avsnittet är tillagt")
    heading = present(driver, "#avsnitt-1 h3").text
    assert heading == "Avsnitt 1: " + SECTION["heading"], heading
    quotes = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#avsnitt-1 p.quote")]
    assert quotes == QUOTE, quotes
    check_axe(driver)

    # A choice question without options is refused at the options field; what was typed stays.
    open_new_question(driver)
    check_axe(driver)
    fill_question(driver, Q1["number"], Q1["text"], "Ett val", comment=Q1["comment"]["label"])
    click_button(driver, "Lägg till frågan")
    wait_for_text(driver, ".error-summary", "svarsalternativ")
    assert "En valfråga behöver minst ett svarsalternativ" in error_at(driver, "options"), error_at(driver, "options")
    assert driver.find_element(By.ID, "options").get_attribute("aria-invalid") == "true"
    assert value(driver, "text") == Q1["text"], value(driver, "text")
    assert value(driver, "number") == Q1["number"] and value(driver, "comment") == Q1["comment"]["label"]
    assert Select(driver.find_element(By.ID, "type")).first_selected_option.text == "Ett val"
    check_axe(driver)
    shoot(driver, "form-builder-question-refused")

    # With its four options, one per line, it is added.
    typed(driver, "options", "\n".join(Q1["options"]))
    assert driver.find_element(By.ID, "required").is_selected()
    click_button(driver, "Lägg till frågan")
    wait_for_text(driver, ".flash", "Frågan är tillagd")
    present(driver, "#fraga-q1")
    options = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#fraga-q1 .builder-options li")]
    assert options == Q1["options"], options
    facts = driver.find_element(By.CSS_SELECTOR, "#fraga-q1 .muted").text
    assert "Ett val" in facts and "obligatorisk" in facts and "kommentarsfält" in facts, facts

    # An integer question whose lowest value is above its highest is refused at the field.
    open_new_question(driver)
    fill_question(driver, "99", "Hur många vårdcentraler finns i länet?", "Heltal", min="10", max="5")
    click_button(driver, "Lägg till frågan")
    wait_for_text(driver, ".error-summary", "Lägsta värdet")
    assert "Lägsta värdet är större än det högsta" in error_at(driver, "min"), error_at(driver, "min")
    assert value(driver, "min") == "10" and value(driver, "max") == "5"
    assert driver.find_element(By.ID, "max").is_displayed(), "the limits are hidden though Heltal is chosen"
    check_axe(driver)
    driver.find_element(By.XPATH, "//main//a[normalize-space()='Avbryt']").click()
    present(driver, "#avsnitt-1")
    assert builder_questions(driver) == ["fraga-q1"], builder_questions(driver)

    # Question 3 with the keyboard only: Tab to the link and the fields, type, Enter.
    keyboard = Keyboard(driver)
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    keyboard.tab_to(lambda f: f["tag"] == "a" and f["text"] == "Lägg till fråga", "Lägg till fråga")
    keyboard.press(Keys.ENTER)
    wait_for_text(driver, "h1", "Ny fråga i")
    keyboard.tab_to(lambda f: f["id"] == "number", "fältet Nummer")
    keyboard.press(Q3["number"])
    keyboard.tab_to(lambda f: f["id"] == "text", "fältet Frågetext")
    keyboard.press(Q3["text"])
    keyboard.tab_to(lambda f: f["id"] == "type", "fältet Typ")
    keyboard.press("Fritext")
    assert value(driver, "type") == "text", value(driver, "type")
    keyboard.tab_to(lambda f: f["id"] == "maxLength", "fältet Högst antal tecken")
    keyboard.press(str(Q3["maxLength"]))
    keyboard.press(Keys.ENTER)
    wait_for_text(driver, ".flash", "Frågan är tillagd")
    present(driver, "#fraga-q3")
    assert not keyboard.invisible, "fokus syns inte:\n" + "\n".join(keyboard.invisible)

    # Both questions, in order, on the builder.
    assert builder_questions(driver) == ["fraga-q1", "fraga-q3"], builder_questions(driver)
    texts = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "li.builder-question .builder-question-text")]
    assert texts == [Q1["number"] + ". " + Q1["text"], Q3["number"] + ". " + Q3["text"]], texts
    facts = driver.find_element(By.CSS_SELECTOR, "#fraga-q3 .muted").text.replace("\u00a0", " ")
    grouped = f"{Q3['maxLength']:,}".replace(",", " ")  # sv-SE: a space between thousands
    assert "Fritext" in facts and f"högst {grouped} tecken" in facts, facts
    check_axe(driver)
    shoot(driver, "form-builder")
    # The question editor as it opens for a question that exists.
    link(driver, "Ändra fråga " + Q1["number"]).click()
    wait_for_text(driver, "h1", "Ändra fråga " + Q1["number"])
    assert value(driver, "options") == "\n".join(Q1["options"])
    check_axe(driver)
    shoot(driver, "form-builder-question-editor")


def test_b_the_preview_shows_what_a_recipient_sees(driver):
    sign_in(driver, ADMIN)
    visit(driver, state["draft"])
    driver.find_element(By.LINK_TEXT, "Förhandsgranska som mottagaren ser det").click()
    wait_for_text(driver, "h1", SECTION["heading"])
    assert "/forhandsgranska/0" in driver.current_url, driver.current_url
    check_axe(driver)
    assert [p.text for p in driver.find_elements(By.CSS_SELECTOR, "main p.quote")] == QUOTE
    legend = driver.find_element(By.CSS_SELECTOR, "[data-question=q1] legend").text
    assert legend == Q1["number"] + ". " + Q1["text"], legend
    labels = [label.text for label in driver.find_elements(By.CSS_SELECTOR, "[data-question=q1] .choice label")]
    assert labels == Q1["options"], labels
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-question=q1] input[type=radio]")) == 4
    comment = driver.find_element(By.CSS_SELECTOR, "[data-question=q1] .comment-field label").text
    assert comment == Q1["comment"]["label"], comment
    label = driver.find_element(By.CSS_SELECTOR, "[data-question=q3] label").text
    assert label.startswith(Q3["number"] + ". " + Q3["text"]), label
    assert driver.find_element(By.CSS_SELECTOR, "[data-question=q3] textarea").is_displayed()
    shoot(driver, "form-builder-preview")


def reference_version_1(driver):
    """Opens version 1 (the 2022 text) of the reference questionnaire from /admin/formular."""
    visit(driver, "/admin/formular")
    driver.find_element(By.XPATH, f"//tbody/tr[th/code='{REFERENCE_KEY}' and normalize-space(td[1])='1']/th/a").click()
    wait_for_text(driver, "h1", REFERENCE["title"])
    check_axe(driver)


def test_c_the_reference_preview_applies_its_condition(driver):
    sign_in(driver, ADMIN)
    reference_version_1(driver)
    driver.find_element(By.LINK_TEXT, "Förhandsgranska avsnitt för avsnitt, med villkoren").click()
    wait_for_text(driver, ".section-count", "Avsnitt 1 av")
    check_axe(driver)
    for _ in range(CONDITIONAL):
        driver.find_element(By.LINK_TEXT, "Nästa avsnitt").click()
        wait_for_text(driver, ".section-count", "Avsnitt")
    wait_for_text(driver, ".section-count", f"Avsnitt {CONDITIONAL + 1} av")
    check_axe(driver)

    def q9b_shown():
        return driver.find_element(By.CSS_SELECTOR, f"[data-question={Q9B['id']}]").is_displayed()

    assert not q9b_shown(), "9b syns innan 9a är besvarad"
    hiding = [o for o in Q9A["options"] if o not in Q9B["showIf"]["in"]]
    showing = Q9B["showIf"]["in"]
    assert hiding and showing

    def choose(option):
        driver.find_element(By.XPATH, f"//div[@data-question='{Q9A['id']}']//label[normalize-space()='{option}']").click()

    choose(hiding[0])
    time.sleep(0.3)
    assert not q9b_shown(), f"9b syns när 9a är ”{hiding[0]}”"
    choose(showing[-1])
    wait(driver, lambda d: q9b_shown())
    check_axe(driver)
    shoot(driver, "form-preview-condition")
    choose(hiding[0])
    wait(driver, lambda d: not q9b_shown())
    choose(showing[0])
    wait(driver, lambda d: q9b_shown())


def test_d_the_2022_questionnaire_is_copied_into_2024_changed_and_published(driver):
    sign_in(driver, ADMIN)
    reference_version_1(driver)
    version1 = driver.current_url
    # A draft left by an earlier run against the same database would stand in the way; throw it away.
    if driver.find_elements(By.LINK_TEXT, "Öppna utkastet"):
        driver.find_element(By.LINK_TEXT, "Öppna utkastet").click()
        present(driver, "#publicera")
        click_button(driver, "Kasta utkastet")
        wait_for_text(driver, ".flash", "Utkastet är kastat")
        driver.get(version1)
    typed(driver, "year", "2024")
    click_button(driver, "Kopiera till utkast")
    wait_for_text(driver, ".flash", "kopierat till ett utkast för 2024")
    check_axe(driver)
    h1 = driver.find_element(By.TAG_NAME, "h1")
    assert "2024" in h1.text and "2022" not in h1.text, h1.text
    assert [m.text for m in h1.find_elements(By.TAG_NAME, "mark")] == ["2024"], h1.get_attribute("innerHTML")
    assert "kopierat från version 1" in driver.find_element(By.CSS_SELECTOR, "main p.muted").text
    state["title_2024"] = h1.text

    # Question 3's text changes, with the script on: the page is not reloaded.
    driver.execute_script("window.__marker = 1;")
    link(driver, "Ändra fråga " + Q3["number"]).click()
    wait_for_text(driver, "h1", "Ändra fråga " + Q3["number"])
    assert value(driver, "text") == Q3["text"], value(driver, "text")
    check_axe(driver)
    typed(driver, "text", CHANGED_Q3)
    click_button(driver, "Spara frågan")
    wait_for_text(driver, ".flash", "Frågan är sparad")
    present(driver, "#publicera")
    assert driver.execute_script("return window.__marker;") == 1, "the page was reloaded"
    assert "/admin/formular/utkast/" in driver.current_url and "/fragor/" not in driver.current_url, driver.current_url
    text = driver.find_element(By.CSS_SELECTOR, "#fraga-q3 .builder-question-text").text
    assert text == Q3["number"] + ". " + CHANGED_Q3, text

    # Granska och publicera lists the difference, before and after.
    row = diff_row(driver, "#publicera", CHANGED_Q3)
    assert row["before"] == Q3["text"] and row["after"] == CHANGED_Q3, row
    check_axe(driver)
    shoot(driver, "form-builder-copy-2024")

    click_button(driver, "Publicera som ny version")
    wait_for_text(driver, ".flash", "Formuläret är publicerat som version")
    flash = driver.find_element(By.CSS_SELECTOR, ".flash").text
    state["version"] = int(re.search(r"publicerat som version (\d+)", flash).group(1))
    state["form_id"] = re.search(r"/admin/formular/([0-9A-Fa-f-]{36})", driver.current_url).group(1)
    assert state["version"] >= 2, flash
    check_axe(driver)
    assert "2024" in driver.find_element(By.TAG_NAME, "h1").text


def diff_row(driver, scope, after):
    """The row of the difference table under `scope` whose Efter column reads `after`: what, before, after."""
    for tr in driver.find_elements(By.CSS_SELECTOR, f"{scope} table.form-diff tbody tr"):
        cells = tr.find_elements(By.TAG_NAME, "td")
        if len(cells) >= 3 and cells[-1].text == after:
            return {"what": cells[-3].text, "before": cells[-2].text, "after": cells[-1].text}
    raise AssertionError(f"no row with {after!r} under {scope}: " + driver.find_element(By.CSS_SELECTOR, scope).text[:3000])


def test_e_the_versions_page_shows_the_change(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/admin/formular/versioner/" + REFERENCE_KEY)
    Select(driver.find_element(By.ID, "fran")).select_by_value("1")
    Select(driver.find_element(By.ID, "till")).select_by_value(str(state["version"]))
    click_button(driver, "Jämför")
    wait_for_text(driver, "#skillnader", f"från version 1 till version {state['version']}")
    check_axe(driver)
    row = diff_row(driver, "section[aria-labelledby=skillnader]", CHANGED_Q3)
    assert Q3["text"] in row["before"], row
    shoot(driver, "form-versions-compared")


def round_titles(driver):
    return [th.text for th in driver.find_elements(By.XPATH, "//table[caption='Omgångar']/tbody/tr/th")]


def test_f_a_report_round_uses_the_new_version(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/admin/formular")
    before = round_titles(driver)
    Select(driver.find_element(By.ID, "form")).select_by_value(state["form_id"])
    years = [o.get_attribute("value") for o in Select(driver.find_element(By.ID, "year")).options]
    assert "2024" in years, f"no 2024 agreement to choose: {years}"
    Select(driver.find_element(By.ID, "year")).select_by_value("2024")
    Select(driver.find_element(By.ID, "recipients")).select_by_value("rss")
    Select(driver.find_element(By.ID, "kind")).select_by_value("final")
    driver.execute_script("document.getElementById('opens').value = '2025-01-15';"
                          "document.getElementById('deadline').value = '2025-03-31';")
    click_button(driver, "Skapa omgång")
    wait_for_text(driver, ".flash", "Rapportomgången är skapad.")
    check_axe(driver)
    title = f"Slutredovisning 2024, RSS (kommuner): {state['title_2024']}"
    after = round_titles(driver)
    assert after.count(title) == before.count(title) + 1, (title, after)
    # The round asks the published version itself: its year matches, so no other version is made.
    versions = [tr.find_element(By.XPATH, "td[1]").text for tr in
                driver.find_elements(By.XPATH, f"//tbody/tr[th/code='{REFERENCE_KEY}']")]
    assert str(state["version"]) == max(versions, key=int), versions


def main():
    # The stories build on each other: the first failure ends the run.
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
