#!/usr/bin/env python3
"""The plan builder's live preview, timed server side over HTTP on loopback (issue 19: under 150 ms for the
bundled severe plan).

    Benchmarks/preview.py TAPER [--runs 50] [--warmup 5]

Starts `TAPER serve` on a free loopback port with a throwaway data folder and an access token (a bearer needs no
CSRF token), reads the guideline pre-fill of the severe plan (group severe, line 1, the consider option added)
from GET /plans/new, fills it in as tools/web/builder_flow.py does (the patient, the taper as four rule rows, the
methotrexate escalation), and POSTs it with `action=preview`:
  - as the page's script does (header `Taper-Fragment: preview`: the preview panel alone), and
  - as the "Preview" button does without JavaScript (the whole page back).
Each response is checked (200, the taper chart and the first four weeks present, no "Not a plan yet") before
any timing counts. Prints one JSON line: median, p95, min and max in milliseconds for each, and the bytes.
"""
import argparse
import html.parser
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

TOKEN = "preview-bench-token-0123456789abcdef0123"


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send from `<form class="plan">` (checked boxes and radios only; the buttons
    are left out: the action is added by the caller)."""

    def __init__(self):
        super().__init__()
        self.inside, self.fields, self.select, self.textarea = False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = "plan" in (a.get("class") or "").split()
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append([name, a.get("value", "on")])
            elif kind not in ("submit", "button"):
                self.fields.append([name, a.get("value", "")])
        elif tag == "select" and name:
            self.select = [name, None]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or "selected" in a:
                self.select[1] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers={"Authorization": f"Bearer {TOKEN}", **(headers or {})})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read().decode()


def severe_form(base):
    _, page = request(f"{base}/plans/new?group=severe&line=1&add0=on")
    parser = FormFields()
    parser.feed(page)
    fields = dict((k, v or "") for k, v in parser.fields)
    fields.update({
        "plan.start": "2026-12-07", "clinic.name": "Rheumatology clinic", "clinic.phone": "+44 20 7946 0000",
        "clinic.prescriber": "Dr A. Example", "patient.label": "J. Smith", "patient.weight_kg": "70",
        "patient.age": "54", "patient.height_cm": "175", "patient.sex": "male",
        "medications[1].taper.kind": "rules", "rows:medications[1].taper.rules": "4",
        "medications[1].taper.hold_weeks": "4", "medications[1].taper.final_mg": "4",
        "medications[2].increase.by_mg": "2.5", "medications[2].increase.every_weeks": "2",
        "medications[2].increase.to_mg": "20",
    })
    for j, (above, reduce, every) in enumerate([("40", "10", "2"), ("20", "5", "2"), ("10", "2.5", "2"), ("0", "1", "4")]):
        fields[f"medications[1].taper.rules[{j}].above_mg"] = above
        fields[f"medications[1].taper.rules[{j}].reduce_mg"] = reduce
        fields[f"medications[1].taper.rules[{j}].every_weeks"] = every
    fields["action"] = "preview"
    return urllib.parse.urlencode(list(fields.items())).encode()


def timed(base, body, headers, runs, warmup):
    times, size = [], 0
    for i in range(warmup + runs):
        start = time.perf_counter()
        status, text = request(f"{base}/plans", data=body, headers=headers)
        elapsed = time.perf_counter() - start
        if status != 200 or "Taper chart and the first four weeks" not in text or "Not a plan yet" in text:
            raise SystemExit(f"preview did not plan (status {status}):\n{text[:2000]}")
        if i >= warmup:
            times.append(elapsed * 1000)
        size = len(text.encode())
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "min_ms": round(times[0], 1), "max_ms": round(times[-1], 1), "bytes": size, "runs": runs}


def main():
    args = argparse.ArgumentParser()
    args.add_argument("taper")
    args.add_argument("--runs", type=int, default=50)
    args.add_argument("--warmup", type=int, default=5)
    a = args.parse_args()
    work = tempfile.mkdtemp(prefix="taper-preview-bench-")
    token = os.path.join(work, "token")
    with open(token, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(token, 0o600)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([a.taper, "serve", "--data", os.path.join(work, "data"), "--port", str(port),
                               "--access-token-file", token], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                request(f"{base}/")
                break
            except OSError:
                time.sleep(0.05)
        body = severe_form(base)
        form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base}
        result = {
            "fragment": timed(base, body, {**form, "Taper-Fragment": "preview"}, a.runs, a.warmup),
            "page": timed(base, body, form, a.runs, a.warmup),
        }
        print(json.dumps(result))
    finally:
        server.terminate()
        server.wait(timeout=10)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
