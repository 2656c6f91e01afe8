import json, re, os
r = json.load(open('node-HEAD.json'))
methods = []
for x in r:
    rel = os.path.relpath(x['file'], 'node-HEAD')
    methods.append(dict(call='.' + '.'.join(x['chain'] + [x['method']]),
                        request=f"{x['spec'][0]} {x['spec'][1]}",
                        source=f"{rel}:{x['line']}"))
sdk = dict(id='intercom-node-generated', package='intercom-client', registry='npm',
           languages=['javascript', 'typescript'], versions='>=6.0.0',
           source='intercom/intercom-node@86d57815b702f461daf32aaebe665224a64a0a1b', methods=methods)
json.dump(sdk, open('out/10-node-generated.json', 'w'), indent=1)
# canonical placeholder table from stable (non-unstable) spec paths
canon = {}
for x in r:
    if x['chain'][0] == 'unstable': continue
    key = x['spec'][0] + ' ' + re.sub(r'\{\w+\}', '{}', x['spec'][1])
    canon.setdefault(re.sub(r'\{\w+\}', '{}', x['spec'][1]), set()).add(x['spec'][1])
print({k: v for k, v in canon.items() if len(v) > 1})
json.dump({k: sorted(v)[0] for k, v in canon.items()}, open('canon.json', 'w'), indent=0)
print(len(methods), len(canon))
