import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
s = SDK(MIRRORS + '/intercom+python-intercom/repo', '2.1.1', id='python-intercom-2x', package='python-intercom', registry='pypi',
        languages=['python'], versions='>=2.0a0 <3.0b3', repo_name='intercom/python-intercom')
AO='intercom/api_operations/'
classes = {  # class: (collection, mixins)
 'Admin': ('admins', ['Find','All']),
 'Company': ('companies', ['Count','Find','All','Save']),
 'Conversation': ('conversations', ['FindAll','Find','Save']),
 'Event': ('events', ['Save','Find']),
 'Message': ('messages', ['Save']),
 'Note': ('notes', ['Find','FindAll','Save']),
 'Segment': ('segments', ['Find','Count','Save','All']),
 'Subscription': ('subscriptions', ['Find','FindAll','Save']),
 'Tag': ('tags', ['All','Count','Find','FindAll','Save']),
 'User': ('users', ['Find','FindAll','All','Count','Save']),
}
findkeys = {'User': ['email','user_id'], 'Company': ['company_id','name']}
for cls, (c, mix) in classes.items():
    for mx in mix:
        if mx == 'All': s.add(f'{cls}.all', f'GET /{c}', AO+'all.py', r'def all\(', when='lazy CollectionProxy; GET on iteration')
        elif mx == 'Find':
            s.add(f'{cls}.find', f'GET /{c}/{{id}}', AO+'find.py', r'def find\(', when='id=... given')
            for k in findkeys.get(cls, []):
                s.add(f'{cls}.find', f'GET /{c}?{k}=', AO+'find.py', r'def find\(', when=f'{k}=... given (no id): kwargs sent as query')
            if cls not in findkeys:
                s.add(f'{cls}.find', f'GET /{c}', AO+'find.py', r'def find\(', when='no id: kwargs sent as query')
        elif mx == 'FindAll':
            s.add(f'{cls}.find_all', f'GET /{c}/{{id}}', AO+'find_all.py', r'def find_all\(', when='id given without type')
            s.add(f'{cls}.find_all', f'GET /{c}', AO+'find_all.py', r'def find_all\(', when='otherwise; kwargs as query; lazy proxy')
        elif mx == 'Save': s.add(f'{cls}.create', f'POST /{c}', AO+'save.py', r'def create\(', when='SDK sends POST /%s/ (trailing slash)' % c)
        elif mx == 'Count': s.add(f'{cls}.count', 'GET /counts', AO+'count.py', r'def count\(', when='SDK requests /counts/ and reads the %s count' % cls.lower())
s.add('Count.find', 'GET /counts', AO+'find.py', r'def find\(', when='kwargs (type, count) sent as query')
s.add('Count.fetch_for_app', 'GET /counts', 'intercom/count.py', r'def fetch_for_app\(')
s.add('Count.fetch_broken_down_count', 'GET /counts?type=&count=', 'intercom/count.py', r'def fetch_broken_down_count\(')
TG='intercom/generic_handlers/tag.py'
for n, ctx, un in [('tag_users','users',False),('untag_users','users',True),('tag_companies','companies',False),('untag_companies','companies',True)]:
    s.add(f'Tag.{n}', 'POST /tags', TG, r'def _tag_collection\(', when=f'dynamic attribute via TagUntag metaclass handler; posts {{name, {ctx}: [...]}}' + (' with untag: true' if un else ''))
for ctx in ['user','company']:
    s.add(f'Tag.find_all_for_{ctx}', f'GET /tags?taggable_type={ctx}', 'intercom/generic_handlers/tag_find_all.py', r'def _find_all_for\(', when='dynamic attribute; id= becomes taggable_id')
RP='intercom/extended_api_operations/reply.py'
for m, w in [('reply',None),('close_conversation','message_type close'),('open_conversation','message_type open'),('assign','message_type assignment')]:
    s.add(f'.{m}', 'POST /conversations/{id}/reply', RP, rf'def {m}\(', when='instance method on a Conversation object' + (f'; {w}' if w else ''))
s.dump('out/23-python-2x.json')
