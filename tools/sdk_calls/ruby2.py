import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
s = SDK(MIRRORS + '/intercom+intercom-ruby/repo', 'v2.5.4', id='intercom-ruby-2x', package='intercom', registry='rubygems', languages=['ruby'],
        versions='>=2.0.0 <3.0.0b1', repo_name='intercom/intercom-ruby')
AO='lib/intercom/api_operations/'
classes = {
 'Admin': ('admins', ['List'], None), 'Company': ('companies', ['Count','List','Find','FindAll','Save'], 'post'),
 'Contact': ('contacts', ['Find','FindAll','Save'], 'put'), 'Conversation': ('conversations', ['FindAll','Find','Save'], None),
 'Event': ('events', ['Save'], None), 'Message': ('messages', ['Save'], None), 'Note': ('notes', ['Save','List','FindAll','Find'], None),
 'Segment': ('segments', ['List','Find','Save','Count'], None), 'Subscription': ('subscriptions', ['List','Find','Save'], None),
 'Tag': ('tags', ['Count','Save','List','Find','FindAll'], None), 'User': ('users', ['Count','List','Find','FindAll','Save'], 'post'),
}
findkeys = {'User': ['email','user_id'], 'Company': ['company_id','name'], 'Contact': ['user_id','email'], 'Tag': ['name']}
for cls, (c, ops, uv) in classes.items():
    p = f'Intercom::{cls}.'
    for op in ops:
        if op == 'List': s.add(p+'all', f'GET /{c}', AO+'list.rb', r'def all', when='lazy CollectionProxy; GET on iteration')
        elif op == 'Find':
            s.add(p+'find', f'GET /{c}/{{id}}', AO+'find.rb', r'def find\(', when=':id given')
            for k in findkeys.get(cls, []): s.add(p+'find', f'GET /{c}?{k}=', AO+'find.rb', r'def find\(', when=f'{k}: given (no :id); params as query')
            if cls not in findkeys: s.add(p+'find', f'GET /{c}', AO+'find.rb', r'def find\(', when='no :id; params as query')
        elif op == 'FindAll':
            s.add(p+'find_all', f'GET /{c}/{{id}}', AO+'find_all.rb', r'def find_all\(', when=':id given without :type')
            s.add(p+'find_all', f'GET /{c}', AO+'find_all.rb', r'def find_all\(', when='otherwise; params as query; lazy proxy')
        elif op == 'Save': s.add(p+'create', f'POST /{c}', AO+'save.rb', r'def create\(', when='new instance then save (no id)')
        elif op == 'Count': s.add(p+'count', 'GET /counts', AO+'count.rb', r'def count$', when=f'via Intercom::Count.{cls.lower()}_count (app-wide counts)')
s.add('Intercom::Count.fetch_for_app', 'GET /counts', 'lib/intercom/count.rb', r'def self\.fetch_for_app')
s.add('Intercom::Count.fetch_broken_down_count', 'GET /counts?type=&count=', 'lib/intercom/count.rb', r'def self\.fetch_broken_down_count')
s.add('Intercom::Count.find', 'GET /counts', AO+'find.rb', r'def find\(', when='params (type, count) as query')
GC='lib/intercom/generic_handlers/count.rb'
for n in ['user_count','company_count','segment_count','tag_count']:
    s.add('Intercom::Count.'+n, 'GET /counts', GC, r'def do_count', when='method_missing handler (<entity>_count)')
for n, t, q in [('user_counts_for_each_tag','user','tag'),('user_counts_for_each_segment','user','segment'),('company_counts_for_each_tag','company','tag'),
                ('company_counts_for_each_segment','company','segment'),('company_counts_for_each_user','company','user'),('conversation_counts_for_each_admin','conversation','admin')]:
    s.add('Intercom::Count.'+n, f'GET /counts?type={t}&count={q}', GC, r'def do_broken_down_count', when='method_missing handler (<type>_counts_for_each_<count>)')
GT='lib/intercom/generic_handlers/tag.rb'
for ctx in ['users','companies']:
    s.add(f'Intercom::Tag.tag_{ctx}', 'POST /tags', GT, r'def do_tagging', when=f'method_missing handler; Tag.create(name:, {ctx}: [{{id:}}...])')
    s.add(f'Intercom::Tag.untag_{ctx}', 'PUT /tags/{id}', GT, r'def do_untagging', when=f'method_missing handler; first GET /tags?name= to find the tag, then saves it with {ctx}[].untag = true')
GF='lib/intercom/generic_handlers/tag_find_all.rb'
for ctx in ['users','companies']:
    s.add(f'Intercom::Tag.find_all_for_{ctx}', f'GET /tags?taggable_type={ctx[:-1] if ctx=="users" else "company"}', GF, r'def do_tag_find_all', when='method_missing handler; :id becomes taggable_id')
s.dump('out/32-ruby-2x.json')
