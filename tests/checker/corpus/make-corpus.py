#!/usr/bin/env python3
"""Makes the checker's corpus of candidates' work: for every entry of the *.mistakes files here,
a flat OpenDocument source with the entry's edits applied, converted by LibreOffice into both the
Microsoft format (.docx/.xlsx/.pptx) and OpenDocument (.odt/.ods/.odp), as TASK/NAME.EXT.

    python3 tests/checker/corpus/make-corpus.py [TASK...]

Needs soffice (Debian's libreoffice-{writer,calc,impress}-nogui). The output is checked in, so the
tests never need an office suite (tests/checker/corpus_test.cc reads the same *.mistakes files for
the marks each file must be proposed).

The format of a .mistakes file, one entry per typical mistake:

    [IU04-A thieu-tuyet-doi]
    about = Vùng tra cứu VLOOKUP không dùng địa chỉ tuyệt đối
    from = loi-giai.fods
    replace = [$BangGia.$A$2:.$C$6] => [$BangGia.A2:.C6]
    marks = 1:0.5 11:0.5
    total = 9

  [TASK NAME]  the task (a package of question-bank/data/practical) and the files' name
  about        what the candidate did wrong, for people
  from         the source: a file of question-bank/data/practical/src/TASK/, or src/FILE here
  replace      OLD => NEW: every occurrence of OLD (it must occur) becomes NEW; repeats, in order
  marks        the lines proposed less than full marks, CODE:MARK; `all:0` for every line 0
  total        the proposed total the files must get (the test checks it adds up)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PRACTICAL = os.path.join(ROOT, "question-bank", "data", "practical")
sys.path.insert(0, PRACTICAL)
from office_normalise import normalise  # noqa: E402

FILTERS = {
    ".fodt": [("docx", "docx:MS Word 2007 XML"), ("odt", "odt")],
    ".fods": [("xlsx", "xlsx:Calc MS Excel 2007 XML"), ("ods", "ods")],
    ".fodp": [("pptx", "pptx:Impress MS PowerPoint 2007 XML"), ("odp", "odp")],
}


def read_entries(path):
    entries = []
    entry = None
    for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\S+) (\S+)\]", line)
        if m:
            entry = {"task": m.group(1), "name": m.group(2), "replace": [], "where": f"{path}:{number}"}
            entries.append(entry)
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if entry is None or not sep:
            sys.exit(f"{path}:{number}: expected [TASK NAME] or key = value")
        if key == "replace":
            old, arrow, new = value.partition(" => ")
            if not arrow:
                sys.exit(f"{path}:{number}: replace is OLD => NEW")
            entry["replace"].append((old, new))
        elif key in ("about", "from", "marks", "total"):
            entry[key] = value
        else:
            sys.exit(f"{path}:{number}: unknown key {key}")
    return entries


def source_path(entry):
    name = entry["from"]
    if name.startswith("src/"):
        return os.path.join(HERE, name)
    return os.path.join(PRACTICAL, "src", entry["task"], name)


def make(entry, profile):
    src = source_path(entry)
    text = open(src, encoding="utf-8").read()
    for old, new in entry["replace"]:
        if old not in text:
            sys.exit(f"{entry['where']}: '{old}' does not occur in {src}")
        text = text.replace(old, new)
    ext = os.path.splitext(src)[1]
    work = os.path.join(profile, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    edited = os.path.join(work, entry["name"] + ext)
    open(edited, "w", encoding="utf-8").write(text)
    out_dir = os.path.join(HERE, entry["task"])
    os.makedirs(out_dir, exist_ok=True)
    for out_ext, filt in FILTERS[ext]:
        out = os.path.join(profile, "out")
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["soffice", "--headless", "--convert-to", filt, "--outdir", out, edited],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, HOME=profile))
        produced = os.listdir(out)
        if len(produced) != 1:
            sys.exit(f"{entry['where']}: soffice made {produced}")
        target = os.path.join(out_dir, f"{entry['name']}.{out_ext}")
        shutil.move(os.path.join(out, produced[0]), target)
        normalise(target)
        print(os.path.relpath(target, ROOT))


def main():
    if shutil.which("soffice") is None:
        sys.exit("make-corpus.py: soffice not found; apt-get install -y libreoffice-writer-nogui "
                 "libreoffice-calc-nogui libreoffice-impress-nogui")
    only = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as profile:
        for name in sorted(os.listdir(HERE)):
            if name.endswith(".mistakes"):
                for entry in read_entries(os.path.join(HERE, name)):
                    if not only or entry["task"] in only:
                        make(entry, profile)


if __name__ == "__main__":
    main()
