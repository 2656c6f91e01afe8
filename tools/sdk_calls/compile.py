import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import json, glob, sys, tomllib, re
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from canon import canon
order = ['10-node-generated','13-node-v3-v5','12-node-legacy-js','11-node-beta','21-python-generated','20-python-3x','23-python-2x','24-python-0.2','22-python-stainless',
         '30-ruby-4x','31-ruby-3x','32-ruby-2x','40-go-v2','41-go-v1','50-php-v2-v4','51-php-customers','52-php-v1','60-java-generated','61-java-legacy']
files = sorted(glob.glob(WORK + '/out/*.json'))
assert sorted(order) == sorted(f.split('/')[-1][:-5] for f in files), files
q = lambda s: json.dumps(s, ensure_ascii=False)
out = ['format = 1', '']
stats = {}
for name in order:
    d = json.load(open(fWORK + '/out/{name}.json'))
    out += ['[[sdk]]', f'id = {q(d["id"])}', f'package = {q(d["package"])}', f'registry = {q(d["registry"])}',
            'languages = [' + ', '.join(q(l) for l in d['languages']) + ']', f'versions = {q(d["versions"])}', f'source = {q(d["source"])}', '']
    seen = set(); n = 0
    for m in d['methods']:
        req = canon(m['request'])
        key = (m['call'], req, m.get('when'))
        if key in seen: continue
        seen.add(key); n += 1
        out += ['[[sdk.method]]', f'call = {q(m["call"])}', f'request = {q(req)}', f'source = {q(m["source"])}']
        if m.get('when'): out.append(f'when = {q(m["when"])}')
        out.append('')
    stats[d['id']] = (n, len({m['call'] for m in d['methods']}), d['versions'], d['source'])
open('/tmp/sdk-data/sdk-calls.toml', 'w').write('\n'.join(out))
t = tomllib.load(open('/tmp/sdk-data/sdk-calls.toml', 'rb'))
assert t['format'] == 1
ids = [s['id'] for s in t['sdk']]; assert len(ids) == len(set(ids))
for s in t['sdk']:
    assert re.fullmatch(r'[a-z0-9]+(-[a-z0-9.]+)*', s['id']), s['id']
    assert re.fullmatch(r'[0-9a-zA-Z_.-]+/[0-9a-zA-Z_.-]+@[0-9a-f]{40}', s['source'])
    for m in s['method']:
        assert set(m) <= {'call','request','source','when'}, m
        assert re.fullmatch(r'(GET|POST|PUT|DELETE|PATCH) /\S*', m['request']), m
        assert re.fullmatch(r'\S+:\d+', m['source']), m
json.dump({k: v for k, v in stats.items()}, open(WORK + '/stats.json', 'w'), indent=1)
for k, v in stats.items(): print(k, v)
print('total', sum(v[0] for v in stats.values()))
