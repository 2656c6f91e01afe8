import re, sys, json, subprocess, os
repo, rev, outp = sys.argv[1], sys.argv[2], sys.argv[3]
BASE='src/main/java/com/intercom/api/'
def show(p):
    r = subprocess.run(['git','-C',repo,'show',f'{rev}:{p}'],capture_output=True,text=True)
    return r.stdout if r.returncode == 0 else None
def snake(s): return re.sub(r'(?<!^)([A-Z])', r'_\1', s).lower()
def accessors(path):
    txt = show(path); imps = dict((m.group(2), m.group(1)) for m in re.finditer(r'import (com\.intercom\.api\.[\w.]+)\.(\w+Client);', txt))
    pkgdir = os.path.dirname(path)
    out = []
    for m in re.finditer(r'public (\w+Client) (\w+)\(\) \{', txt):
        cls = m.group(1)
        if cls.startswith('Raw') or cls.startswith('Async'): continue
        f = imps[cls].replace('.', '/') + '/' + cls + '.java' if cls in imps else os.path.join(pkgdir, cls + '.java')
        out.append((m.group(2), 'src/main/java/' + f if cls in imps else f))
    return out
res = []
def walk(path, chain):
    lines = show(path).split('\n')
    raw = show(path.replace(os.path.basename(path), 'Raw' + os.path.basename(path)))
    rl = raw.split('\n') if raw else []
    seen = set()
    for i, l in enumerate(lines):
        m = re.match(r'    public (?!\w+Client \w+\(\))[\w<>, ?.]+ (\w+)\(', l)
        if not m or m.group(1) in seen or m.group(1) == 'withRawResponse': continue
        name = m.group(1)
        # look at body for rawClient call
        body = '\n'.join(lines[i:i+6])
        if f'rawClient.{name}(' not in body: continue
        seen.add(name)
        # find raw implementing overload
        found = None
        for j, rlj in enumerate(rl):
            if re.match(rf'    public [\w<>, ?.]+ {name}\(', rlj):
                end = next((k for k in range(j+1, len(rl)) if re.match(r'    (public|private) ', rl[k])), len(rl))
                blk = '\n'.join(rl[j:end])
                mm = re.search(r'\.method\("(\w+)"', blk)
                if not mm: continue
                segs = []
                bstart = blk.find('newBuilder()')
                bend = blk.find('.build()', bstart)
                chainb = blk[bstart:bend]
                # also handle segments added after in separate statements before .method
                for sm in re.finditer(r'\.addPathSegments?\(\s*("([^"]*)"|(?:Integer\.toString\()?request\.get(\w+)\(\)\)?|(\w+))', blk[:blk.find('.method(')]):
                    if sm.group(2) is not None: segs.append(sm.group(2))
                    elif sm.group(3): segs.append('{' + snake(sm.group(3)) + '}')
                    else: segs.append('{' + snake(sm.group(4)) + '}')
                found = (mm.group(1), '/' + '/'.join(segs))
                break
        if not found: print('NORAW', chain, name, file=sys.stderr); continue
        res.append(dict(call='.' + ''.join(c + '().' for c in chain) + name, request=f'{found[0]} {found[1]}', source=f'{path}:{i+1}'))
    for n, f in accessors(path): walk(f, chain + [n])
for n, f in accessors(BASE + 'Intercom.java'): walk(f, [n])
print(len(res), file=sys.stderr)
json.dump(res, open(outp,'w'), indent=0)
