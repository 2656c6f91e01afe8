import re, os, sys, json
root = sys.argv[1]  # extracted dir containing src/
src = os.path.join(root, 'src')

def read(p):
    with open(p) as f: return f.read()

def resolve_import(fromfile, imp):
    d = os.path.dirname(fromfile)
    p = os.path.normpath(os.path.join(d, imp))
    if p.endswith('.js'): p = p[:-3]
    return p + '.ts'

def getters(path):
    txt = read(path)
    imports = {}
    for m in re.finditer(r'import \{([^}]*)\} from "([^"]+)"', txt):
        for name in m.group(1).split(','):
            name = name.strip().replace('type ', '')
            if ' as ' in name: name = name.split(' as ')[1].strip()
            imports[name] = m.group(2)
    out = []
    for m in re.finditer(r'public get (\w+)\(\): (\w+)', txt):
        cls = m.group(2)
        if cls in imports and 'Client' in imports[cls]:
            out.append((m.group(1), resolve_import(path, imports[cls])))
    return out

results = []
def walk(path, chain):
    lines = read(path).split('\n')
    cur = None; curline = None
    url_buf = None
    pending = []  # (http, template)
    for i, l in enumerate(lines, 1):
        m = re.match(r'    public (?:async )?(\w+)\(', l)
        if m:
            cur = m.group(1); curline = i
            continue
        if re.search(r'\burl: (urlJoin|core\.url\.join)\(', l):
            url_buf = []
        if url_buf is not None:
            url_buf.append(l)
            mm = re.match(r'\s*method: "(\w+)"', l)
            if mm:
                blob = '\n'.join(url_buf[:-1])
                lits = re.findall(r'(`[^`]*`|"[^"]*")', blob)
                tmpl = lits[-1][1:-1] if lits else None
                tmpl = re.sub(r'\$\{(?:encodeURIComponent|core\.url\.encodePathParam)\((\w+)\)\}', r'{\1}', tmpl or '')
                pending.append(dict(method=cur, line=curline, http=mm.group(1), tmpl='/' + tmpl.lstrip('/'), spec=None, file=path))
                url_buf = None
        mm = re.search(r'Timeout exceeded when calling (\w+) (\S+?)\.?"', l)
        if mm and pending and pending[-1]['spec'] is None:
            pending[-1]['spec'] = (mm.group(1), mm.group(2))
        if 'handleNonStatusCodeError(' in l:
            blob = '\n'.join(lines[i-1:i+6])
            mm = re.search(r'"(GET|POST|PUT|DELETE|PATCH)",\s*"([^"]+)"', blob)
            if mm and pending and pending[-1]['spec'] is None:
                pending[-1]['spec'] = (mm.group(1), mm.group(2))
    for p in pending:
        p['chain'] = chain
        results.append(p)
    for g, f in getters(path):
        walk(f, chain + [g])

root_client = os.path.join(src, 'Client.ts')
for g, f in getters(root_client):
    walk(f, [g])
print(json.dumps(results, indent=0))
