#!/usr/bin/env python3
"""Writes the seeds of office_xml_fuzzer: for every package it wraps (in the order of
office_xml_fuzzer.cc) and every XML entry of it, [package byte][entry byte][the entry's XML].

    python3 tests/fuzz/make-office-xml-seeds.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PRACTICAL = os.path.join(HERE, "..", "..", "question-bank", "data", "practical")
PACKAGES = ["IU03-A/loi-giai.docx", "IU03-A/loi-giai.odt", "IU04-A/loi-giai.xlsx",
            "IU04-A/loi-giai.ods", "IU05-A/loi-giai.pptx", "IU05-A/loi-giai.odp"]
OUT = os.path.join(HERE, "office_xml_corpus")
os.makedirs(OUT, exist_ok=True)
for p, package in enumerate(PACKAGES):
    with zipfile.ZipFile(os.path.join(PRACTICAL, package)) as z:
        xml = [n for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")]
        for e, name in enumerate(xml):
            seed = bytes([p, e]) + z.read(name)
            label = package.replace("/", "-") + "-" + name.replace("/", "-")
            with open(os.path.join(OUT, label), "wb") as f:
                f.write(seed)
print(f"make-office-xml-seeds.py: {len(os.listdir(OUT))} seeds in {OUT}")
