"""Duties people can be given, in a real browser: an administrator makes a person in Region
Jämtland Härjedalen an editor and gives them the finance-director duty (ekonomichef, attesträtt)
on the people page, by keyboard; the list shows it; the duty is removed again. Every page passes
axe; the people page is checked and photographed at 1280 and 375 px (layout_check).

`grant_finance_director` is the step for longer stories (the colleague who attests).

Run after test_browser.py against the same server (Tests/Browser/run does).
"""
import os
import sys
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
from test_browser import Keyboard, check_axe, run_tests, sign_in, visit, wait_for_text  # noqa: E402
from test_agreements import ADMIN, shoot  # noqa: E402

REGION = "Region Jämtland Härjedalen"
COLLEAGUE = "Leo Läsare"
EDITOR_ROLE = "Redigerare (mottagare)"
TAG = "Ekonomichef"


def people_page(driver, person):
    """The people list narrowed to `person`, checked by axe."""
    visit(driver, "/admin/personer?q=" + urllib.parse.quote(person))


def person_row(driver, person):
    return driver.find_element(By.XPATH, f"//tbody/tr[th[normalize-space()='{person}']]")


def press_button(driver, text, what):
    """Tabs to the button named `text` (its visible words and the hidden person and organisation)
    and presses Enter: the duty can be given without a mouse."""
    keyboard = Keyboard(driver)
    keyboard.tab_to(lambda f: f["tag"] == "button" and f["text"] == text, what)
    keyboard.activate_and_wait()
    assert not keyboard.invisible, "fokus syns inte:\n" + "\n".join(keyboard.invisible)


def grant_finance_director(driver, person=COLLEAGUE, organisation=REGION, role=EDITOR_ROLE):
    """Signs in as the administrator and gives `person` the finance-director duty in
    `organisation` on the people page, first making them `role` there if they are not (an
    attesting finance director changes the organisation's material). Leaves the browser signed in
    as the administrator on the people list."""
    sign_in(driver, ADMIN)
    people_page(driver, person)
    row = person_row(driver, person)
    select = Select(row.find_element(By.XPATH, f".//select[preceding-sibling::label[normalize-space()='Roll i {organisation}']]"))
    if role and select.first_selected_option.text != role:
        select.select_by_visible_text(role)
        row.find_element(By.XPATH, f".//button[normalize-space()='Ändra roll för {person} i {organisation}']").click()
        wait_for_text(driver, ".flash", f"{person} har nu rollen {role.lower()}")
        check_axe(driver)
        people_page(driver, person)
    press_button(driver, f"Ge attesträtt för {person} i {organisation}", "knappen Ge attesträtt")
    wait_for_text(driver, ".flash", f"{person} är nu ekonomichef med attesträtt i {organisation}")
    check_axe(driver)
    people_page(driver, person)
    assert TAG in person_row(driver, person).text


def remove_finance_director(driver, person=COLLEAGUE, organisation=REGION):
    """Removes the duty again on the people page (signed in as the administrator)."""
    people_page(driver, person)
    press_button(driver, f"Ta bort attesträtt för {person} i {organisation}", "knappen Ta bort attesträtt")
    wait_for_text(driver, ".flash", f"{person} är inte längre ekonomichef i {organisation}")
    check_axe(driver)


def test_a_the_invitation_offers_the_duty(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/admin/personer/bjud-in")
    label = driver.find_element(By.CSS_SELECTOR, "label[for='finance_director']")
    assert label.text == "Ekonomichef (attesträtt)", label.text
    shoot(driver, "invite-duty")
    # A municipality receives no money of its own: the duty is refused at its field, the input kept.
    driver.find_element(By.ID, "email").send_keys("chef@kommun.example")
    driver.find_element(By.XPATH, "//select[@id='organisation']/option[contains(., '(Kommun)')]").click()
    Select(driver.find_element(By.ID, "role")).select_by_value("recipient_editor")
    label.click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Skapa inbjudan']").click()
    wait_for_text(driver, ".error-summary", "tar inte emot medel")
    check_axe(driver)
    assert driver.find_element(By.ID, "finance_director").is_selected()
    assert driver.find_element(By.ID, "email").get_attribute("value") == "chef@kommun.example"
    shoot(driver, "invite-duty-refused")


def duty_tags(driver):
    """How many memberships the whole people list shows with the duty."""
    visit(driver, "/admin/personer")
    return [t.text for t in driver.find_elements(By.CSS_SELECTOR, "tbody .tag")].count(TAG)


def test_b_an_administrator_gives_a_colleague_the_duty(driver):
    sign_in(driver, ADMIN)
    before = duty_tags(driver)
    grant_finance_director(driver)
    row = person_row(driver, COLLEAGUE)
    assert "Ta bort attesträtt" in row.text, row.text
    shoot(driver, "people-duty")
    # The whole list shows who holds the duty: one more than before.
    assert duty_tags(driver) == before + 1
    shoot(driver, "people-list")


def test_c_and_removes_it_again(driver):
    remove_finance_director(driver)
    people_page(driver, COLLEAGUE)
    assert TAG not in person_row(driver, COLLEAGUE).text


def main():
    # The stories build on each other: the first failure ends the run.
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
