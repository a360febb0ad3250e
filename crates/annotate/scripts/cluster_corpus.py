#!/usr/bin/env python3
"""Writes the unlabeled news text that word clusters are learned from, one
paragraph a line, to a file outside the repository (the text itself is never
shipped; only cluster ids per word are):

    python3 crates/annotate/scripts/cluster_corpus.py ../shared /tmp/corpus.txt

Sources: BBC news (corpus/bbc), Wikinews samples (samples/wikinews.jsonl,
minus the articles of the gold file), PolNeAR train texts (research only),
CoNLL-2003 train sentences. Evaluation texts (the Wikinews gold, PolNeAR dev,
CoNLL valid) are left out so that clusters do not see them.
"""
import json
import os
import sys


def main(shared, out):
    gold_urls = set()
    with open(os.path.join(shared, "eval/wikinews.gold.jsonl")) as f:
        for line in f:
            if line.strip():
                gold_urls.add(json.loads(line).get("url"))
    n = 0
    with open(out, "w") as w:
        def put(text):
            nonlocal n
            for para in text.split("\n"):
                para = para.strip()
                if para:
                    w.write(para + "\n")
                    n += 1

        for root, _, files in sorted(os.walk(os.path.join(shared, "corpus/bbc"))):
            for name in sorted(files):
                if name.endswith(".txt") and not name.startswith("README"):
                    with open(os.path.join(root, name), errors="replace") as f:
                        put(f.read())
        with open(os.path.join(shared, "samples/wikinews.jsonl")) as f:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    if d.get("url") not in gold_urls:
                        put(d.get("title") or "")
                        put(d.get("body") or "")
        with open(os.path.join(shared, "eval/polnear/train.gold.jsonl")) as f:
            for line in f:
                if line.strip():
                    put(json.loads(line).get("text") or "")
        with open(os.path.join(shared, "eval/conll2003/train.txt")) as f:
            words = []
            for line in f:
                cols = line.split()
                if not cols:
                    if words:
                        w.write(" ".join(words) + "\n")
                        n += 1
                    words = []
                elif cols[0] != "-DOCSTART-":
                    words.append(cols[0])
    print(f"{n} lines to {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
