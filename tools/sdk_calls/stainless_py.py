import re, sys, json, subprocess
repo, rev, outp = sys.argv[1], sys.argv[2], sys.argv[3]
def show(p): return subprocess.run(['git','-C',repo,'show',f'{rev}:{p}'],capture_output=True,text=True,check=True).stdout
api = show('api.md'); res = []
for m in re.finditer(r'<code title="(\w+) ([^"]+)">client\.([\w.]*?)<a href="\./([^"]+)">(\w+)</a>', api):
    verb, path, chain, f, meth = m.groups()
    lines = show(f).split('\n')
    # restrict to first Sync resource class
    cls = [i for i,l in enumerate(lines) if re.match(r'class \w+\(SyncAPIResource\)', l)]
    found = None
    for c in cls:
        end = next((i for i in range(c+1, len(lines)) if re.match(r'class ', lines[i])), len(lines))
        defs = [i for i in range(c, end) if re.match(rf'    def {meth}\(', lines[i])]
        for d in defs:
            e = next((i for i in range(d+1, end) if re.match(r'    (def |@)', lines[i])), end)
            b = '\n'.join(lines[d:e])
            cm = re.search(r'self\._(get|post|put|delete|patch|get_api_list)\(\s*f?"([^"]*)"', b)
            if cm:
                v = 'get' if cm.group(1) == 'get_api_list' else cm.group(1)
                if v == verb and re.sub(r'\{[^}]+\}','{}',cm.group(2)) == re.sub(r'\{[^}]+\}','{}',path):
                    found = d+1; break
        if found: break
    if not found: print('NOMATCH', verb, path, chain, meth, f, file=sys.stderr); continue
    res.append(dict(call='.'+chain+meth, request=f'{verb.upper()} {path}', source=f'{f}:{found}'))
print(len(res), file=sys.stderr)
json.dump(res, open(outp,'w'), indent=0)
