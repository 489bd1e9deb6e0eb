"""A grant year run by its owners, in a real browser: an administrator copies 2024 into a 2027
draft, sees the sums that do not add up, fixes them, previews and publishes; Region Jämtland
Härjedalen requisitions and is paid its 2027 money; an amendment lowers the regions' pot and
Jämtland owes the difference. Every page passes axe; the pages of the story are also checked at 1280 and 375 px by
layout_check and photographed into Tests/Browser/screenshots/ for a person to look at.

Run after test_browser.py against the same server (Tests/Browser/run does).
"""
import os
import sys

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
from layout_check import look  # noqa: E402
from test_browser import (REGION_EDITOR, approve_all, check_axe, click_button, get_json, org_id, run_tests,  # noqa: E402
                          sign_in, visit, wait_for_text)

ADMIN = "admin@socialstyrelsen.example"
PAYER = "utbetalare@kammarkollegiet.example"


def shoot(driver, name):
    """Checks what the page shows at 1280 and 375 px (words split in cells and headings, overflow,
    text under 14 px) and photographs it at both widths; fails on any problem."""
    problems = look(driver, "berattelse-" + name)
    assert not problems, f"{name} syns inte väl:\n    " + "\n    ".join(problems)


def typed(driver, field_id, text):
    field = driver.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(text)


def money_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text.replace("\u00a0", " ")


def test_a_2027_from_a_copy_to_publication(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/admin/overenskommelser")
    shoot(driver, "agreements-list")
    typed(driver, "year", "2027")
    driver.find_element(By.CSS_SELECTOR, "#copy_from option[value='2024']").click()
    click_button(driver, "Skapa utkast")
    wait_for_text(driver, ".flash", "kopia av 2024")
    check_axe(driver)
    shoot(driver, "editor-draft")
    # The frame and the regions' pot are raised, but the pot by less than the frame.
    typed(driver, "frame_ore", "3 400 mnkr")
    typed(driver, "pots[0].amount_ore", "2 520 mnkr")
    click_button(driver, "Spara utkastet")
    wait_for_text(driver, ".flash", "stämmer inte")
    check_axe(driver)
    text = money_text(driver)
    assert "skillnad −100 000 000 kr" in text, text[:2000]
    error = driver.find_element(By.ID, "frame_ore-error").text.replace("\u00a0", " ")
    assert "skillnad −100 000 000 kr" in error, error
    shoot(driver, "editor-unreconciled")
    # A malformed amount comes back at its field with what was typed.
    typed(driver, "pots[1].amount_ore", "1.050")
    click_button(driver, "Spara utkastet")
    wait_for_text(driver, ".error-summary", "tvetydigt")
    check_axe(driver)
    assert driver.find_element(By.ID, "pots[1].amount_ore").get_attribute("value") == "1.050"
    shoot(driver, "editor-refused")
    # Fixed: the municipalities' pot takes the rest.
    typed(driver, "pots[1].amount_ore", "850 mnkr")
    click_button(driver, "Spara utkastet")
    wait_for_text(driver, ".flash", "Alla summor stämmer")
    driver.find_element(By.LINK_TEXT, "Förhandsgranska och publicera").click()
    wait_for_text(driver, "h1", "Publicera överenskommelsen 2027")
    check_axe(driver)
    assert "Region Jämtland Härjedalen" in driver.page_source
    shoot(driver, "publish-preview")
    click_button(driver, "Publicera överenskommelsen 2027")
    wait_for_text(driver, ".flash", "är publicerad")
    check_axe(driver)
    shoot(driver, "agreement-2027")
    allocations = get_json("/api/v1/agreements/2027/allocations")
    for pot in allocations["pots"]:
        if pot["status"] == "allocated":
            assert sum(a["amount_ore"] for a in pot["allocations"]) == pot["amount_ore"], pot["id"]
    regions = next(p for p in allocations["pots"] if p["id"] == "regioner")
    assert regions["amount_ore"] == 252_000_000_000 and len(regions["allocations"]) == 21
    visit(driver, "/overenskommelser/2027/fordelning/regioner")
    assert "2 520 000 000" in money_text(driver)


def test_b_jamtland_requisitions_and_is_paid(driver):
    region = org_id("region", "23")
    funds = f"/organisationer/{region}/medel/2027"
    sign_in(driver, REGION_EDITOR)
    visit(driver, funds)
    click_button(driver, "Rekvirera")
    wait_for_text(driver, ".flash", "Rekvisitionen på")
    # The region's other finance director attests what the editor made.
    sign_in(driver, "ekonomichef@regionjh.example")
    visit(driver, funds)
    click_button(driver, "Attestera")
    wait_for_text(driver, ".flash", "attesterad")
    approve_all(driver)
    click_button(driver, "Markera som utbetald")
    wait_for_text(driver, ".flash", "är markerad som utbetald")


def test_c_amendment_lowers_the_regions_pot(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/admin/overenskommelser/2027")
    shoot(driver, "editor-published")
    typed(driver, "frame_ore", "3 390 mnkr")
    typed(driver, "pots[0].amount_ore", "2 510 mnkr")
    # Without a reason the amendment is refused at the field.
    typed(driver, "amendment.reference", "S2027/00123")
    click_button(driver, "Spara som ändringsöverenskommelse")
    wait_for_text(driver, ".error-summary", "Skriv skälet")
    check_axe(driver)
    typed(driver, "amendment.reason", "Anslaget sänktes i ändringsbudgeten.")
    click_button(driver, "Spara som ändringsöverenskommelse")
    wait_for_text(driver, "h1", "version 2")
    check_axe(driver)
    shoot(driver, "amendment-result")
    text = money_text(driver)
    assert "Region Jämtland Härjedalen" in text and "Ska betala tillbaka" in text, text[:3000]
    assert "återkrav" in text
    allocation = get_json("/api/v1/agreements/2027/allocations/regioner")
    assert allocation["version"] == 2 and sum(a["amount_ore"] for a in allocation["allocations"]) == 251_000_000_000
    visit(driver, "/overenskommelser/2027/versioner")
    assert "S2027/00123" in driver.page_source
    shoot(driver, "versions")
    visit(driver, "/overenskommelser/2027/versioner/1")
    assert "inte den gällande" in driver.page_source
    visit(driver, "/overenskommelser/2027")


def test_d_the_claim_in_the_money_flow(driver):
    region = org_id("region", "23")
    sign_in(driver, REGION_EDITOR)
    visit(driver, f"/organisationer/{region}/medel/2027")
    assert "Återkrav efter ändringsöverenskommelse" in driver.page_source
    shoot(driver, "funds-claim")
    sign_in(driver, PAYER)
    visit(driver, "/utbetalningar")
    assert "Region Jämtland Härjedalen" in money_text(driver)
    shoot(driver, "payer-claims")
    click_button(driver, "Markera som betalt i dag")
    wait_for_text(driver, ".flash", "är markerat som betalt")
    check_axe(driver)


def test_e_vfu_reports_and_decisions_pass_axe(driver):
    sign_in(driver, ADMIN)
    visit(driver, "/overenskommelser/2023/antal/vfu")
    shoot(driver, "vfu-review")
    visit(driver, "/overenskommelser/2023/fordelning/vfu")
    region = org_id("region", "23")
    sign_in(driver, REGION_EDITOR)
    visit(driver, f"/organisationer/{region}/antal/2023/vfu")
    shoot(driver, "vfu-report")


def main():
    # The stories build on each other: the first failure ends the run.
    return run_tests([v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)], stop_at_first_failure=True)


if __name__ == "__main__":
    sys.exit(main())
