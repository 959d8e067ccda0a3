#!/usr/bin/env python3
"""Load on loopback, measured beside nginx (issue 18): wrk with 200 connections, SECONDS (default 20) a run.

    tools/web/load.py [--seconds 20] [--connections 200] [--memory-runs 10]

In one run, on the same machine, each against the same bytes:
  1. nginx serving the feed as a static file (the ceiling);
  2. a Taper feed, SQLite store;          3. the same on PostgreSQL;
  4. two Taper processes on PostgreSQL behind nginx (tools/web/nginx-taper.conf);
  5. the plan page (signed in with the access token as a bearer), SQLite;  6. the same on PostgreSQL;
  7. a feed's latency while 8 PDF downloads of plans not yet rendered are rendering;
  8. the SQLite server's memory (VmRSS) after each of --memory-runs short runs.
Prints requests/s, p50 and p99 latency and errors for each, as a table, and the ratio to nginx.

Uses $TAPER, else the release build (.build-web/release or .build/release), else the debug build. Starts and
stops everything it uses (a throwaway PostgreSQL cluster through tools/db/pgcluster.py, nginx, the servers).
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "load-test-access-token-0123456789abcdef"
PLAN = "demo-severe-001"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def taper_binary():
    if os.environ.get("TAPER"):
        return os.environ["TAPER"]
    for c in [".build-web/release/taper", ".build/release/taper", ".build-web/debug/taper", ".build/debug/taper"]:
        path = os.path.join(ROOT, c)
        if os.access(path, os.X_OK):
            return path
    raise SystemExit("no taper binary: swift build -c release --scratch-path .build-web")


def get(url, headers=None, method="GET", data=None):
    req = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def wait_up(url):
    for _ in range(300):
        try:
            get(url)
            return
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def bearer():
    return {"Authorization": f"Bearer {TOKEN}"}


class Server:
    """A `taper serve` process."""

    def __init__(self, work, name, port, database=None, password_file=None, public=None, imports=()):
        self.port = port
        self.log = open(os.path.join(work, f"{name}.log"), "w")
        args = [taper_binary(), "serve", "--port", str(port), "--access-token-file", os.path.join(work, "token")]
        if database:
            args += ["--database", database, "--database-password-file", password_file]
        else:
            args += ["--data", os.path.join(work, f"{name}-data")]
        if public:
            args += ["--public-url", public, "--trusted-proxy", "127.0.0.1"]
        for f in imports:
            args += ["--import", f]
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        wait_up(self.base + "/login")

    def rss_kib(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def feed(self):
        status, body = get(self.base + f"/plans/{PLAN}/feeds", bearer(), method="POST", data=b"")
        token = re.search(rb"/feeds/([0-9a-f]{32})\.ics", body).group(1).decode()
        return f"/feeds/{token}.ics"


def wrk(url, seconds, connections, headers=()):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run(args + [url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": errors}


def nginx(work, name, body):
    """nginx as a static file server or as the front of two Taper processes; returns (process, port)."""
    prefix = os.path.join(work, name)
    os.makedirs(prefix, exist_ok=True)
    port = free_port()
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(body.replace("@PREFIX@", prefix).replace("@LISTEN@", f"127.0.0.1:{port}"))
    proc = subprocess.Popen(["nginx", "-p", prefix, "-c", conf, "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc, port


STATIC = """worker_processes 1;
pid @PREFIX@/nginx.pid;
error_log @PREFIX@/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path @PREFIX@/body; proxy_temp_path @PREFIX@/proxy; fastcgi_temp_path @PREFIX@/fastcgi;
  uwsgi_temp_path @PREFIX@/uwsgi; scgi_temp_path @PREFIX@/scgi;
  types { text/calendar ics; }
  server { listen @LISTEN@; root @PREFIX@/www; etag on; }
}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--memory-runs", type=int, default=10)
    args = parser.parse_args()
    for tool in ["wrk", "nginx"]:
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            raise SystemExit(f"{tool} is not installed: bash scripts/setup")
    work = tempfile.mkdtemp(prefix="taper-load-")
    os.chmod(work, 0o755)
    with open(os.path.join(work, "token"), "w") as f:
        f.write(TOKEN)
    os.chmod(os.path.join(work, "token"), 0o600)
    severe = os.path.join(ROOT, "Fixtures/plans/severe.yaml")
    # Eight more plans whose PDFs are not rendered yet, for the render-pool run.
    extra = []
    text = open(severe).read()
    for i in range(8):
        path = os.path.join(work, f"pdf-{i}.yaml")
        open(path, "w").write(text.replace("id: demo-severe-001", f"id: load-pdf-{i}"))
        extra.append(path)
    started, rows, notes = [], [], []
    try:
        pg = None
        if os.path.exists("/usr/lib/postgresql"):
            pw = os.path.join(work, "pgpassword")
            open(pw, "w").write("load-test-db-password")
            os.chmod(pw, 0o600)
            pgport = free_port()
            pg = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools/db/pgcluster.py"), "serve", "--dir",
                                   os.path.join(work, "pg"), "--port", str(pgport), "--password-file", pw],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            if pg.stdout.readline().strip() != "ready":
                raise SystemExit("PostgreSQL did not start")
        sqlite = Server(work, "sqlite", free_port(), imports=[severe] + extra)
        started.append(sqlite)
        feed_path = sqlite.feed()
        status, feed_bytes = get(sqlite.base + feed_path)
        www = os.path.join(work, "static", "www")
        os.makedirs(www)
        open(os.path.join(www, "feed.ics"), "wb").write(feed_bytes)
        static, static_port = nginx(work, "static", STATIC)
        started.append(static)
        print(f"binary: {taper_binary()}; feed {len(feed_bytes)} bytes; wrk -t2 -c{args.connections} "
              f"-d{args.seconds}s", flush=True)

        def run(name, url, headers=()):
            r = wrk(url, args.seconds, args.connections, headers)
            rows.append((name, r))
            print(f"  {name}: {r['rps']:.0f} req/s, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, "
                  f"errors {r['errors']}", flush=True)
            return r

        ceiling = run("nginx, the feed as a static file", f"http://127.0.0.1:{static_port}/feed.ics")
        run("Taper feed, SQLite", sqlite.base + feed_path)
        auth = [f"Authorization: Bearer {TOKEN}"]
        get(sqlite.base + f"/plans/{PLAN}", bearer())
        run("Taper plan page, SQLite", sqlite.base + f"/plans/{PLAN}", auth)
        if pg:
            database = f"postgres://taper@127.0.0.1:{pgport}/taper"
            front_port = free_port()
            public = f"http://127.0.0.1:{front_port}"
            a = Server(work, "pg-a", free_port(), database, pw, public, imports=[severe])
            started.append(a)
            b = Server(work, "pg-b", free_port(), database, pw, public)
            started.append(b)
            pg_feed = a.feed()
            run("Taper feed, PostgreSQL", a.base + pg_feed)
            get(a.base + f"/plans/{PLAN}", bearer())
            run("Taper plan page, PostgreSQL", a.base + f"/plans/{PLAN}", auth)
            conf = open(os.path.join(ROOT, "tools/web/nginx-taper.conf")).read().replace(
                "@UPSTREAMS@", f"server 127.0.0.1:{a.port};\n    server 127.0.0.1:{b.port};")
            prefix = os.path.join(work, "front")
            os.makedirs(prefix, exist_ok=True)
            conf_path = os.path.join(prefix, "nginx.conf")
            open(conf_path, "w").write(conf.replace("@PREFIX@", prefix).replace("@LISTEN@", f"127.0.0.1:{front_port}"))
            front = subprocess.Popen(["nginx", "-p", prefix, "-c", conf_path, "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            started.append(front)
            wait_up(public + "/login")
            run("two Taper processes behind nginx, PostgreSQL, feed", public + pg_feed)

        # A feed's latency while 8 PDFs render (each plan's first PDF: nothing cached).
        latencies = []
        done = threading.Event()

        def pdf(i):
            get(sqlite.base + f"/plans/load-pdf-{i}/revisions/1/schedule.pdf", bearer())

        threads = [threading.Thread(target=pdf, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            start = time.perf_counter()
            get(sqlite.base + feed_path)
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.02)
        for t in threads:
            t.join()
        latencies.sort()
        worst = latencies[-1] if latencies else 0
        print(f"  a feed while 8 PDFs render: {len(latencies)} requests, median "
              f"{latencies[len(latencies) // 2]:.1f} ms, worst {worst:.1f} ms", flush=True)
        notes.append(f"feed while 8 PDFs render: {len(latencies)} requests, worst {worst:.1f} ms")

        memory = []
        for _ in range(args.memory_runs):
            wrk(sqlite.base + feed_path, 3, args.connections)
            wrk(sqlite.base + f"/plans/{PLAN}", 2, 50, auth)
            memory.append(sqlite.rss_kib() // 1024)
        print(f"  SQLite server's memory after each of {args.memory_runs} runs (MiB): {memory}", flush=True)
        notes.append(f"memory (MiB) over {args.memory_runs} runs: {memory}")

        print()
        print("| run | requests/s | of nginx | p50 | p99 | errors |")
        print("|---|---|---|---|---|---|")
        for name, r in rows:
            print(f"| {name} | {r['rps']:.0f} | {100 * r['rps'] / ceiling['rps']:.0f} % | {r['p50']:.2f} ms | "
                  f"{r['p99']:.2f} ms | {r['errors']} |")
        for n in notes:
            print(f"- {n}")
    finally:
        for s in reversed(started):
            if isinstance(s, Server):
                s.stop()
            else:
                s.terminate()
                s.wait()
        if pg:
            pg.terminate()
            pg.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
