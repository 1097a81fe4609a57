#!/usr/bin/env python3
"""A flame graph (SVG) and a top-down table from `perf script` output, with no other tool.

Debian has no flame-graph package and this machine has no internet, so this is the small part
of Brendan Gregg's method the benchmarks need: fold each sample's stack into one line
(root;...;leaf), count identical lines, draw one box per frame whose width is its share of
the samples. Only the samples of the process named with --comm are kept.

  perf record -F 999 -g -o perf.data -- COMMAND
  perf script -i perf.data | python3 tools/flamegraph.py --comm khaothi-server \
      --title "the start, 10,000 candidates" --svg docs/images/flame-start.svg --top 25

The table printed lists, for the frames that hold most samples inclusively, their share: that
is what the docs quote ("TLS handshake 41 %").
"""

import argparse
import collections
import html
import re
import sys
import zlib


def read_stacks(lines, comm):
    """Yields (frames root-first) for each sample of `comm` in `perf script` output."""
    header = None
    frames = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if header is not None and frames:
                yield list(reversed(frames))
            header, frames = None, []
            continue
        if header is None:
            header = line
            # "khaothi-server 1234 [001] 123.456: 1001001 cpu-clock:" — comm may hold spaces.
            name = re.split(r"\s+\d+(/\d+)?\s+", line.strip(), maxsplit=1)[0]
            if name != comm:
                header = "skip"
            continue
        if header == "skip":
            continue
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            continue
        symbol = parts[1]
        symbol = re.sub(r"\s+\([^)]*\)$", "", symbol)  # the "(/usr/lib/...so)" tail
        symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
        frames.append(simplify(symbol))
    if header not in (None, "skip") and frames:
        yield list(reversed(frames))


def simplify(symbol):
    """Shortens C++ names: drops argument lists and template arguments so boxes stay legible."""
    if symbol == "[unknown]":
        return symbol
    out, depth = [], 0
    for ch in symbol:
        if ch in "<(":
            depth += 1
        elif ch in ">)" and depth > 0:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    s = "".join(out).strip()
    return s or symbol


def fold(stacks):
    counts = collections.Counter()
    for frames in stacks:
        counts[";".join(frames)] += 1
    return counts


class Node:
    __slots__ = ("name", "count", "children")

    def __init__(self, name):
        self.name, self.count, self.children = name, 0, {}


def build_tree(folded):
    root = Node("all")
    for line, n in folded.items():
        root.count += n
        node = root
        for frame in line.split(";"):
            node = node.children.setdefault(frame, Node(frame))
            node.count += n
    return root


def colour(name):
    h = zlib.crc32(name.encode())
    return "rgb(%d,%d,%d)" % (205 + h % 50, 80 + (h >> 8) % 120, 40 + (h >> 16) % 40)


def svg(root, title, width=1200, row=16):
    boxes = []

    def walk(node, x, depth):
        w = node.count / root.count * width
        if w < 0.3:
            return
        boxes.append((x, depth, w, node))
        cx = x
        for child in sorted(node.children.values(), key=lambda c: c.name):
            walk(child, cx, depth + 1)
            cx += child.count / root.count * width

    walk(root, 0.0, 0)
    depth = max(d for _, d, _, _ in boxes) + 1
    height = depth * row + 40
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" '
        'font-size="11">' % (width, height),
        '<text x="%d" y="18" text-anchor="middle" font-size="14">%s (%d samples)</text>'
        % (width / 2, html.escape(title), root.count),
    ]
    for x, d, w, node in boxes:
        y = height - (d + 1) * row
        share = 100.0 * node.count / root.count
        label = node.name if w > 7 * len(node.name) else node.name[: max(0, int(w / 7) - 2)] + ".."
        out.append(
            '<g><title>%s — %d samples, %.1f %%</title><rect x="%.1f" y="%d" width="%.1f" '
            'height="%d" fill="%s" rx="2"/>%s</g>'
            % (html.escape(node.name), node.count, share, x, y, w, row - 1, colour(node.name),
               '<text x="%.1f" y="%d">%s</text>' % (x + 3, y + row - 4, html.escape(label))
               if w > 21 else ""))
    out.append("</svg>")
    return "\n".join(out)


def inclusive(root):
    """Inclusive samples per frame name, counting a frame once per stack (recursion-safe)."""
    totals = collections.Counter()

    def walk(node, seen):
        fresh = node.name not in seen
        if fresh:
            totals[node.name] += node.count
            seen = seen | {node.name}
        for child in node.children.values():
            walk(child, seen)

    for child in root.children.values():
        walk(child, frozenset())
    return totals


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--comm", required=True, help="process name whose samples are kept")
    p.add_argument("--title", default="")
    p.add_argument("--svg", help="write the flame graph here")
    p.add_argument("--top", type=int, default=20, help="rows of the inclusive table")
    p.add_argument("--match", action="append", default=[],
                   help="also print the inclusive share of frames containing this text")
    a = p.parse_args()
    folded = fold(read_stacks(sys.stdin, a.comm))
    if not folded:
        sys.exit("flamegraph.py: no samples of %r in the input" % a.comm)
    root = build_tree(folded)
    if a.svg:
        with open(a.svg, "w", encoding="utf-8") as f:
            f.write(svg(root, a.title or a.comm))
    totals = inclusive(root)
    print("%d samples of %s" % (root.count, a.comm))
    for name, n in totals.most_common(a.top):
        print("  %5.1f %%  %s" % (100.0 * n / root.count, name))
    for text in a.match:
        n = sum(c for line, c in folded.items() if text in line)
        print("  %5.1f %%  (any frame containing %r)" % (100.0 * n / root.count, text))


if __name__ == "__main__":
    main()
