"""Drives headless Chromium through the Chrome DevTools Protocol: it opens a page with a plan form, fills the
fields it is given, presses a submit button of the form (the form's own, so the browser sends the form with
its CSRF cookie), waits for the page that answers, saves a screenshot and prints the page's URL and text.

    browser_submit.py CHROMIUM URL FIELDS_JSON SCREENSHOT.png
prints {"url": ..., "text": ...} after pressing "save";

    browser_submit.py CHROMIUM URL --steps STEPS_JSON
runs each step [{"fields": {...}, "button": "preview", "screenshot": "a.png"}, ...] on the page the step before
ended on, and prints [{"url": ..., "text": ...}, ...]. A step may also say
  "navigate": URL      open URL first (then wait for the step's form, or for the page alone with "form": null);
  "form": SELECTOR     the form to wait for and fill (default "form.plan"; e.g. the identity provider's "form");
  "click": SELECTOR    the button to press (default: the plan form's button named action with the step's value);
  "submit": SCRIPT     instead of a click, JavaScript that sends a request from the page (e.g. a form it builds);
  "await": PREDICATE   the button is answered in place by the page's script (the builder's "Preview"): wait for
                       the JavaScript PREDICATE instead of a new page.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from websocket import create_connection


class CDPError(SystemExit):
    pass


def main(chromium, url, steps):
    profile = tempfile.mkdtemp(prefix="taper-cdp-")
    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1280,2400", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.time() > deadline or proc.poll() is not None:
                raise SystemExit("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(t for t in targets if t.get("type") == "page")
        ws = create_connection(page["webSocketDebuggerUrl"], timeout=30)
        counter = [0]

        def call(method, params=None):
            counter[0] += 1
            ws.send(json.dumps({"id": counter[0], "method": method, "params": params or {}}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == counter[0]:
                    if "error" in message:
                        raise CDPError(f"{method}: {message['error']}")
                    return message.get("result", {})

        def evaluate(expression):
            result = call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
            return result.get("result", {}).get("value")

        def wait_for(predicate, what):
            deadline = time.time() + 30
            while time.time() < deadline:
                try:
                    if evaluate(predicate):
                        return
                except CDPError:
                    pass  # the page is navigating (a redirect, a meta refresh): ask the next document

                time.sleep(0.1)
            page = evaluate("location.href + ' ' + (document.body ? document.body.innerText.slice(0, 300) : '')")
            raise SystemExit(f"timed out waiting for {what} (on {page})")

        call("Page.enable")
        call("Page.navigate", {"url": url})
        results = []
        for step in steps:
            if step.get("navigate"):
                evaluate("window.__taperStep = true")
                call("Page.navigate", {"url": step["navigate"]})
                wait_for("!window.__taperStep && document.readyState === 'complete'", "the page " + step["navigate"])
            form = step.get("form", "form.plan")
            if form is not None:
                wait_for("document.readyState === 'complete' && !!document.querySelector(" + json.dumps(form) + ")",
                         "a form " + form)
            elif not step.get("navigate"):
                wait_for("document.readyState === 'complete'", "the page")
            for name, value in step.get("fields", {}).items():
                selector = json.dumps('[name="%s"]' % name)
                found = evaluate(
                    "(() => { const el = document.querySelector(" + selector + ");"
                    " if (!el) return false; if (el.type === 'checkbox') el.checked = !!" + json.dumps(value) + ";"
                    " else el.value = " + json.dumps(value) + "; return true; })()")
                if not found:
                    raise SystemExit(f"no field named {name} on the page")
            button = step.get("button", "save")
            click = step.get("click", f"form.plan button[name=action][value={button}]")
            if form is not None or "click" in step or "submit" in step:
                # A marker on the old document: the step is done when a new document has loaded.
                evaluate("window.__taperStep = true")
                if "submit" in step:
                    clicked = evaluate("(() => { " + step["submit"] + "; return true; })()")
                else:
                    clicked = evaluate("(() => { const b = document.querySelector(" + json.dumps(click) + ");"
                                       " if (!b) return false; b.click(); return true; })()")
                if not clicked:
                    raise SystemExit(f"no button {click} on the page")
                if "await" in step:
                    # A button the page's script handles in place (the builder's "Preview"): no new document,
                    # the step is done when the predicate holds.
                    wait_for(step["await"], "the page to show " + step["await"])
                else:
                    wait_for("!window.__taperStep && document.readyState === 'complete'", "the next page")
            if step.get("screenshot"):
                shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
                with open(step["screenshot"], "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
            results.append({"url": evaluate("location.href"), "text": evaluate("document.body.innerText")})
        ws.close()
        print(json.dumps(results if len(steps) != 1 or "button" in steps[0] else results[0]))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[3] == "--steps":
        main(sys.argv[1], sys.argv[2], json.loads(sys.argv[4]))
    else:
        main(sys.argv[1], sys.argv[2], [{"fields": json.loads(sys.argv[3]), "screenshot": sys.argv[4]}])
