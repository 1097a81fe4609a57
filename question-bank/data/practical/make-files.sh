#!/usr/bin/env bash
# Makes the office files of the centre's practical task packages (docs/practical.md) from their
# sources in src/, then writes each listed file's size and SHA-256 into the package's task.txt.
#
#   bash question-bank/data/practical/make-files.sh
#
# Needs LibreOffice (soffice: Debian's libreoffice-{writer,calc,impress}-nogui) and python3. The
# sources are flat OpenDocument XML (.fodt, .fods, .fodp) written by hand; soffice converts them
# to the Microsoft formats candidates are given (.docx, .xlsx, .pptx) and, for the model
# solutions, to OpenDocument as well. The output is checked in, so building and testing khaothi
# never needs an office suite.
#
# The files are byte-for-byte reproducible with the same LibreOffice version: office_normalise.py
# removes the times and random ids soffice writes.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v soffice > /dev/null; then
  echo "make-files.sh: soffice not found; apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui" >&2
  exit 1
fi

# soffice keeps a profile under $HOME; a throwaway one keeps the output independent of the user's.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# convert SOURCE FILTER PACKAGE NAME: src/SOURCE converted with FILTER into PACKAGE/NAME.
convert() {
  local source=$1 filter=$2 package=$3 name=$4
  local out="$profile/out"
  rm -rf "$out"
  HOME="$profile" soffice --headless --convert-to "$filter" --outdir "$out" "src/$source" > /dev/null 2>&1
  local produced
  produced=$(ls "$out")
  mv "$out/$produced" "$package/$name"
  normalise "$package/$name"
}

normalise() {
  python3 office_normalise.py "$1"
}

docx='docx:MS Word 2007 XML'
xlsx='xlsx:Calc MS Excel 2007 XML'
pptx='pptx:Impress MS PowerPoint 2007 XML'

tasks=(IU03-A IU03-B IU03-C IU04-A IU04-B IU04-C IU05-A IU05-B IU05-C)
for task in "${tasks[@]}"; do
  mkdir -p "$task"
done
convert IU03-A/thu-moi.fodt "$docx" IU03-A thu-moi.docx
convert IU03-A/loi-giai.fodt "$docx" IU03-A loi-giai.docx
convert IU03-A/loi-giai.fodt odt IU03-A loi-giai.odt
convert IU03-B/ban-tin.fodt "$docx" IU03-B ban-tin.docx
convert IU03-B/loi-giai.fodt "$docx" IU03-B loi-giai.docx
convert IU03-B/loi-giai.fodt odt IU03-B loi-giai.odt
convert IU03-C/quyet-dinh.fodt "$docx" IU03-C quyet-dinh.docx
convert IU03-C/loi-giai.fodt "$docx" IU03-C loi-giai.docx
convert IU03-C/loi-giai.fodt odt IU03-C loi-giai.odt
convert IU04-A/ban-hang.fods "$xlsx" IU04-A ban-hang.xlsx
convert IU04-A/loi-giai.fods "$xlsx" IU04-A loi-giai.xlsx
convert IU04-A/loi-giai.fods ods IU04-A loi-giai.ods
convert IU04-B/diem-hk1.fods "$xlsx" IU04-B diem-hk1.xlsx
convert IU04-B/loi-giai.fods "$xlsx" IU04-B loi-giai.xlsx
convert IU04-B/loi-giai.fods ods IU04-B loi-giai.ods
convert IU04-C/bang-luong.fods "$xlsx" IU04-C bang-luong.xlsx
convert IU04-C/loi-giai.fods "$xlsx" IU04-C loi-giai.xlsx
convert IU04-C/loi-giai.fods ods IU04-C loi-giai.ods
# IU05's starter, noi-dung.txt (the text of the slides), is written by hand in its package.
for task in IU05-A IU05-B IU05-C; do
  convert "$task/loi-giai.fodp" "$pptx" "$task" loi-giai.pptx
  convert "$task/loi-giai.fodp" odp "$task" loi-giai.odp
done

# The size and SHA-256 of every file a manifest lists, from the file itself.
python3 - "${tasks[@]}" << 'PY'
import hashlib, os, re, sys
line = re.compile(r"^(instructions|starter|solution)(\s*=\s*)(\S+)(\s.*)?$")
for task in sys.argv[1:]:
    manifest = os.path.join(task, "task.txt")
    out = []
    for text in open(manifest, encoding="utf-8").read().split("\n"):
        m = line.match(text)
        if m:
            data = open(os.path.join(task, m.group(3)), "rb").read()
            text = f"{m.group(1)}{m.group(2)}{m.group(3)} {len(data)} {hashlib.sha256(data).hexdigest()}"
        out.append(text)
    open(manifest, "w", encoding="utf-8").write("\n".join(out))
PY
echo "make-files.sh: the packages' files and their hashes are up to date."
