import re, subprocess, json, sys
class SDK:
    def __init__(self, repo, rev, **meta):
        self.repo = repo; self.rev = rev
        self.commit = subprocess.run(['git','-C',repo,'rev-parse',rev+'^{commit}'],capture_output=True,text=True,check=True).stdout.strip()
        self.meta = meta; self.methods = []; self.cache = {}
    def lines(self, f):
        if f not in self.cache:
            self.cache[f] = subprocess.run(['git','-C',self.repo,'show',f'{self.rev}:{f}'],capture_output=True,text=True,check=True).stdout.split('\n')
        return self.cache[f]
    def line(self, f, pat, after=None):
        ls = self.lines(f)
        start = 0
        if after:
            a = [i for i,l in enumerate(ls) if re.search(after, l)]
            assert len(a) >= 1, (f, after)
            start = a[0]
        hits = [i for i,l in enumerate(ls) if i >= start and re.search(pat, l)]
        assert hits, (f, pat, after)
        if after is None:
            assert len(hits) == 1, (f, pat, [h+1 for h in hits])
        return hits[0] + 1
    def add(self, call, request, f, pat, when=None, after=None, expect=None):
        ln = self.line(f, pat, after)
        if expect:  # a string that must occur within next 40 lines (sanity check of path)
            ls = self.lines(f)
            blob = '\n'.join(ls[ln-1:ln+40])
            assert re.search(expect, blob), (call, f, ln, expect)
        e = dict(call=call, request=request, source=f'{f}:{ln}')
        if when: e['when'] = when
        self.methods.append(e)
    def dump(self, path):
        d = dict(self.meta); d['source'] = self.meta['repo_name'] + '@' + self.commit
        del d['repo_name']
        d['methods'] = self.methods
        json.dump(d, open(path,'w'), indent=1)
        print(path, len(self.methods))
