"""Sign-in with e-ID in a real browser, through a real OpenID Connect provider (Tests/OIDC/provider.py,
built on Authlib) that Tests/Browser/run-eid starts on loopback next to a Nära server configured only
with NARA_OIDC_* settings: Freja eID (identifies by personal identity number) and SITHS (by e-mail).

The story: an administrator invites a finance director and is asked for a fresh e-ID sign-in first;
signs out of Nära and of the provider; the finance director accepts the invitation by e-ID, signs in
with it at level 2, is asked to step up to level 3 before attesting a requisition, and attests it.
An identity nobody is bound to gets a page saying whom to ask. Every page passes axe and is
photographed at 1280 and 375 px (layout_check).
"""
import json
import os
import sys
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from test_browser import BASE, check_axe, click_button, org_id, run_tests, sign_in, visit, wait_for_text, wait_for_url  # noqa: E402
from test_agreements import shoot  # noqa: E402

PROVIDER = os.environ.get("NARA_OIDC_URL", "http://127.0.0.1:5556").rstrip("/")
ADMIN = "admin@socialstyrelsen.example"
EVA = {"email": "eva.ekonomichef@regionjh.example", "pnr": "197001011234", "name": "Eva Ekonomichef"}
REGION = "Region Jämtland Härjedalen"
LOA2 = "acr-loa2"
LOA3 = "acr-loa3"
STATE = {}


def at_provider(driver, level, pnr="", email="", name=""):
    """Signs in on the provider's page, which the browser has been sent to."""
    WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(PROVIDER))
    for field, value in (("pnr", pnr), ("email", email), ("name", name)):
        if value:
            driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.ID, level).click()
    driver.find_element(By.ID, "logga-in").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(BASE))


def eid_button(driver, provider):
    driver.find_element(By.XPATH, f"//ul[@class='eid-buttons']//button[normalize-space()='Logga in med {provider}']").click()


def invite_eva(driver):
    visit(driver, "/admin/personer/bjud-in")
    driver.find_element(By.ID, "email").send_keys(EVA["email"])
    driver.find_element(By.ID, "organisation").find_element(By.XPATH, f".//option[starts-with(., '{REGION}')]").click()
    Select(driver.find_element(By.ID, "role")).select_by_value("recipient_editor")
    driver.find_element(By.CSS_SELECTOR, "label[for='finance_director']").click()
    click_button(driver, "Skapa inbjudan")


def test_a_the_sign_in_page_offers_both_providers(driver):
    driver.delete_all_cookies()
    visit(driver, "/logga-in")
    buttons = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".eid-buttons button")]
    assert buttons == ["Logga in med Freja eID", "Logga in med SITHS"], buttons
    check_axe(driver)
    shoot(driver, "eid-logga-in")


def test_b_an_administrator_steps_up_before_inviting_a_finance_director(driver):
    sign_in(driver, ADMIN)
    # The invitation form says before it is filled in that sending it needs a fresh e-ID sign-in.
    visit(driver, "/admin/personer/bjud-in")
    notice = driver.find_element(By.CSS_SELECTOR, ".notice-warning").text
    assert "Logga in med e-legitimation först" in notice and "Logga in med SITHS" in notice, notice
    shoot(driver, "eid-bjud-in")
    invite_eva(driver)
    # Granting a role and a duty needs a fresh e-ID sign-in: a password sign-in is not enough.
    wait_for_url(driver, "/starkare-inloggning")
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "Att ge roller och uppdrag kräver" in text and "på nivå 3 eller nivå 4 under de senaste 15 minuterna" in text, text
    assert "Du är inloggad utan e-legitimation." in text, text
    check_axe(driver)
    shoot(driver, "eid-starkare-inloggning")
    eid_button(driver, "SITHS")
    at_provider(driver, LOA3, email=ADMIN)
    # Back at the same action, with what was typed kept: one press sends it.
    wait_for_url(driver, "/starkare-inloggning/fortsatt")
    wait_for_text(driver, ".flash", "Du är inloggad med SITHS på nivå 3")
    check_axe(driver)
    shoot(driver, "eid-fortsatt")
    click_button(driver, "Spara ändringen")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "inbjudningslank"))
    assert not driver.find_elements(By.CSS_SELECTOR, ".notice-warning"), "stepped up: no notice"
    check_axe(driver)
    link = driver.find_element(By.ID, "inbjudningslank").text
    STATE["invitation"] = link[link.index("/inbjudan/"):]
    # The account page offers to bind an e-ID that identifies by personal number (SITHS matches by e-mail).
    visit(driver, "/konto")
    assert [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".eid-buttons button")] == ["Logga in med Freja eID"]
    shoot(driver, "eid-koppla")


def test_c_signing_out_ends_the_provider_session_too(driver):
    with urllib.request.urlopen(PROVIDER + "/logout-log") as response:
        before = len(json.load(response))
    driver.find_element(By.XPATH, "//form[@action='/logga-ut']//button").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/") == BASE)
    wait_for_text(driver, ".flash", "Du är utloggad.")
    with urllib.request.urlopen(PROVIDER + "/logout-log") as response:
        after = json.load(response)
    assert len(after) == before + 1, after
    check_axe(driver)


def test_d_the_finance_director_accepts_the_invitation_by_e_id(driver):
    driver.delete_all_cookies()
    visit(driver, STATE["invitation"])
    assert "Anta inbjudan med e-legitimation" in [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
    check_axe(driver)
    shoot(driver, "eid-inbjudan")
    eid_button(driver, "Freja eID")
    at_provider(driver, LOA2, pnr=EVA["pnr"], name=EVA["name"])
    wait_for_text(driver, ".flash", "Din e-legitimation från Freja eID är nu kopplad till dig")
    visit(driver, "/konto")
    main = driver.find_element(By.TAG_NAME, "main").text
    # The personal identity number is shown masked, and nowhere in full.
    assert "19700101-****" in main and EVA["pnr"] not in driver.page_source, main
    assert EVA["name"] in main and REGION in main, main
    check_axe(driver)
    shoot(driver, "eid-konto")


def test_e_a_colleague_makes_a_requisition(driver):
    sign_in(driver, "redigerare@regionjh.example")
    visit(driver, f"/organisationer/{org_id('region', '23')}/medel/2024")
    field = driver.find_element(By.ID, "amount")
    field.clear()
    field.send_keys("1 000 000")
    click_button(driver, "Rekvirera")
    wait_for_text(driver, ".flash", "Rekvisitionen på")


def test_f_the_finance_director_signs_in_at_level_2_and_steps_up_to_attest(driver):
    driver.delete_all_cookies()
    visit(driver, "/logga-in")
    eid_button(driver, "Freja eID")
    at_provider(driver, LOA2, pnr=EVA["pnr"])
    assert "/logga-in" not in driver.current_url, driver.current_url
    funds = f"/organisationer/{org_id('region', '23')}/medel/2024"
    visit(driver, funds)
    driver.find_element(By.XPATH, "//table[@id='rekvisitioner']//button[normalize-space()='Attestera']").click()
    wait_for_url(driver, "/starkare-inloggning")
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "Att attestera en rekvisition kräver" in text and "Din inloggning gjordes på nivå 2, som inte räcker." in text, text
    check_axe(driver)
    eid_button(driver, "Freja eID")
    # The provider is asked for level 3 or 4, so it offers level 3 first.
    WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(PROVIDER))
    assert driver.find_element(By.ID, LOA3).is_selected()
    at_provider(driver, LOA3, pnr=EVA["pnr"])
    wait_for_url(driver, "/starkare-inloggning/fortsatt")
    wait_for_text(driver, ".flash", "Du är inloggad med Freja eID på nivå 3")
    click_button(driver, "Attestera rekvisitionen")
    wait_for_url(driver, funds)
    wait_for_text(driver, ".flash", "attesterad")
    assert "/starkare-inloggning" not in driver.current_url
    check_axe(driver)


def test_g_the_audit_trail_records_provider_and_level(driver):
    driver.delete_all_cookies()
    visit(driver, "/logga-in")
    eid_button(driver, "SITHS")
    at_provider(driver, LOA3, email=ADMIN)
    visit(driver, "/admin/logg?action=attest")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table tbody tr") if "Attesterat" in r.text]
    assert rows and "Freja eID" in rows[0] and "nivå 3" in rows[0], rows[:2]
    check_axe(driver)
    shoot(driver, "eid-logg")


def test_h_an_unknown_identity_is_told_whom_to_ask(driver):
    driver.delete_all_cookies()
    visit(driver, "/logga-in")
    eid_button(driver, "Freja eID")
    at_provider(driver, LOA3, pnr="198002022222")
    assert "Vi känner inte igen din e-legitimation" in driver.find_element(By.TAG_NAME, "h1").text
    assert "198002022222" not in driver.page_source
    check_axe(driver)
    shoot(driver, "eid-okand")


def main():
    # The stories build on each other: the first failure ends the run.
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
