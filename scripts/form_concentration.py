#!/usr/bin/env python3
"""How concentrated each analyzed stem is on one written form, over the
Arabic news corpora: a candidate "is it a name?" signal for the story
cards' entities (crates/story/README.md, "Entities are not yet names").

A foreign name is written one way (سكريبال: 1.00, يوليا: 0.96, الجبير: 0.93),
a common noun in many (عقود 0.58, رخص 0.51, وظيف 0.30). Prints the share of
the most frequent written form, the occurrences and the number of forms for
each stem given on the command line, and writes all stems to --out.

With --fold, written forms are first normalized (`khabar analyze --stemmer none`) and the
proclitics before «ال» folded (بالعراق, والعراق, للعراق → العراق).

usage: $PY scripts/form_concentration.py [--fold] [--out conc.json] STEM...
"""
import argparse
import collections
import gzip
import json
import re
import subprocess

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\u0640\u064B-\u065F]+")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stems", nargs="*")
    parser.add_argument("--out")
    parser.add_argument("--khabar", default="target/release/khabar")
    parser.add_argument("--fold", action="store_true")
    arguments = parser.parse_args()
    word_counts = collections.Counter()
    for corpus in ("saudinewsnet", "ant-multisource"):
        with gzip.open(f"../shared/data/{corpus}.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                word_counts.update(ARABIC_WORD.findall((row.get("title") or "") + "\n" + (row.get("text") or "")))
    words = list(word_counts)
    stems = subprocess.run([arguments.khabar, "analyze", "--no-stopwords"], input="\n".join(words) + "\n",
                           capture_output=True, text=True, check=True).stdout.split("\n")
    written = words
    if arguments.fold:
        normalized = subprocess.run([arguments.khabar, "analyze", "--no-stopwords", "--stemmer", "none"],
                                    input="\n".join(words) + "\n", capture_output=True, text=True, check=True).stdout.split("\n")
        written = [re.sub(r"^[وف]?لل", "ال", re.sub(r"^[وف]?[بكل]?ال", "ال", form.strip())) for form in normalized[: len(words)]]
    forms_of_stem = collections.defaultdict(collections.Counter)
    for word, form, stem in zip(words, written, stems):
        stem = stem.strip()
        if stem and " " not in stem and form and " " not in form:
            forms_of_stem[stem][form] += word_counts[word]
    concentration = {}
    for stem, forms in forms_of_stem.items():
        total = sum(forms.values())
        if total >= 5:
            concentration[stem] = [round(forms.most_common(1)[0][1] / total, 4), total, len(forms)]
    if arguments.out:
        with open(arguments.out, "w", encoding="utf-8") as out:
            json.dump(concentration, out, ensure_ascii=False)
    for stem in arguments.stems:
        print(json.dumps({"stem": stem, "top_form_share_occurrences_forms": concentration.get(stem)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
