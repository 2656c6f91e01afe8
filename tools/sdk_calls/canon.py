import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import json, re
def build():
    r = json.load(open(WORK + '/node-HEAD.json'))
    table = {}; conflicts = {}
    for x in r:
        if x['chain'][0] == 'unstable': continue
        path = x['spec'][1]
        segs = path.split('/')
        for i, sg in enumerate(segs):
            m = re.fullmatch(r'\{(\w+)\}', sg)
            if m:
                key = re.sub(r'\{\w+\}', '{}', '/'.join(segs[:i+1]))
                if key in table and table[key] != m.group(1): conflicts.setdefault(key, set()).update({table[key], m.group(1)})
                table.setdefault(key, m.group(1))
    return table, conflicts
TABLE, CONFLICTS = build()
def canon(request):
    verb, rest = request.split(' ', 1)
    path, q = (rest.split('?', 1) + [None])[:2]
    segs = path.split('/')
    out = []
    for i, sg in enumerate(segs):
        if re.fullmatch(r'\{\w+\}', sg):
            key = re.sub(r'\{\w+\}', '{}', '/'.join(segs[:i+1]))
            out.append('{' + TABLE[key] + '}' if key in TABLE else sg)
        else: out.append(sg)
    return verb + ' ' + '/'.join(out) + ('?' + q if q is not None else '')
if __name__ == '__main__':
    print('conflicts', CONFLICTS)
    for k, v in sorted(TABLE.items()): print(k, v)
