#!/usr/bin/env python3
"""Generates a large synthetic news corpus as NDJSON for `quotewire import`.

Each article recombines paragraphs of the BBC and Wikinews texts, with a varied
date (2000-2025), source, title and url, and adds attributed quote paragraphs
(`"...," said <Speaker>, <role>.`) and a dateline-like sentence naming a place and
an organization. Because the generator writes the text, it knows every span, so
each line carries its `annotations` (quotes and entities, code-point offsets):
the import stores them as given and does not run the engine. That makes the
corpus a test of the storage and query path at any size, independent of the
engine's speed and of its current version.

Speakers are drawn from a Zipf-like distribution over ~60,000 names, so a few
people are quoted very often and most rarely, as in real news. About a third of
the quotes name another person (`…, as <Name> knows`), drawn the same way from a
random stream of its own, so that `about=` has something to find and the rest of
the corpus is the same as without it.

Usage:
  gen_corpus.py --count 100000 --out /tmp/c100k.ndjson \
      [--bbc ../shared/corpus/bbc] [--wikinews ../shared/samples/wikinews.jsonl] [--seed 1]
"""

import argparse
import bisect
import json
import os
import random
import sys

FIRST = (
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard "
    "Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty "
    "Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle "
    "Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward "
    "Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric "
    "Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin "
    "Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond "
    "Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia "
    "Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan "
    "Walter Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline "
    "Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison Lawrence Frances "
    "Dylan Kathryn Jesse Janice Jordan Jean Bryan Abigail Billy Alice Joe Julia Bruce Judy Gabriel "
    "Sophia Logan Grace Albert Denise Willie Amber Alan Doris Juan Marilyn Wayne Danielle Elijah Beverly "
    "Randy Isabella Roy Theresa Vincent Diana Ralph Natalie Eugene Brittany Russell Charlotte Bobby "
    "Marie Mason Kayla Philip Alexis Louis Lori Nicolás Francisco José Zoë Søren Chloé Renée Jürgen"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker "
    "Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
    "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James "
    "Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster "
    "Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher "
    "Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno "
    "West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall "
    "Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb "
    "Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason "
    "Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren "
    "Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne "
    "Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight "
    "Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry "
    "Perkins Hoffman Johnston Matthews Peña Richards Willis Carpenter Lawrence Sandoval Torrealba "
    "Maduro Okafor Adeyemi Kowalski Nowak Müller Schröder Dubois Lefèvre Rossi Bianchi Yamamoto Tanaka"
).split()
ROLES = [
    "the finance minister", "a spokesperson for the company", "the chief executive",
    "an analyst at the bank", "the team's coach", "a senior official", "the party leader",
    "a union representative", "the mayor", "a local resident", "the committee chair",
    "the director of the museum", "a professor of economics", "the head of research",
]
CUES = ["said", "said", "said", "told reporters", "added", "warned", "explained", "argued"]
SOURCES = [
    "BBC News", "Wikinews", "Daily Ledger", "Morning Herald", "The Courier", "Evening Post",
    "Global Wire", "Metro Times", "The Observer Desk", "City Chronicle", "Valley Gazette",
    "Harbour Times", "Capital Report", "Northern Star", "Southern Cross", "Eastern Tribune",
    "Western Sun", "Pacific Daily", "Atlantic Review", "Continental News", "Labor News",
    "Business Daily", "Sports Weekly", "Tech Today", "Culture Monthly", "Policy Brief",
    "Regional Voice", "The Sentinel", "The Dispatch", "The Beacon",
]
ORG_KINDS = ["Corporation", "Group", "Holdings", "Council", "Union", "Institute", "Bank",
             "Association", "Party", "Foundation", "Football Club", "Authority"]


def paragraphs_from(args):
    paras = []
    if args.bbc and os.path.isdir(args.bbc):
        for root, _, files in os.walk(args.bbc):
            for f in sorted(files):
                if not f.endswith(".txt"):
                    continue
                with open(os.path.join(root, f), "rb") as fh:
                    raw = fh.read()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = raw.decode("latin-1")
                parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
                paras.extend(p for p in parts[1:] if len(p) > 40)
    if args.wikinews and os.path.exists(args.wikinews):
        with open(args.wikinews, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    body = json.loads(line).get("body", "")
                    paras.extend(p.strip() for p in body.split("\n\n") if len(p.strip()) > 40)
    if not paras:
        sys.exit("no source paragraphs: pass --bbc and/or --wikinews")
    return paras


def sentences(paras):
    out = []
    for p in paras:
        for s in p.replace("\n", " ").split(". "):
            s = s.strip().strip('"“”')
            if 30 <= len(s) <= 220 and '"' not in s and "“" not in s and "”" not in s:
                out.append(s.rstrip("."))
    return out


def load_places(path):
    places = []
    try:
        with open(path, encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 5 and int(cols[5] or 0) > 200000:
                    places.append(cols[1])
    except OSError:
        pass
    return places or ["London", "Paris", "Caracas", "Lagos", "Tokyo", "Lima", "Berlin"]


class Zipf:
    """Rank r drawn with weight 1/(r+10)^0.9: a long tail with a few heavy hitters."""

    def __init__(self, n, rng):
        acc, self.cum = 0.0, []
        for r in range(n):
            acc += 1.0 / (r + 10) ** 0.9
            self.cum.append(acc)
        self.rng = rng

    def draw(self):
        return bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", default="-")
    ap.add_argument("--seed", type=int, default=1)
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.normpath(os.path.join(here, "..", "..", "..", "shared"))
    ap.add_argument("--bbc", default=os.path.join(shared, "corpus", "bbc"))
    ap.add_argument("--wikinews", default=os.path.join(shared, "samples", "wikinews.jsonl"))
    ap.add_argument("--places", default=os.path.join(shared, "gazetteers", "cities15000.tsv"))
    args = ap.parse_args()

    rng = random.Random(args.seed)
    paras = paragraphs_from(args)
    sents = sentences(paras)
    places = load_places(args.places)
    people = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(people)
    orgs = [f"{w} {k}" for w in LAST[:120] for k in ORG_KINDS]
    rng.shuffle(orgs)
    pick_person = Zipf(len(people), rng)
    pick_org = Zipf(len(orgs), rng)
    pick_place = Zipf(len(places), rng)
    about_rng = random.Random(args.seed + 7919)
    pick_about = Zipf(len(people), about_rng)

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for n in range(args.count):
        year = rng.randint(2000, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        source = SOURCES[rng.randrange(len(SOURCES))]
        body = ""
        entities = {}  # (kind, name) -> mentions
        quotes = []

        def add(text):
            nonlocal body
            if body:
                body += "\n\n"
            start = len(body)
            body += text
            return start

        place = places[pick_place.draw()]
        org = orgs[pick_org.draw()]
        lead = f"Officials of the {org} met in {place} on Tuesday, article {n} reports."
        at = add(lead)
        o = at + len("Officials of the ")
        entities.setdefault(("organization", org), []).append((o, o + len(org), org))
        p = lead.index(place)
        entities.setdefault(("location", place), []).append((at + p, at + p + len(place), place))

        for _ in range(rng.randint(3, 6)):
            add(paras[rng.randrange(len(paras))])
            if rng.random() < 0.6:
                speaker = people[pick_person.draw()]
                words = sents[rng.randrange(len(sents))]
                about = people[pick_about.draw()] if about_rng.random() < 0.35 else None
                if about:
                    words = f"{words}, as {about} knows"
                cue = CUES[rng.randrange(len(CUES))]
                role = ROLES[rng.randrange(len(ROLES))]
                text = f"\u201c{words},\u201d {cue} {speaker}, {role}."
                at = add(text)
                q_start, q_end = at + 1, at + 1 + len(words)
                c_start = at + len(words) + 4
                s_start = c_start + len(cue) + 1
                quotes.append({
                    "kind": "direct", "start": q_start, "end": q_end, "text": words,
                    "speaker": speaker,
                    "speaker_mention": {"start": s_start, "end": s_start + len(speaker), "text": speaker},
                    "cue": {"start": c_start, "end": c_start + len(cue), "text": cue},
                    "role": role,
                })
                entities.setdefault(("person", speaker), []).append(
                    (s_start, s_start + len(speaker), speaker))
                if about:
                    a_start = q_end - len(" knows") - len(about)
                    entities.setdefault(("person", about), []).append(
                        (a_start, a_start + len(about), about))
        title_words = sents[rng.randrange(len(sents))].split()[:8]
        article = {
            "title": " ".join(title_words),
            "source": source,
            "published_at": date,
            "url": f"https://news.example.org/{year}/{n}",
            "body": body,
            "annotations": {
                "quotes": quotes,
                "entities": [
                    {"kind": k, "name": name,
                     "mentions": [{"start": s, "end": e, "text": t} for (s, e, t) in ms]}
                    for (k, name), ms in entities.items()
                ],
            },
        }
        out.write(json.dumps(article, ensure_ascii=False))
        out.write("\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
