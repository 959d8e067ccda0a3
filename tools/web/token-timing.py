#!/usr/bin/env python3
"""Times 404 answers for unknown and for revoked feed tokens on a running `taper serve`.

    tools/web/token-timing.py BASE_URL REVOKED_TOKEN [ROUNDS]

Interleaves the two kinds of request on one keep-alive connection and prints the median and the 10th/90th
percentiles of each, in microseconds. Unknown and revoked tokens take the same path (one indexed lookup of the
token's SHA-256, then a constant-time comparison), so the medians should differ by less than the spread.
"""
import http.client
import os
import statistics
import sys
import time
import urllib.parse


def main() -> None:
    base, revoked = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    times = {"unknown": [], "revoked": []}
    for i in range(rounds):
        for kind in ("unknown", "revoked") if i % 2 == 0 else ("revoked", "unknown"):
            token = os.urandom(16).hex() if kind == "unknown" else revoked
            start = time.perf_counter_ns()
            conn.request("GET", f"/feeds/{token}.ics")
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter_ns() - start) / 1000
            if response.status != 404:
                sys.exit(f"{kind} token answered {response.status}, not 404")
            if i >= rounds // 10:  # warm-up excluded
                times[kind].append(elapsed)
    for kind, values in times.items():
        q = statistics.quantiles(values, n=10)
        print(f"{kind:8} n={len(values)} median={statistics.median(values):.0f}us p10={q[0]:.0f}us p90={q[-1]:.0f}us")
    diff = statistics.median(times["revoked"]) - statistics.median(times["unknown"])
    print(f"median difference (revoked - unknown): {diff:+.0f}us")


if __name__ == "__main__":
    main()
