"""Rewrites office files (zips) made by LibreOffice so that they are byte-for-byte reproducible.

soffice stamps the time into the zip entries and the documents' metadata, and draws random ids
on every run. normalise() rewrites an archive with a fixed time, without the creation and
modification dates, and with the random ids replaced by counters. Used by make-files.sh and by
tests/checker/corpus/make-corpus.py.

    python3 office_normalise.py FILE...
"""
import re
import sys
import zipfile

DATES = re.compile(rb"<(dcterms:created|dcterms:modified|meta:creation-date|dc:date|"
                   rb"meta:editing-duration|meta:editing-cycles)[^>]*>[^<]*</\1>")


def renumber(pattern, data, fmt):
    """Random numbers soffice draws on every run — Writer's revision-save ids (Rsid), chart axis
    ids, the ids of slide-number fields — each replaced by a counter in order of appearance, so
    that references between them stay consistent."""
    ids = {}

    def sub(m):
        ids.setdefault(m.group(2), len(ids) + 1)
        return m.group(1) + fmt(ids[m.group(2)]) + m.group(3)
    return re.sub(pattern, sub, data)


def normalise(path):
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for name, data in entries:
            if name in ("docProps/core.xml", "meta.xml"):
                data = DATES.sub(b"", data)
            if name == "settings.xml":
                data = renumber(rb'(config:name="Rsid(?:Root)?" config:type="int">)(\d+)(<)',
                                data, lambda n: b"0")
            if name.startswith("xl/charts/"):
                data = renumber(rb'(<c:(?:axId|crossAx) val=")(\d+)(")', data,
                                lambda n: b"%d" % n)
            if name.startswith("ppt/slides/"):
                data = renumber(rb'(<a:fld id="\{)([0-9A-F-]+)(\})', data,
                                lambda n: b"00000000-0000-0000-0000-%012d" % n)
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            # ODF wants its mimetype entry first and stored; the order of `entries` is kept.
            info.compress_type = (zipfile.ZIP_STORED if name == "mimetype"
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            out.writestr(info, data)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        normalise(p)
