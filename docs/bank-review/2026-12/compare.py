#!/usr/bin/env python3
"""Compares reviewers' answers with the keys. Usage: compare.py BANKDIR ANSWERS..."""
import os, re, sys
bank = sys.argv[1]
keys = {}
for f in os.listdir(bank):
    if not f.endswith('.bank'): continue
    cur = None
    for line in open(os.path.join(bank, f), encoding='utf-8'):
        m = re.match(r'^\[([A-Za-z0-9._-]+)\]', line)
        if m: cur = m.group(1); continue
        m = re.match(r'^key:\s*([A-F])', line)
        if m and cur: keys[cur] = m.group(1)
per, bad = {}, []
for path in sys.argv[2:]:
    for line in open(path, encoding='utf-8'):
        p = line.split(maxsplit=3)
        if len(p) < 3 or not re.match(r'IU\d\d-\d{4}$', p[0]): continue
        iid, ans, conf = p[0], p[1], p[2]
        mod = iid[:4]
        s = per.setdefault(mod, [0, 0])
        s[0] += 1
        if keys.get(iid) == ans: s[1] += 1
        else: bad.append((iid, ans, keys.get(iid), conf, p[3].strip() if len(p) > 3 else ''))
for m in sorted(per): print(f'{m}: {per[m][1]}/{per[m][0]} agree')
for b in bad: print('DISAGREE', *b)
