"""The national compilation in a real browser: an analyst opens the 2022 round's follow-up page,
follows *Nationell sammanställning*, and gets every question of the questionnaire on one page
that passes axe and reads well at 1280 and 375 px; the PDF the server prints from the same HTML
(headless Chromium) has every question and page numbers, and so does the page printed by the
browser itself.

Run after test_browser.py against the same server (Tests/Browser/run does), or alone:
    NARA_URL=http://127.0.0.1:8099 python3 Tests/Browser/test_compilation.py
"""
import base64
import io
import os
import re
import sys
import unicodedata

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
from layout_check import look  # noqa: E402
from test_browser import BASE, check_axe, download, run_tests, sign_in, visit, wait_for_url  # noqa: E402

ANALYST = "analytiker@socialstyrelsen.example"
ROUND = "/uppfoljning/formular/kommuner-slutredovisning-2022?ar=2022"


def pdf_text(data):
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text):
    """Text with every run of white space (line breaks in a PDF, no-break spaces) as one space and
    the PDF's ligatures (ﬁ, ﬀ) as letters."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u200b", "")).strip()


def questions(driver):
    """The number and title of every question on the compilation page, from its headings."""
    return [h.get_attribute("textContent") for h in driver.find_elements(By.CSS_SELECTOR, "article.compilation-question > h3")]


def expect_every_question(text, titles, what):
    text = flat(text)
    missing = [t for t in titles if flat(t)[:60] not in text]
    assert not missing, f"{what} saknar {len(missing)} frågor, t.ex. {missing[:3]}"


def test_an_analyst_compiles_the_2022_round(driver):
    sign_in(driver, ANALYST)
    visit(driver, ROUND)
    driver.find_element(By.LINK_TEXT, "Nationell sammanställning").click()
    wait_for_url(driver, "/sammanstallning")
    check_axe(driver, "sammanstallning-2022")
    titles = questions(driver)
    assert len(titles) == 25, len(titles)
    contents = driver.find_elements(By.CSS_SELECTOR, ".compilation-contents ul a")
    assert len(contents) == 25, len(contents)
    # Every choice question has its chart and its tables; every free-text question its quotes.
    assert len(driver.find_elements(By.CSS_SELECTOR, ".compilation-question figure.chart-figure")) >= 4
    assert driver.find_elements(By.CSS_SELECTOR, ".compilation-county blockquote")
    appendix = driver.find_elements(By.CSS_SELECTOR, "#bilaga-inskickade tbody tr")
    assert len(appendix) >= 21, len(appendix)
    problems = look(driver, "sammanstallning-2022")
    assert not problems, "sammanställningen syns inte väl:\n    " + "\n    ".join(problems)

    # The server's PDF, downloaded with the session as a person clicking the link would.
    link = driver.find_element(By.PARTIAL_LINK_TEXT, "som PDF").get_attribute("href")
    data = download(driver, link)
    assert data.startswith(b"%PDF-"), data[:40]
    pages, text = pdf_text(data)
    expect_every_question(text, titles, "PDF:en")
    assert "Sida 1 av" in flat(text), flat(text)[:400]
    assert f"Sida {pages} av {pages}" in flat(text), f"{pages} sidor"
    assert "Bilaga: mottagarnas rapporter" in flat(text)
    with open(os.path.join(os.path.dirname(__file__), "screenshots", "sammanstallning-2022.pdf"), "wb") as f:
        f.write(data)

    # The page printed by the browser itself (Skriv ut → Spara som PDF): the same print rules.
    printed = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    _, text = pdf_text(printed)
    expect_every_question(text, titles, "utskriften")
    assert "Sida 1 av" in flat(text)

    # The workbook and the Word file have every question too.
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(download(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "som Excel").get_attribute("href"))))
    cells = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    expect_every_question(cells, titles, "arbetsboken")
    word = download(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "för Word").get_attribute("href")).decode("utf-8")
    assert "<script" not in word and "<link" not in word
    visit(driver, ROUND)


def main():
    return run_tests([test_an_analyst_compiles_the_2022_round])


if __name__ == "__main__":
    sys.exit(main())
