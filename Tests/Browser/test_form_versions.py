"""A questionnaire's versions in a real browser: the administrator opens the versions page of the
reference questionnaire, chooses version 1 and version 2 with the two selects (one by keyboard, one
by clicking), presses Jämför and reads what differs: the 2022 texts before, the 2023 texts after,
nothing added or removed. A version that does not exist is named at its select. Every page passes
axe and is checked and photographed at 1280 and 375 px (layout_check).

Runs on its own against a server with the demo data (Tests/Browser/run runs it after the others).
"""
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
from test_browser import Keyboard, check_axe, run_tests, sign_in, visit, wait_for_url  # noqa: E402
from test_agreements import ADMIN  # noqa: E402

PAGE = "/admin/formular/versioner/kommuner-slutredovisning-2022"


def cells(driver, cls):
    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, f".form-diff td.{cls}")]


def test_a_the_administrator_compares_versions_1_and_2(driver):
    sign_in(driver, ADMIN)
    # Start from the same version on both sides: nothing to show yet.
    visit(driver, PAGE + "?fran=2&till=2")
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Versioner av Slutredovisning"), driver.find_element(By.TAG_NAME, "h1").text
    assert "Inga skillnader." in driver.find_element(By.ID, "innehall").text
    versions = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "tbody th[scope='row']")]
    assert versions[-2:] == ["2", "1"], versions

    # Från version by keyboard: Tab to the select, arrow down from Version 2 to Version 1.
    keyboard = Keyboard(driver)
    keyboard.tab_to(lambda f: f["tag"] == "select" and f["id"] == "fran", "Från version")
    keyboard.press(Keys.DOWN)
    assert Select(driver.find_element(By.ID, "fran")).first_selected_option.text == "Version 1"
    # Till version by clicking: it stays Version 2.
    Select(driver.find_element(By.ID, "till")).select_by_visible_text("Version 2")
    # Jämför by keyboard.
    keyboard.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Jämför", "knappen Jämför")
    keyboard.activate_and_wait()
    assert not keyboard.invisible, "fokus syns inte:\n" + "\n".join(keyboard.invisible)
    wait_for_url(driver, "fran=1&till=2")
    check_axe(driver, "formularversioner-1-2")

    main = driver.find_element(By.ID, "innehall").text
    assert "Skillnader från version 1 till version 2" in main, main[:400]
    assert "0 tillagda, 0 borttagna." in main, main[:400]
    assert "Ny fråga" not in main and "Borttagen fråga" not in main
    before, after = cells(driver, "diff-old"), cells(driver, "diff-new")
    assert before and len(before) == len(after), (len(before), len(after))
    assert all("2022" in b for b in before), before
    assert all("2023" in a and "2022" not in a for a in after), after
    assert "Frågetext" in [td.text for td in driver.find_elements(By.CSS_SELECTOR, ".form-diff tbody td:nth-of-type(1)")] or "Frågetext" in main


def test_b_a_version_that_does_not_exist_is_named_at_its_select(driver):
    visit(driver, PAGE + "?fran=9&till=2")
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "Version 9 finns inte" in summary, summary
    select = driver.find_element(By.ID, "fran")
    assert select.get_attribute("aria-invalid") == "true"
    assert "Version 9 finns inte" in driver.find_element(By.ID, "fran-error").text
    # The message links to its select.
    driver.find_element(By.CSS_SELECTOR, ".error-summary a[href='#fran']").click()
    assert driver.switch_to.active_element.get_attribute("id") == "fran"


def main():
    # The steps build on each other: the first failure ends the run.
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
