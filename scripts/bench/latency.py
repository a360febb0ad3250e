#!/usr/bin/env python3
"""Sequential latency of GET requests: p50/p99 per URL, warm (one warm-up round).

    python3 scripts/bench/latency.py --base http://127.0.0.1:3000 --n 200 \
        '/api/articles?q=government&facet=entity' '/api/quotes?limit=20'

Also prints each facet's `truncated`/`sampled` flags from the last answer, so a
figure is never read without knowing whether the facet finished.
"""
import argparse
import json
import time
import urllib.request


def get(url):
    with urllib.request.urlopen(url, timeout=60) as resp:
        return resp.status, resp.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:3000")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    print("| query | p50 ms | p99 ms | status | facets (truncated/sampled) |")
    print("| --- | --- | --- | --- | --- |")
    for path in args.paths:
        url = args.base + path
        get(url)
        times = []
        status, body = 0, b""
        for _ in range(args.n):
            t = time.perf_counter()
            status, body = get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p50 = times[len(times) // 2]
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        flags = ""
        try:
            facets = json.loads(body).get("facets") or {}
            flags = ", ".join(
                f"{k} {str(v.get('truncated')).lower()}/{str(v.get('sampled')).lower()}"
                for k, v in facets.items())
        except (ValueError, AttributeError):
            pass
        print(f"| `{path}` | {p50:.1f} | {p99:.1f} | {status} | {flags} |")


if __name__ == "__main__":
    main()
