"""Separation of duties with money, in a real browser: an administrator gives two people at RSS
Jämtlands län the finance-director duty; each makes a requisition of the 2027 money, cannot attest
their own, and attests the other's; Kammarkollegiet approves and pays both. Every page passes axe;
the funds page is checked and photographed at 1280 and 375 px (layout_check).

Run after test_agreements.py (the 2027 agreement) and test_duties.py against the same server
(Tests/Browser/run does).
"""
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
from test_browser import approve_all, check_axe, click_button, org_id, run_tests, sign_in, visit, wait_for_text  # noqa: E402
from test_agreements import shoot  # noqa: E402
from test_duties import EDITOR_ROLE, grant_finance_director  # noqa: E402

RSS = "RSS Jämtlands län"
SIRI = ("redigerare@rss-jamtland.example", "Siri Samverkan")
RUT = ("redigerare@regionjh.example", "Rut Redigerare")


def funds():
    return f"/organisationer/{org_id('rss', '23')}/medel/2027"


def act_for_rss(driver, email):
    """Signs in and, for someone who belongs to several organisations, acts for the RSS."""
    sign_in(driver, email)
    visit(driver, "/konto")
    select = driver.find_elements(By.ID, "membership")
    if select:
        Select(select[0]).select_by_visible_text(f"{RSS} – {EDITOR_ROLE}")
        click_button(driver, "Byt organisation")
        wait_for_text(driver, "body", RSS)


def requisition(driver, amount):
    visit(driver, funds())
    field = driver.find_element(By.ID, "amount")
    field.clear()
    field.send_keys(amount)
    click_button(driver, "Rekvirera")
    wait_for_text(driver, ".flash", "Rekvisitionen på")
    # Your own requisition waits for another finance director.
    assert "Du gjorde rekvisitionen; en annan ekonomichef attesterar" in driver.page_source
    check_axe(driver)


def attest_buttons(driver):
    return driver.find_elements(By.XPATH, "//table[@id='rekvisitioner']//button[normalize-space()='Attestera']")


def test_a_the_administrator_gives_two_people_at_the_rss_the_duty(driver):
    grant_finance_director(driver, person=SIRI[1], organisation=RSS)
    grant_finance_director(driver, person=RUT[1], organisation=RSS)


def test_b_each_attests_the_others_requisition_and_not_their_own(driver):
    act_for_rss(driver, SIRI[0])
    requisition(driver, "1 000 000")
    assert not attest_buttons(driver)
    shoot(driver, "funds-own-requisition")
    act_for_rss(driver, RUT[0])
    visit(driver, funds())
    buttons = attest_buttons(driver)
    assert len(buttons) == 1, len(buttons)
    buttons[0].click()
    wait_for_text(driver, ".flash", "attesterad")
    check_axe(driver)
    requisition(driver, "500 000")
    assert not attest_buttons(driver)
    act_for_rss(driver, SIRI[0])
    visit(driver, funds())
    attest_buttons(driver)[0].click()
    wait_for_text(driver, ".flash", "attesterad")
    text = driver.find_element(By.ID, "rekvisitioner").text
    assert "Attesterad av Rut Redigerare" in text and "Attesterad av Siri Samverkan" in text, text
    check_axe(driver)


def test_c_kammarkollegiet_approves_and_pays_both(driver):
    approve_all(driver)
    while driver.find_elements(By.XPATH, "//button[normalize-space()='Markera som utbetald']"):
        click_button(driver, "Markera som utbetald")
        wait_for_text(driver, ".flash", "är markerad som utbetald")
    check_axe(driver)
    act_for_rss(driver, SIRI[0])
    visit(driver, funds())
    assert "1 500 000 kr" in driver.find_element(By.TAG_NAME, "main").text.replace("\u00a0", " ")
    shoot(driver, "funds-paid")
    # Kammarkollegiet's decision to pay each one: listed on the funds page, opened as a letter.
    letters = driver.find_elements(By.CSS_SELECTOR, "#beslut-lista a")
    assert len(letters) == 2, len(letters)
    letters[0].click()
    wait_for_text(driver, "h1", "Beslut om utbetalning")
    check_axe(driver)
    shoot(driver, "decision-letter")


def main():
    # The stories build on each other: the first failure ends the run.
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
