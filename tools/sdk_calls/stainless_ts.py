import re, sys, json, subprocess
repo, rev, outid = sys.argv[1], sys.argv[2], sys.argv[3]
def show(p): return subprocess.run(['git','-C',repo,'show',f'{rev}:{p}'],capture_output=True,text=True,check=True).stdout
api = show('api.md')
res = []
for m in re.finditer(r'<code title="(\w+) ([^"]+)">client\.([\w.]*?)<a href="\./([^"]+)">(\w+)</a>', api):
    verb, path, chain, f, meth = m.groups()
    lines = show(f).split('\n')
    # find method def line(s) at 2-space indent
    defs = [i for i,l in enumerate(lines) if re.match(rf'  (async )?{meth}\(', l)]
    if not defs: print('NODEF', chain, meth, f, file=sys.stderr); continue
    # could be several classes in one file: choose def whose body call matches verb
    found = None
    for d in defs:
        # scan to the end of the method (next line starting with '  }' at indent 2)
        j = d
        body = []
        while j < len(lines):
            body.append(lines[j]);
            if j > d and re.match(r'  \}\s*$', lines[j]): break
            j += 1
        b = '\n'.join(body)
        cm = re.search(r'this\._client\.(get|post|put|delete|patch|getAPIList)\(\s*([`\'][^`\']*[`\'])', b)
        if cm:
            v = cm.group(1); v = 'get' if v == 'getAPIList' else v
            p = cm.group(2)[1:-1]
            pshape = re.sub(r'\$\{[^}]+\}', '{}', p)
            sshape = re.sub(r'\{[^}]+\}', '{}', path)
            if v == verb and pshape == sshape:
                found = (d+1, v, p); break
    if not found: print('NOMATCH', verb, path, chain, meth, f, file=sys.stderr); continue
    res.append(dict(call='.'+chain+meth, request=f'{verb.upper()} {path}', source=f'{f}:{found[0]}'))
print(len(res), file=sys.stderr)
json.dump(res, open(outid,'w'), indent=0)
