"""Questionnaires drafted in Excel, in a real browser: the administrator opens the workbook page
(Administration → Formulär → Formulär i Excel), which passes axe and the 1280/375 px layout check,
uploads a workbook with three mistakes made with openpyxl (a duplicate question id, min above
max, a condition on a later question) and sees the three problems named by sheet, row and column;
nothing is stored.

Run after test_browser.py against the same server (Tests/Browser/run does).
"""
import os
import sys
import tempfile

from openpyxl import Workbook
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
from test_browser import check_axe, run_tests, sign_in, visit, wait_for_text  # noqa: E402
from test_agreements import ADMIN, shoot  # noqa: E402

PAGE = "/admin/formular/arbetsbok"
SURVEY = ["section", "name", "number", "type", "label", "hint", "required", "relevant", "comment",
          "max_choices", "max_length", "min", "max", "accept", "max_bytes"]


def survey_row(section, name, number, type_, label, relevant="", low="", high=""):
    row = dict(section=section, name=name, number=number, type=type_, label=label, relevant=relevant, min=low, max=high)
    return [row.get(h, "") for h in SURVEY]


def three_mistakes():
    """A small questionnaire with exactly three mistakes in the survey sheet: rows 3 (min above
    max), 4 (a condition on the later q4) and 6 (q1 again)."""
    book = Workbook()
    sheets = {
        "settings": [["form_id", "version", "form_title", "instruction", "introduction"],
                     ["webblasare-tre-fel", "1", "Tre fel från Excel", "", ""]],
        "sections": [["section", "heading", "introduction"], ["s1", "Första avsnittet", ""], ["s2", "Andra avsnittet", ""]],
        "survey": [SURVEY,
                   survey_row("s1", "q1", "1", "select_one", "Finns det en plan?"),
                   survey_row("s1", "q2", "2", "integer", "Hur många?", low="100", high="10"),
                   survey_row("s1", "q3", "3", "text", "Beskriv planen", relevant="${q4} = 'Ja'"),
                   survey_row("s2", "q4", "4", "select_one", "Följs planen?"),
                   survey_row("s2", "q1", "5", "text", "Samma id en gång till")],
        "choices": [["list_name", "label"], ["q1", "Ja"], ["q1", "Nej"], ["q4", "Ja"], ["q4", "Nej"]],
        "tables": [["list_name", "part", "name", "label", "type"]],
    }
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = os.path.join(tempfile.mkdtemp(prefix="nara-arbetsbok-"), "tre-fel.xlsx")
    book.save(path)
    return path


def test_a_the_page_explains_and_lists_the_workbooks(driver):
    sign_in(driver, ADMIN)
    visit(driver, PAGE)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Formulär i Excel"
    links = driver.find_elements(By.XPATH, "//main//li/a[starts-with(normalize-space(), 'Version ')]")
    assert links and all(a.get_attribute("href").endswith("/arbetsbok") for a in links), [a.get_attribute("href") for a in links]
    assert driver.find_element(By.ID, "workbook").get_attribute("accept").startswith(".xlsx")
    shoot(driver, "form-workbook")


def test_b_three_mistakes_are_named_by_cell(driver):
    sign_in(driver, ADMIN)
    visit(driver, PAGE)
    before = len(driver.find_elements(By.CSS_SELECTOR, "main li a[href$='/arbetsbok']"))
    driver.find_element(By.ID, "workbook").send_keys(three_mistakes())
    driver.find_element(By.XPATH, "//button[normalize-space()='Kontrollera och spara']").click()
    wait_for_text(driver, ".error-summary", "Arbetsboken sparades inte (3 fel)")
    items = [li.text for li in driver.find_elements(By.CSS_SELECTOR, ".error-summary li")]
    assert items == [
        "Blad survey, rad 3, kolumn L (min): min (100) är större än max (10)",
        "Blad survey, rad 4, kolumn H (relevant): villkoret pekar på ”q4” (rad 5), som kommer senare; ett villkor kan bara gälla en tidigare fråga",
        "Blad survey, rad 6, kolumn B (name): frågan ”q1” finns redan på rad 2; varje fråga behöver ett eget id",
    ], items
    message = driver.find_element(By.ID, "workbook-error").text
    assert "Arbetsboken har 3 fel" in message and "Inget har sparats" in message, message
    assert driver.find_element(By.ID, "workbook").get_attribute("aria-invalid") == "true"
    check_axe(driver)
    shoot(driver, "form-workbook-refused")
    # Nothing was stored: the list of versions is as long as before.
    visit(driver, PAGE)
    assert len(driver.find_elements(By.CSS_SELECTOR, "main li a[href$='/arbetsbok']")) == before


def main():
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
