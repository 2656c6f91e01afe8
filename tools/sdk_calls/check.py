import json,sys,re
r=json.load(open(sys.argv[1]))
print(len(r))
for x in r:
  if x['spec'] is None: print('NOSPEC',x['chain'],x['method'],x['http'],x['tmpl']); continue
  t=re.sub(r'\{\w+\}','{}',x['tmpl']); s=re.sub(r'\{\w+\}','{}',x['spec'][1])
  if t!=s or x['http']!=x['spec'][0]: print('MISMATCH',x['chain'],x['method'],x['http'],x['tmpl'],x['spec'])
