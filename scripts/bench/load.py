#!/usr/bin/env python3
"""HTTP load, side by side: quotewire and Datasette serving the same SQLite file.

For each typical query, runs `wrk` against quotewire's endpoint and then against
Datasette's JSON API with the equivalent query, in the same run, and prints a
Markdown table of requests/s and latency percentiles.

Setup on a 2-core machine: one server running at a time; by default the server
and wrk (2 threads) share both cores as they would in use. With `--pin` each
server is pinned to CPU 1 (`taskset -c 1`) and wrk (1 thread) to CPU 0. Datasette runs with its best settings for
this: immutable mode (`-i`), `--setting suggest_facets off`, and every request with
`_nocount=1&_nofacet=1&_shape=array` (table views) or `_shape=array` (SQL).

Usage:
  load.py --db /work/bench/c100k.db --bin target/release/quotewire \
      [--duration 10] [--connections 16] [--only quotewire|datasette] [--latency-only] [--pin]
      [--match TEXT]

`--latency-only` runs wrk with one connection per query against quotewire only
(the per-query p50/p99 of the size table in BENCHMARKS.md).
"""

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

QW_PORT = 3900
DS_PORT = 8900


def pick(db):
    """Representative ids and terms from the database itself."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cur = con.cursor()
    speaker = cur.execute(
        "SELECT speaker_entity_id FROM quotes WHERE speaker_entity_id IS NOT NULL "
        "GROUP BY speaker_entity_id ORDER BY count(*) DESC LIMIT 1 OFFSET 20"
    ).fetchone()[0]
    entity = cur.execute(
        "SELECT id FROM entities WHERE kind = 'location' ORDER BY mention_count DESC LIMIT 1 OFFSET 5"
    ).fetchone()[0]
    n = cur.execute("SELECT max(id) FROM articles").fetchone()[0]
    con.close()
    return {"speaker": speaker, "entity": entity, "articles": n}


def queries(p):
    s, e = p["speaker"], p["entity"]
    art_cols = ("a.id, a.title, a.body, a.url, a.byline, a.source, a.dateline, a.published_at, "
                "a.language, a.annotator_version, a.created_at, a.updated_at, a.quote_count, a.entity_count")
    excerpt_cols = art_cols.replace("a.body", "substr(a.body, 1, 301) AS excerpt")
    q_cols = ("q.id, q.article_id, q.kind, q.start, q.\"end\", q.text, q.speaker, q.speaker_entity_id, "
              "q.speaker_start, q.speaker_end, q.speaker_text, q.cue_start, q.cue_end, q.cue_text, q.role, "
              "q.origin, q.sort_key")
    ds_table = "_size=20&_nocount=1&_nofacet=1&_shape=array"
    # quotewire ranks the 1,000 most recently stored matches when q is the only
    # filter (store::fts::RANK_WINDOW); Datasette is given both the full ranking
    # and the same window, so that one row compares equal work and results.
    window = 1000

    def sql(text, **params):
        qs = urllib.parse.urlencode({"sql": text, **params, "_shape": "array"})
        return f"/db.json?{qs}"

    return [
        ("quotes by speaker",
         f"/api/quotes?speaker={s}&limit=20",
         f"/db/quotes.json?speaker_entity_id={s}&_sort_desc=sort_key&{ds_table}"),
        # List items hold an excerpt, not the body (API 0.2.0): Datasette is given
        # the same 301 characters of each body, and the whole bodies for `fields=body`.
        ("articles by entity in a date range (excerpts)",
         f"/api/articles?entity={e}&from=2010-01-01&to=2019-12-31&limit=20",
         sql(f"SELECT {excerpt_cols} FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
             "WHERE ae.entity_id = :e AND ae.sort_key >= '2010-01-01' AND ae.sort_key <= '2019-12-31~' "
             "ORDER BY ae.sort_key DESC, ae.article_id DESC LIMIT 20", e=e)),
        ("articles by entity in a date range, whole bodies (fields=body)",
         f"/api/articles?entity={e}&from=2010-01-01&to=2019-12-31&limit=20&fields=body",
         sql(f"SELECT {art_cols} FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
             "WHERE ae.entity_id = :e AND ae.sort_key >= '2010-01-01' AND ae.sort_key <= '2019-12-31~' "
             "ORDER BY ae.sort_key DESC, ae.article_id DESC LIMIT 20", e=e)),
        ("full text over articles (q=election)",
         "/api/articles?q=election&limit=20",
         sql(f"SELECT {art_cols} FROM (SELECT rowid AS rid, bm25(articles_fts, 5.0, 1.0) AS score "
             "FROM articles_fts WHERE articles_fts MATCH :q) f JOIN articles a ON a.id = f.rid "
             "ORDER BY f.score, a.id LIMIT 20", q='"election"')),
        ("full text over articles, Datasette ranking the same window",
         "/api/articles?q=election&limit=20",
         sql(f"SELECT {art_cols} FROM (SELECT rowid AS rid, bm25(articles_fts, 5.0, 1.0) AS score "
             "FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rowid DESC LIMIT "
             f"{window}) f JOIN articles a ON a.id = f.rid ORDER BY f.score, a.id LIMIT 20", q='"election"')),
        ("full text over quotes (q=growth)",
         "/api/quotes?q=growth&limit=20",
         sql(f"SELECT {q_cols} FROM (SELECT rowid AS rid, bm25(quotes_fts) AS score FROM quotes_fts "
             "WHERE quotes_fts MATCH :q) f JOIN quotes q ON q.id = f.rid ORDER BY f.score, q.id LIMIT 20",
             q='"growth"')),
        ("full text over quotes, Datasette ranking the same window",
         "/api/quotes?q=growth&limit=20",
         sql(f"SELECT {q_cols} FROM (SELECT rowid AS rid, bm25(quotes_fts) AS score FROM quotes_fts "
             f"WHERE quotes_fts MATCH :q ORDER BY rowid DESC LIMIT {window}) f JOIN quotes q ON q.id = f.rid "
             "ORDER BY f.score, q.id LIMIT 20", q='"growth"')),
        # Datasette's own full-text filter (`_search`) keeps the table's order; the
        # same results from quotewire are sort=newest.
        ("full text over articles, newest first (Datasette _search)",
         "/api/articles?q=election&sort=newest&limit=20",
         f"/db/articles.json?_search=election&_sort_desc=sort_key&{ds_table}"),
        ("full text over quotes, newest first (Datasette _search)",
         "/api/quotes?q=growth&sort=newest&limit=20",
         f"/db/quotes.json?_search=growth&_sort_desc=sort_key&{ds_table}"),
        ("entities by mentions",
         "/api/entities?limit=20",
         f"/db/entities.json?mention_count__gte=1&_sort_desc=mention_count&{ds_table}"),
        ("deep page (articles, newest first, page 200)",
         "DEEP_QW",
         "DEEP_DS"),
    ]


def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read(), r.headers


def deep_cursor_qw(pages):
    path = "/api/articles?limit=20"
    for _ in range(pages):
        body, _ = get(f"http://127.0.0.1:{QW_PORT}{path}")
        nxt = json.loads(body)["next_cursor"]
        path = "/api/articles?limit=20&cursor=" + urllib.parse.quote(nxt)
    return path


def wait_up(url, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        try:
            get(url)
            return
        except Exception:
            time.sleep(0.3)
    sys.exit(f"{url} did not come up")


PIN = False


def on_cpu(cpu, cmd):
    return ["taskset", "-c", str(cpu), *cmd] if PIN else cmd


def wrk(url, duration, connections):
    threads = "-t1" if PIN or connections == 1 else "-t2"
    out = subprocess.run(
        on_cpu(0, ["wrk", threads, f"-c{connections}", f"-d{duration}s", "--latency", url]),
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "non2xx": int(errors.group(1)) if errors else 0}


def check(url):
    """Size of the answer and its row ids."""
    body, _ = get(url)
    return len(body), ids(body)


def ids(body):
    """Row ids of either server's page, to check that both answer the same."""
    data = json.loads(body)
    rows = data["data"] if isinstance(data, dict) else data
    return [r["id"] for r in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--bin", default="target/release/quotewire")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--deep", type=int, default=200)
    ap.add_argument("--only", choices=["quotewire", "datasette"])
    ap.add_argument("--latency-only", action="store_true")
    ap.add_argument("--pin", action="store_true", help="server on CPU 1, wrk on CPU 0")
    ap.add_argument("--match", help="only the queries whose name contains this text")
    args = ap.parse_args()
    global PIN
    PIN = args.pin

    subprocess.run(["sqlite3", args.db, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, capture_output=True)
    p = pick(args.db)
    qs = [q for q in queries(p) if args.match is None or args.match in q[0]]
    print(f"db={args.db} speaker={p['speaker']} entity={p['entity']} articles={p['articles']}", file=sys.stderr)
    results = {}
    env = dict(os.environ, RUST_LOG="warn", QUOTEWIRE_NO_SAMPLES="1")

    if args.only != "datasette":
        server = subprocess.Popen(
            on_cpu(1, [args.bin, "serve", "--database-url", f"sqlite://{args.db}",
                       "--bind", f"127.0.0.1:{QW_PORT}", "--no-samples"]),
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(f"http://127.0.0.1:{QW_PORT}/healthz")
            for name, qw, _ in qs:
                path = deep_cursor_qw(args.deep) if qw == "DEEP_QW" else qw
                url = f"http://127.0.0.1:{QW_PORT}{path}"
                size, rows = check(url)
                conns = 1 if args.latency_only else args.connections
                results.setdefault(name, {})["quotewire"] = dict(
                    wrk(url, args.duration, conns), bytes=size, path=path, ids=rows)
                print(name, "quotewire", results[name]["quotewire"], file=sys.stderr)
        finally:
            server.terminate()
            server.wait()

    if args.only != "quotewire" and not args.latency_only:
        # The file's name is the database name in Datasette's URLs.
        dbname = os.path.splitext(os.path.basename(args.db))[0]
        # Datasette finds an external-content FTS table only when its SQL spells
        # `content="table"` without spaces; name ours so that `_search` works
        # (without it Datasette ignores `_search` and returns unfiltered rows).
        fts = {t: {"fts_table": f"{t}_fts", "fts_pk": "id"} for t in ("articles", "quotes")}
        metadata = os.path.join(os.path.dirname(os.path.abspath(args.db)), f"{dbname}.datasette.json")
        with open(metadata, "w") as f:
            json.dump({"databases": {dbname: {"tables": fts}}}, f)
        server = subprocess.Popen(
            on_cpu(1, ["datasette", "serve", "-i", args.db, "--port", str(DS_PORT), "--metadata", metadata,
                       "--setting", "suggest_facets", "off", "--setting", "sql_time_limit_ms", "20000",
                       "--setting", "max_returned_rows", "1000"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(f"http://127.0.0.1:{DS_PORT}/-/versions.json")
            for name, _, ds in qs:
                path = deep_cursor_ds_named(args.deep, dbname) if ds == "DEEP_DS" else ds.replace("/db", f"/{dbname}", 1)
                url = f"http://127.0.0.1:{DS_PORT}{path}"
                size, rows = check(url)
                results.setdefault(name, {})["datasette"] = dict(
                    wrk(url, args.duration, args.connections), bytes=size, path=path, ids=rows)
                print(name, "datasette", results[name]["datasette"], file=sys.stderr)
        finally:
            server.terminate()
            server.wait()

    print(json.dumps(results, indent=1))
    print()
    if args.latency_only:
        print("| query | p50 ms | p99 ms | req/s (1 connection) |")
        print("|---|---:|---:|---:|")
        for name, r in results.items():
            q = r["quotewire"]
            print(f"| {name} | {q['p50']:.2f} | {q['p99']:.2f} | {q['rps']:.0f} |")
        return
    print("| query | quotewire req/s | quotewire p99 ms | Datasette req/s | Datasette p99 ms | ratio | same rows |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, r in results.items():
        q, d = r.get("quotewire"), r.get("datasette")
        ratio = f"{q['rps'] / d['rps']:.0f}x" if q and d and d["rps"] else "-"
        fq = f"{q['rps']:.0f} | {q['p99']:.2f}" if q else "- | -"
        fd = f"{d['rps']:.0f} | {d['p99']:.2f}" if d else "- | -"
        # As sets: on equal sort keys Datasette orders by id ascending, quotewire descending.
        same = ("yes" if sorted(q["ids"]) == sorted(d["ids"]) else "no") if q and d else "-"
        print(f"| {name} | {fq} | {fd} | {ratio} | {same} |")


def deep_cursor_ds_named(pages, dbname):
    base = f"/{dbname}/articles.json?_sort_desc=sort_key&_size=20&_nocount=1&_nofacet=1"
    path = base + "&_shape=objects"
    for _ in range(pages):
        body, _ = get(f"http://127.0.0.1:{DS_PORT}{path}")
        nxt = json.loads(body)["next"]
        path = base + "&_shape=objects&_next=" + urllib.parse.quote(nxt)
    return path.replace("_shape=objects", "_shape=array")


if __name__ == "__main__":
    main()
