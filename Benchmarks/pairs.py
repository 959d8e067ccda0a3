"""Whole-process timing in pairs: runs command A and command B in turn (A B A B ...), each from its start to its
exit, and reports each one's median wall time and the median and range of the pair-by-pair ratio A/B. Pairing
keeps the ratio meaningful on a noisy machine whose speed drifts during the run.

    pairs.py N LABEL -- A... -- B...
prints one Markdown table row: | LABEL | A median | B median | A/B median | A/B min–max | N |
"""
import statistics
import subprocess
import sys
import time


def run(command):
    start = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"pairs.py: {' '.join(command)} exited with {done.returncode}")
    return elapsed


def main():
    n, label = int(sys.argv[1]), sys.argv[2]
    rest = sys.argv[3:]
    assert rest[0] == "--" and rest.count("--") == 2, "usage: pairs.py N LABEL -- A... -- B..."
    split = rest.index("--", 1)
    a, b = rest[1:split], rest[split + 1:]
    run(a), run(b)  # warm-up: page cache, first-run effects
    times_a, times_b, ratios = [], [], []
    for _ in range(n):
        ta, tb = run(a), run(b)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"| {label} | {ms(statistics.median(times_a))} | {ms(statistics.median(times_b))} | "
          f"{statistics.median(ratios):.2f}× | {min(ratios):.2f}–{max(ratios):.2f}× | {n} |")


main()
