#!/usr/bin/env python3
"""Concurrent writers and readers against a running server, for a fixed time:
8 clients editing one article's body, 4 editing quotes, 4 posting new articles
and 4 reading; prints every (kind, status) count. Any 5xx or dropped connection
is a failure (exit 1).

    target/release/quotewire serve --database-url sqlite:///tmp/edits.db --bind 127.0.0.1:3111 &
    python3 scripts/bench/concurrent_edits.py --base http://127.0.0.1:3111 --seconds 10

Needs an article with id `--article` (default 1) and at least 4 quotes in the
database (the bundled samples have both). Without a token (loopback default).
"""
import argparse
import collections
import json
import sys
import threading
import time
import urllib.error
import urllib.request


def request(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError as e:
        return "dropped:" + type(e).__name__


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:3111")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--article", type=int, default=1)
    args = ap.parse_args()
    # Quotes of other articles: the body edits replace the edited article's own.
    with urllib.request.urlopen(args.base + "/api/quotes?limit=50") as r:
        quotes = [q["id"] for q in json.load(r)["data"] if q.get("article_id") != args.article][:4]
    if len(quotes) < 4:
        sys.exit("needs at least 4 quotes in the database")
    counts = collections.Counter()
    lock = threading.Lock()
    until = time.time() + args.seconds

    def worker(kind, i):
        n = 0
        while time.time() < until:
            n += 1
            if kind == "body edit":
                body = {"body": f"\u201cRound {i}-{n},\u201d Ana Ruiz said. The port reopened on day {n}."}
                status = request(args.base, "PATCH", f"/api/articles/{args.article}", body)
            elif kind == "quote edit":
                status = request(args.base, "PATCH", f"/api/quotes/{quotes[i]}", {"role": f"r{i}-{n}"})
            elif kind == "post":
                body = {"body": f"Load article {i}-{n}-{time.time()}. \u201cWe will stay,\u201d said Maria Lopez.",
                        "title": "load"}
                status = request(args.base, "POST", "/api/articles", body)
            else:
                status = request(args.base, "GET", "/api/articles?q=said&limit=5")
            with lock:
                counts[(kind, status)] += 1

    threads = [threading.Thread(target=worker, args=(kind, i))
               for kind, n in [("body edit", 8), ("quote edit", 4), ("post", 4), ("read", 4)]
               for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = 0
    for (kind, status), n in sorted(counts.items(), key=str):
        print(f"{kind:10} {status}: {n}")
        if not isinstance(status, int) or status >= 500:
            failed += n
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
