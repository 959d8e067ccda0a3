"""Drives the plan builder in headless Chromium through Selenium (Debian's chromium-driver) as a clinician
would, runs axe-core (axe-selenium-python, axe-core 4.10) on each page with the WCAG 2.2 AA tags, and prints
one JSON object of what happened for the Swift test to check against the store and the bundled plans.

    builder_flow.py BASE_URL TOKEN OUTPUT_DIR SCENARIO...

SCENARIO is one of severe, non-severe, remission (make the bundled plan from the guideline pre-fill through the
form alone, download its .ics and PDF), revise (a revision from a date, on the plan the scenario before saved),
keyboard (the non-severe plan with key presses only) and axe (every page, the new-plan form with errors too).
Screenshots of each step go to OUTPUT_DIR.
"""
import json
import os
import sys
import time
import urllib.request

from axe_selenium_python import Axe
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class Flow:
    def __init__(self, base, token, out):
        self.base, self.token, self.out = base, token, out
        self.report = {"axe": {}, "steps": [], "plans": {}, "browser_starts": 0}
        # The suite runs beside PostgreSQL, Radicale and other browsers on two cores: a renderer starved at its
        # first page ("Timed out receiving message from renderer") is a slow machine, not a finding, so the
        # browser is started again (at most three times) before the flow begins; nothing after that is retried.
        for attempt in range(3):
            self.driver = self.start_browser()
            self.report["browser_starts"] += 1
            try:
                self.driver.get(f"{base}/login?token={token}&next=/")
                self.wait(lambda d: "/login" not in d.current_url)
                break
            except (TimeoutException, WebDriverException):
                self.driver.quit()
                if attempt == 2:
                    raise

    @staticmethod
    def start_browser():
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1800", "--lang=en-US",
                     "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run",
                     "--disable-background-networking", "--disable-renderer-backgrounding",
                     "--disable-backgrounding-occluded-windows"]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {"intl.accept_languages": "en-US"})
        driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                                  options=options)
        driver.set_page_load_timeout(120)
        driver.set_script_timeout(120)
        return driver

    def wait(self, condition, timeout=90):
        return WebDriverWait(self.driver, timeout).until(condition)

    def shot(self, name, width=None):
        d = self.driver
        if width:
            d.set_window_size(width, 1800)
        height = d.execute_script("return document.documentElement.scrollHeight")
        d.set_window_size(width or 1280, min(max(height, 800), 12000))
        d.save_screenshot(os.path.join(self.out, f"builder-{name}.png"))
        d.set_window_size(width or 1280, 1800)
        self.report["steps"].append(name)

    def axe(self, name):
        axe = Axe(self.driver)
        axe.inject()
        result = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": TAGS}}))
        self.report["axe"][name] = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
        ]

    # The form, as a clinician fills it.

    def field(self, name):
        return self.driver.find_element(By.NAME, name)

    def type(self, name, value):
        el = self.field(name)
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        elif el.get_attribute("type") == "date":
            # A date picker that already holds a date (the revise form's "today") takes typed digits into
            # whichever segment has the caret, so the value is set as the picker would set it, with the
            # events the picker sends (the keyboard scenario types into empty pickers instead).
            self.driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", el, value)
        else:
            el.clear()
            el.send_keys(value)

    def fill(self, values):
        for name, value in values.items():
            self.type(name, value)

    def press(self, action):
        button = self.driver.find_element(By.CSS_SELECTOR, f"form.plan button[name=action][value='{action}']")
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        self.wait(lambda d: self.stale(old))

    @staticmethod
    def stale(element):
        try:
            element.tag_name
            return False
        except Exception:
            return True

    def tick(self, element_id):
        el = self.driver.find_element(By.ID, element_id)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        if not el.is_selected():
            el.click()

    def preview_text(self, containing="Taper chart and the first four weeks", changed_from=None):
        """The live preview's text once the script has put one in that says `containing` (and differs from
        `changed_from`)."""
        def ready(d):
            panel = d.find_element(By.ID, "preview-body")
            text = panel.text
            if panel.get_attribute("aria-busy") == "true" or containing not in text:
                return False
            return text if changed_from is None or text != changed_from else False
        return self.wait(ready)

    def prefill(self, group, line, choice=None, add=False):
        query = f"group={group}&line={line}" + (f"&choice0={choice}" if choice else "") + ("&add0=on" if add else "")
        self.driver.get(f"{self.base}/plans/new?{query}")
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "form.plan"))

    def save(self):
        self.press("save")
        url = self.driver.current_url
        if "/plans/" not in url or url.endswith("/plans"):
            errors = [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".err")]
            raise SystemExit(f"not saved: {url}: {errors}")
        return url.rstrip("/").split("/")[-1]

    def download(self, plan, name):
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        # The page's own link, followed with the browser's session.
        link = self.driver.find_element(By.CSS_SELECTOR, f"a[href$='/{name}']").get_attribute("href")
        request = urllib.request.Request(link, headers={"Cookie": cookies})
        with urllib.request.urlopen(request) as response:
            body = response.read()
        path = os.path.join(self.out, f"builder-{plan}-{name}")
        with open(path, "wb") as f:
            f.write(body)
        return {"bytes": len(body), "type": response.headers.get("Content-Type"), "path": path}

    def finish(self, key, plan):
        self.shot(f"{key}-plan-page")
        self.report["plans"][key] = {
            "id": plan, "ics": self.download(plan, "calendar.ics"), "pdf": self.download(plan, "schedule.pdf")}

    # The scenarios.

    def severe(self):
        self.prefill("severe", 1, add=True)
        self.shot("severe-1-prefilled")
        self.fill({
            "plan.start": "2026-12-07", "clinic.name": "Rheumatology clinic", "clinic.phone": "+44 20 7946 0000",
            "clinic.prescriber": "Dr A. Example", "patient.label": "J. Smith", "patient.weight_kg": "70",
            "patient.age": "54", "patient.height_cm": "175", "patient.sex": "male",
        })
        before = self.preview_text()
        self.shot("severe-2-patient")
        # The taper: rules instead of the named protocol, four of them, added with the builder's button.
        self.tick("f-medications-1--taper-kind-rules")
        for _ in range(4):
            self.press("add:medications[1].taper.rules")
        rules = [("40", "10", "2"), ("20", "5", "2"), ("10", "2.5", "2"), ("0", "1", "4")]
        for j, (above, reduce, every) in enumerate(rules):
            self.fill({
                f"medications[1].taper.rules[{j}].above_mg": above, f"medications[1].taper.rules[{j}].reduce_mg": reduce,
                f"medications[1].taper.rules[{j}].every_weeks": every})
        self.fill({"medications[1].taper.hold_weeks": "4", "medications[1].taper.final_mg": "4"})
        # Methotrexate's escalation.
        self.fill({"medications[2].increase.by_mg": "2.5", "medications[2].increase.every_weeks": "2",
                   "medications[2].increase.to_mg": "20"})
        after = self.preview_text(changed_from=None)
        self.report["severe_preview_changed"] = before != after
        self.shot("severe-3-taper-built")
        plan = self.save()
        self.finish("severe", plan)

    def non_severe(self):
        self.prefill("non-severe", 1, choice="azathioprine")
        self.fill({
            "plan.start": "2027-01-04", "clinic.name": "Neuromuscular clinic", "clinic.phone": "+44 161 496 0000",
            "patient.label": "", "patient.weight_kg": "63.5", "patient.age": "41", "patient.height_cm": "165",
            "patient.sex": "female", "patient.tpmt": "normal",
            "medications[1].start": "2027-01-18", "medications[1].increase.by_mg": "25",
            "medications[1].increase.every_weeks": "2", "medications[1].increase.to_mg": "125",
        })
        self.preview_text()
        self.shot("non-severe-1-escalation")
        plan = self.save()
        self.finish("non-severe", plan)

    def remission(self):
        self.prefill("remission", 1, choice="mycophenolate")
        self.fill({
            "plan.start": "2027-06-07", "patient.weight_kg": "82", "patient.age": "67",
            "medications[0].dose_mg": "1000", "medications[0].increase.by_mg": "500",
            "medications[0].increase.every_weeks": "1", "medications[0].increase.to_mg": "2000",
        })
        for _ in range(3):
            self.press("add:medications[1].taper.steps")
        steps = [("7.5", "4"), ("6", "4"), ("5", "4"), ("5, 4", "4"), ("4", "8")]
        for j, (dose, weeks) in enumerate(steps):
            self.fill({f"medications[1].taper.steps[{j}].dose_mg": dose, f"medications[1].taper.steps[{j}].weeks": weeks})
        # The line is the default: left out as in the bundled plan.
        self.type("patient.line", "1")
        self.preview_text()
        self.shot("remission-1-steps")
        plan = self.save()
        self.finish("remission", plan)

    def revise(self):
        plan = self.report["plans"]["non-severe"]["id"]
        self.driver.get(f"{self.base}/plans/{plan}/revise")
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "form.plan"))
        self.axe("revise")
        self.fill({"revision.from": "2027-02-01", "revision.reason": "azathioprine held at 100 mg",
                   "medications[1].dose_mg": "75", "medications[1].increase.to_mg": "100"})
        text = self.preview_text(containing="What changes")
        self.report["revise_preview"] = text
        self.shot("revise-1-preview")
        self.press("save")
        self.report["revised"] = self.driver.current_url

    def keyboard(self):
        """The non-severe plan with key presses only: Tab to each field, type, Space and arrows on choices,
        Enter on the buttons."""
        d = self.driver
        d.get(f"{self.base}/plans/new?group=non-severe&line=1")
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "form.plan"))
        body = d.find_element(By.TAG_NAME, "body")
        body.click()
        def tab_to(name, attribute="name", limit=600):
            for _ in range(limit):
                d.switch_to.active_element.send_keys(Keys.TAB)
                if d.switch_to.active_element.get_attribute(attribute) == name:
                    return d.switch_to.active_element
            raise SystemExit(f"Tab never reached {name}")
        def keys(name, text):
            el = tab_to(name)
            if el.get_attribute("type") == "date":
                y, m, dd = text.split("-")
                el.send_keys(m + dd + y)
            elif el.tag_name == "select":
                el.send_keys(text)
            else:
                el.send_keys(Keys.CONTROL, "a")
                el.send_keys(text)
        # The prefill form first: the alternative chosen with the arrow keys, then Enter on its button.
        el = tab_to("choice0")
        el.send_keys(Keys.ARROW_RIGHT)
        self.report["keyboard_choice"] = d.switch_to.active_element.get_attribute("value")
        old = d.find_element(By.TAG_NAME, "html")
        d.switch_to.active_element.send_keys(Keys.TAB)
        while d.switch_to.active_element.tag_name != "button":
            d.switch_to.active_element.send_keys(Keys.TAB)
        d.switch_to.active_element.send_keys(Keys.ENTER)
        self.wait(lambda _: self.stale(old))
        d.find_element(By.TAG_NAME, "body").click()
        for name, text in [("plan.start", "2027-01-04"), ("patient.weight_kg", "63.5"), ("patient.age", "41"),
                           ("patient.height_cm", "165"), ("patient.sex", "female"), ("patient.tpmt", "normal"),
                           ("medications[1].dose_mg", "50"), ("medications[1].start", "2027-01-18")]:
            d.find_element(By.TAG_NAME, "h1").click()
            keys(name, text)
        self.shot("keyboard-1-filled")
        old = d.find_element(By.TAG_NAME, "html")
        button = None
        for _ in range(600):
            d.switch_to.active_element.send_keys(Keys.TAB)
            active = d.switch_to.active_element
            if active.tag_name == "button" and active.get_attribute("value") == "save":
                button = active
                break
        if button is None:
            raise SystemExit("Tab never reached Save plan")
        self.report["focus_outline"] = d.execute_script(
            "return getComputedStyle(document.activeElement).outlineStyle")
        button.send_keys(Keys.ENTER)
        self.wait(lambda _: self.stale(old))
        self.report["keyboard_url"] = d.current_url
        self.shot("keyboard-2-saved")

    def accessibility(self):
        d = self.driver
        d.get(f"{self.base}/")
        self.axe("plans list")
        self.prefill("severe", 1, add=True)
        self.axe("new-plan form")
        self.shot("axe-new-form-768", width=768)
        d.set_window_size(768, 1800)
        self.report["scroll_768"] = d.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        d.set_window_size(1280, 1800)
        # A form with errors (a weight out of range, no start): first as the script shows them beside the fields
        # while the clinician types, then as the server's page after "Save plan" refused it.
        self.type("patient.weight_kg", "700")
        self.preview_text(containing="Not a plan yet")
        self.report["live_errors"] = len(d.find_elements(By.CSS_SELECTOR, ".live-err"))
        self.axe("new-plan form with live errors")
        self.press("save")
        self.report["error_page_invalid_fields"] = len(d.find_elements(By.CSS_SELECTOR, "[aria-invalid=true]"))
        self.axe("new-plan form with errors")
        self.shot("axe-form-errors")
        plan = self.report["plans"].get("severe", {}).get("id")
        if plan:
            d.get(f"{self.base}/plans/{plan}")
            self.axe("plan page")


def main():
    base, token, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    flow = Flow(base, token, out)
    try:
        for scenario in sys.argv[4:]:
            started = time.time()
            {"severe": flow.severe, "non-severe": flow.non_severe, "remission": flow.remission,
             "revise": flow.revise, "keyboard": flow.keyboard, "axe": flow.accessibility}[scenario]()
            flow.report.setdefault("seconds", {})[scenario] = round(time.time() - started, 1)
    except BaseException as error:
        flow.report["failed"] = f"{type(error).__name__}: {error}"
        try:
            flow.shot("failure")
            flow.report["failure_url"] = flow.driver.current_url
        except Exception:
            pass
    finally:
        flow.driver.quit()
    print(json.dumps(flow.report))


if __name__ == "__main__":
    main()
