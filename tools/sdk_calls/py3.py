import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
s = SDK(MIRRORS + '/intercom+python-intercom/repo', '3.1.0', id='python-intercom-3x', package='python-intercom', registry='pypi',
        languages=['python'], versions='>=3.0b3 <4.0.0a1', repo_name='intercom/python-intercom')
AO='intercom/api_operations/'
ops = {
 'all':      [(None,'GET /{c}', AO+'all.py', r'def all\(')],
 'find':     [('id=... given','GET /{c}/{id}', AO+'find.py', r'def find\('), ('no id: other kwargs sent as query (e.g. email=, user_id=)','GET /{c}?', AO+'find.py', r'def find\(')],
 'find_all': [('id=... given and no type=','GET /{c}/{id}', AO+'find_all.py', r'def find_all\('), ('otherwise, kwargs as query','GET /{c}', AO+'find_all.py', r'def find_all\(')],
 'delete':   [(None,'DELETE /{c}/{id}', AO+'delete.py', r'def delete\(')],
 'load':     [(None,'GET /{c}/{id}', AO+'load.py', r'def load\(')],
 'create':   [('SDK sends POST /{c}/ (trailing slash)','POST /{c}', AO+'save.py', r'def create\(')],
}
def save(coll, update_verb):
    if update_verb == 'post':
        return [('always POST (update_verb=post), identity vars merged into body','POST /{c}', AO+'save.py', r'def save\(')]
    return [('object has id','PUT /{c}/{id}', AO+'save.py', r'def save\('), ('object has no id','POST /{c}', AO+'save.py', r'def save\(')]
services = {
 'admins': ('admins', ['all'], None),
 'companies': ('companies', ['all','delete','find','find_all','save','create','load'], 'post'),
 'conversations': ('conversations', ['find','find_all','save','create','load'], None),
 'counts': ('counts', ['find'], None),
 'events': ('events', ['save','create','find_all'], None),
 'jobs': ('jobs', ['all','find','find_all','save','create','load'], None),
 'leads': ('contacts', ['all','find','find_all','delete','save','create','load'], 'put'),
 'messages': ('messages', ['save','create'], None),
 'notes': ('notes', ['find','find_all','save','create','load'], None),
 'segments': ('segments', ['all','find'], None),
 'subscriptions': ('subscriptions', ['all','find','find_all','save','create','delete'], None),
 'tags': ('tags', ['all','find','find_all','save','create'], None),
 'users': ('users', ['all','find','find_all','delete','save','create','load'], 'post'),
}
for svc, (coll, opl, uv) in services.items():
    for op in opl:
        variants = save(coll, uv) if op == 'save' else ops[op]
        if op == 'find' and svc in ('users','leads','companies'):
            keys = {'users':['email','user_id'],'leads':['user_id','email'],'companies':['company_id','name']}[svc]
            variants = [ops['find'][0]] + [(f'{k}=... given (no id): sent as query', 'GET /{c}?'+k+'=', AO+'find.py', r'def find\(') for k in keys]
        for when, req, f, pat in variants:
            r = req.replace('{c}', coll)
            if r.endswith('?'): r = r[:-1]
            if op == 'find' and when and when.startswith('no id'): when = 'no id: other kwargs sent as query string'
            s.add(f'.{svc}.{op}', r, f, pat, when=when)
# specials
s.add('.users.submit_bulk_job','POST /bulk/users',AO+'bulk.py',r'def submit_bulk_job\(')
s.add('.events.submit_bulk_job','POST /bulk/events',AO+'bulk.py',r'def submit_bulk_job\(')
s.add('.jobs.errors','GET /jobs/{id}/error',AO+'bulk.py',r'def errors\(')
s.add('.users.scroll','GET /users/scroll',AO+'scroll.py',r'def scroll\(', when='further pages add ?scroll_param= (scroll_collection_proxy.py)')
s.add('.users.by_tag','GET /users?tag_id=','intercom/extended_api_operations/tags.py',r'def by_tag\(')
s.add('.companies.by_tag','GET /companies?tag_id=','intercom/extended_api_operations/tags.py',r'def by_tag\(')
s.add('.companies.users','GET /companies/{id}/users','intercom/extended_api_operations/users.py',r'def users\(')
s.add('.leads.convert','POST /contacts/convert',AO+'convert.py',r'def convert\(')
CV='intercom/service/conversation.py'
for m in ['reply','assign','open','close']:
    s.add(f'.conversations.{m}','POST /conversations/{id}/reply',CV,rf'def {m}\(')
s.add('.conversations.mark_read','PUT /conversations/{id}/reply',CV,r'def mark_read\(', when='SDK PUTs {read: true} to resource_url(), which ends in /reply')
s.add('.counts.for_app','GET /counts','intercom/service/count.py',r'def for_app\(')
s.add('.counts.for_type','GET /counts?type=&count=','intercom/service/count.py',r'def for_type\(')
s.add('.tags.tag','POST /tags','intercom/service/tag.py',r'def tag\(', when='via create(): POST /tags/ (trailing slash)')
s.add('.tags.untag','POST /tags','intercom/service/tag.py',r'def untag\(', when='via create(): POST /tags/ with untag:true on each users[]/companies[] item')
s.dump('out/20-python-3x.json')
