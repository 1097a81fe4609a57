#!/usr/bin/env python3
"""Question sheets for the second reading: stems and options only, for every item that is new
or changed since BASE. Usage: make_sheets.py BANKDIR BASEDIR OUTDIR
(BASEDIR: the .bank files before the revision, e.g. from `git show 33c3a41:question-bank/data/IU01.bank`)"""
import os, re, sys
def parse(path):
    items, cur, field = {}, None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        m = re.match(r'^\[([A-Za-z0-9._-]+)\]\s*$', line)
        if m:
            cur = {'id': m.group(1), 'opts': [], 'raw': []}
            items[cur['id']] = cur; field = None; continue
        if cur is None or line.startswith('#'):
            continue
        cur['raw'].append(line)
        m = re.match(r'^([A-F])\.\s?(.*)$', line)
        if m:
            cur['opts'].append([m.group(1), m.group(2)]); field = 'opt'; continue
        m = re.match(r'^([a-z_]+):\s?(.*)$', line)
        if m:
            field = m.group(1); cur[field] = m.group(2); continue
        if line.startswith('  ') and field:
            if field == 'opt': cur['opts'][-1][1] += '\n' + line.strip()
            else: cur[field] = cur.get(field, '') + '\n' + line.strip()
    return items
bank, base, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
for f in sorted(os.listdir(bank)):
    if not f.endswith('.bank'): continue
    new = parse(os.path.join(bank, f))
    old = parse(os.path.join(base, f)) if os.path.exists(os.path.join(base, f)) else {}
    mod = f[:-5]
    lines, n = [], 0
    for iid, it in new.items():
        if it.get('status', 'active') != 'active': continue
        o = old.get(iid)
        if o and o['raw'] == it['raw']: continue
        n += 1
        lines.append(f"{iid}\n{it.get('stem','').strip()}")
        for k, t in it['opts']:
            lines.append(f"{k}. {t}")
        lines.append('')
    open(os.path.join(out, f'questions-{mod}.txt'), 'w', encoding='utf-8').write('\n'.join(lines))
    print(mod, n, 'items to read')
