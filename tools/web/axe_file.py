#!/usr/bin/env python3
"""axe-core (WCAG 2.2 AA) on saved HTML files, in headless Chromium driven by Selenium (issue 20: the printed
schedule's HTML must pass as the builder's pages do).

    .venv-a11y/bin/python tools/web/axe_file.py FILE.html [FILE.html ...]

Prints one JSON object: for each file, its violations (rule id, help, the first five targets). Exit status 0
whatever axe finds (the test reads the report); non-zero only when the browser or axe could not run.
"""
import json
import os
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1800", "--lang=en-US",
                 "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run",
                 "--disable-background-networking", "--allow-file-access-from-files"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(120)
    return driver


def main():
    files = sys.argv[1:]
    if not files:
        raise SystemExit(__doc__)
    report = {}
    for attempt in range(3):
        driver = browser()
        try:
            for path in files:
                driver.get("file://" + os.path.abspath(path))
                axe = Axe(driver)
                axe.inject()
                result = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": TAGS}}))
                report[path] = [
                    {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                    for v in result["violations"]
                ]
            break
        except (TimeoutException, WebDriverException):
            # A renderer starved on a busy 2-core machine: start the browser again (at most three times).
            if attempt == 2:
                raise
        finally:
            driver.quit()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
