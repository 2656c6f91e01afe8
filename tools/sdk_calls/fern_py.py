import re, sys, json, subprocess, os
repo, rev, base, outp = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]   # base: src/intercom
def show(p):
    r = subprocess.run(['git','-C',repo,'show',f'{rev}:{p}'],capture_output=True,text=True)
    return r.stdout if r.returncode == 0 else None
def sync_class(lines):
    c = next(i for i,l in enumerate(lines) if re.match(r'class \w+', l) and 'Async' not in l)
    e = next((i for i in range(c+1,len(lines)) if re.match(r'class ', lines[i])), len(lines))
    return c, e
res = []
def props(path):
    lines = show(path).split('\n'); c, e = sync_class(lines); out = []
    for i in range(c, e):
        m = re.match(r'    def (\w+)\(self\)', lines[i])
        if m and lines[i-1].strip() == '@property':
            blk = '\n'.join(lines[i:i+6])
            im = re.search(r'from (\.[\w.]*)\.client import (\w+)', blk)
            if im:
                mod = im.group(1)
                d = os.path.dirname(path)
                # relative import: '.x.y' relative to current package
                dots = len(mod) - len(mod.lstrip('.'))
                for _ in range(dots-1): d = os.path.dirname(d)
                sub = mod.lstrip('.').replace('.', '/')
                out.append((m.group(1), os.path.join(d, sub, 'client.py')))
    imps = {}
    for l in lines:
        im = re.match(r'from (\.[\w.]*)\.client import (.*)', l)
        if im:
            for n in im.group(2).split(','): imps[n.strip()] = im.group(1)
    for i in range(c, e):
        m = re.match(r'        self\.(\w+) = (\w+)\(client_wrapper=', lines[i])
        if m and m.group(2) in imps:
            mod = imps[m.group(2)]; d = os.path.dirname(path)
            dots = len(mod) - len(mod.lstrip('.'))
            for _ in range(dots-1): d = os.path.dirname(d)
            out.append((m.group(1), os.path.join(d, mod.lstrip('.').replace('.', '/'), 'client.py')))
    return out
def walk(path, chain):
    lines = show(path).split('\n'); c, e = sync_class(lines)
    rawp = path.replace('client.py', 'raw_client.py')
    raw = show(rawp); rl = raw.split('\n') if raw else []
    if rl: rc, re_ = sync_class(rl)
    for i in range(c, e):
        m = re.match(r'    def ([a-z]\w*)\(', lines[i])
        if not m or m.group(1) in ('with_raw_response',) or lines[i-1].strip() == '@property': continue
        name = m.group(1)
        # find raw method
        d = next((j for j in range(rc, re_) if re.match(rf'    def {name}\(', rl[j])), None) if rl else None
        if d is None: print('NORAW', chain, name, file=sys.stderr); continue
        end = next((j for j in range(d+1, re_) if re.match(r'    def ', rl[j])), re_)
        blk = '\n'.join(rl[d:end])
        cm = re.search(r'httpx_client\.request\(\s*(f?)"([^"]*)",\s*(?:base_url=[^\n]*\n\s*)?method="(\w+)"', blk)
        if not cm: print('NOCALL', chain, name, file=sys.stderr); continue
        p = re.sub(r'\{jsonable_encoder\((\w+)\)\}', r'{\1}', cm.group(2))
        calls = re.findall(r'httpx_client\.request\(', blk)
        if len(calls) > 1: print('MULTI', chain, name, file=sys.stderr)
        res.append(dict(call='.'+'.'.join(chain+[name]), request=f'{cm.group(3)} /{p.lstrip("/")}', source=f'{path}:{i+1}'))
    for n, f in props(path): walk(f, chain+[n])
for n, f in props(base + '/client.py'): walk(f, [n])
print(len(res), file=sys.stderr)
json.dump(res, open(outp,'w'), indent=0)
