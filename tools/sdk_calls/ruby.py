import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys, re, subprocess; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
REPO=MIRRORS + '/intercom+intercom-ruby/repo'
def run(rev, sdkid, versions, out, custom, nested, update_verbs, coll_override, svc_file_override={}):
    s = SDK(REPO, rev, id=sdkid, package='intercom', registry='rubygems', languages=['ruby'], versions=versions, repo_name='intercom/intercom-ruby')
    client = '\n'.join(s.lines('lib/intercom/client.rb'))
    svcs = re.findall(r'def (\w+)\n\s+Intercom::Service::(\w+)\.new\(self\)', client)
    AO = 'lib/intercom/api_operations/'
    opfile = {'List': (AO+'list.rb', r'def all'), 'Find': (AO+'find.rb', r'def find\('), 'FindAll': (AO+'find_all.rb', r'def find_all\('),
              'Load': (AO+'load.rb', r'def load\('), 'Save': (AO+'save.rb', None), 'Delete': (AO+'delete.rb', r'def delete\('),
              'Archive': (AO+'archive.rb', r'def archive\('), 'Scroll': (AO+'scroll.rb', r'def scroll'), 'Search': (AO+'search.rb', r'def search\('),
              'RequestHardDelete': (AO+'request_hard_delete.rb', r'def request_hard_delete\('), 'Convert': (AO+'convert.rb', r'def convert\('),
              'Bulk::Submit': (AO+'bulk/submit.rb', r'def submit_bulk_job\('), 'Bulk::LoadErrorFeed': (AO+'bulk/load_error_feed.rb', r'def errors\('),
              'Tags': ('lib/intercom/extended_api_operations/tags.rb', r'def by_tag\('), 'Segments': ('lib/intercom/extended_api_operations/segments.rb', r'def by_segment\(')}
    for meth, cls in svcs:
        f = svc_file_override.get(cls, 'lib/intercom/service/' + re.sub(r'(?<!^)([A-Z])', r'_\1', cls).lower() + '.rb')
        if cls == 'Counts': f = 'lib/intercom/service/count.rb'
        src = '\n'.join(s.lines(f))
        incs = re.findall(r'include (?:Extended)?ApiOperations::([\w:]+)', src)
        defs = set(re.findall(r'^      (?:private )?def (\w+)', src, re.M)) - {'collection_class','collection_proxy_class','collection_name','raise_invalid_merge_error','get_users','users_or_companies','_users_or_companies'}
        c = coll_override.get(cls) or (re.search(r"def collection_name\n\s+['\"]([^'\"]+)['\"]", src).group(1) if 'def collection_name' in src else None)
        if c is None:
            model = re.search(r'def collection_class\n\s+Intercom::(\w+)', src).group(1)
            c = re.sub(r'(?<!^)([A-Z])', r'_\1', model).lower()
            c = c[:-1] + 'ies' if c.endswith('y') else c + 's'
        uv = update_verbs.get(cls)
        cust = custom.get(meth, {})
        def A(name, req, fpath, pat, when=None):
            if name in cust or (name in defs and name not in cust and fpath != f):
                return  # overridden by a service-specific def
            s.add(f'.{meth}.{name}', req, fpath, pat, when=when)
        for inc in incs:
            fp, pat = opfile[inc]
            if inc == 'List': A('all', f'GET /{c}', fp, pat, 'returns a lazy collection proxy; the GET happens on iteration')
            elif inc == 'Find':
                A('find', f'GET /{c}/{{id}}', fp, pat, 'params[:id] given')
                keys = FINDKEYS.get(meth)
                if keys:
                    for k in keys: A('find', f'GET /{c}?{k}=', fp, pat, f'{k}: given (no :id); params sent as query string')
                else:
                    A('find', f'GET /{c}', fp, pat, 'no :id: params sent as query string')
            elif inc == 'FindAll':
                A('find_all', f'GET /{c}/{{id}}', fp, pat, ':id given without :type')
                A('find_all', f'GET /{c}', fp, pat, 'otherwise; params sent as query; lazy proxy')
            elif inc == 'Load': A('load', f'GET /{c}/{{id}}', fp, pat)
            elif inc == 'Save':
                A('create', f'POST /{c}', fp, r'def create\(', 'new object without id (create goes through save)' if uv != 'post' else None)
                if uv == 'post': A('save', f'POST /{c}', fp, r'def save\(', 'always POST (update_verb post); identity vars merged into body')
                else:
                    A('save', f'PUT /{c}/{{id}}', fp, r'def save\(', 'object has an id')
                    A('save', f'POST /{c}', fp, r'def save\(', 'object has no id')
            elif inc == 'Delete':
                A('delete', f'DELETE /{c}/{{id}}', fp, pat); A('archive', f'DELETE /{c}/{{id}}', fp, r"alias_method 'archive', 'delete'", 'alias of delete')
            elif inc == 'Archive':
                A('archive', f'DELETE /{c}/{{id}}', fp, pat); A('delete', f'DELETE /{c}/{{id}}', fp, r"alias_method 'delete', 'archive'", 'alias of archive')
            elif inc == 'Scroll':
                A('scroll', f'GET /{c}/scroll', fp, pat, 'returns a ScrollCollectionProxy; the GET happens on .each/.next (later pages add scroll_param)')
            elif inc == 'Search': A('search', f'POST /{c}/search', fp, pat, 'lazy SearchCollectionProxy; POST on iteration')
            elif inc == 'RequestHardDelete': A('request_hard_delete', 'POST /user_delete_requests', fp, pat)
            elif inc == 'Convert':
                if meth == 'visitors': A('convert', 'POST /visitors/convert', fp, pat, 'first argument is an Intercom::Visitor')
                else: A('convert', 'POST /contacts/convert', fp, pat, 'first argument is a lead/contact (non-Visitor)')
            elif inc == 'Bulk::Submit': A('submit_bulk_job', f'POST /bulk/{c}', fp, pat)
            elif inc == 'Bulk::LoadErrorFeed': A('errors', 'GET /jobs/{id}/error', fp, pat)
            elif inc == 'Tags': A('by_tag', f'GET /{c}?tag_id=', fp, pat)
            elif inc == 'Segments': A('by_segment', f'GET /{c}?segment_id=', fp, pat)
            else: raise Exception(inc)
        for name, variants in cust.items():
            for v in variants:
                req, when = (v + (None,))[:2] if len(v) < 3 else v[:2]
                when = v[1] if len(v) > 1 else None
                s.add(f'.{meth}.{name}', v[0], f, rf'^      (private )?def {name}\b', when=when)
        missing = defs - set(cust)
        if missing: print('UNHANDLED custom defs', meth, missing)
    for call, req, mf, pat, when in nested:
        s.add(call, req, mf, pat, when=when)
    if 'deprecated__leads' in '\n'.join(s.lines('lib/intercom/deprecated_resources.rb')) if sdkid == 'intercom-ruby-4x' else False:
        extra = []
        for m in s.methods:
            for svc in ('leads', 'users'):
                if m['call'].startswith(f'.{svc}.'):
                    e = dict(m); e['call'] = f'.deprecated__{svc}.' + m['call'][len(svc)+2:]
                    e['when'] = (m.get('when') + '; ' if m.get('when') else '') + f'client.deprecated__{svc} returns the same service as client.{svc} (lib/intercom/deprecated_resources.rb)'
                    extra.append(e)
        s.methods += extra
    s.dump(out)

FINDKEYS = {'users': ['email','user_id'], 'leads': ['user_id','email'], 'companies': ['company_id','name'], 'visitors': ['user_id']}
# ---- 4.x (HEAD)
custom4 = {
 'admins': {'me': [('GET /me',)]},
 'contacts': {'merge': [('POST /contacts/merge',)], 'archive': [('POST /contacts/{id}/archive','>=4.1.2 (service-specific archive)')], 'unarchive': [('POST /contacts/{id}/unarchive',)],
              'delete_archived_contact': [('DELETE /contacts/{id}',)]},
 'conversations': {'mark_read': [('PUT /conversations/{id}',)], 'reply': [('POST /conversations/{id}/reply',)], 'reply_to_last': [('POST /conversations/last/reply',)],
                   'open': [('POST /conversations/{id}/reply','via reply with message_type open')], 'close': [('POST /conversations/{id}/reply','via reply with message_type close')],
                   'snooze': [('POST /conversations/{id}/reply','via reply with message_type snoozed')], 'assign': [('POST /conversations/{id}/reply','via reply with message_type assignment')],
                   'run_assignment_rules': [('POST /conversations/{id}/run_assignment_rules',)]},
 'counts': {'for_app': [('GET /counts',)], 'for_type': [('GET /counts?type=&count=',)]},
 'tags': {'tag': [('POST /tags','via create()')], 'untag': [('POST /tags','via create(); companies[] items get untag: true')]},
 'visitors': {'convert': [('POST /visitors/convert',)]},
 'export_content': {'cancel': [('POST /export/cancel/{id}',)]},
}
uv4 = {'User': 'post', 'Company': 'post', 'Event': 'post', 'Lead': 'put'}
N = 'lib/intercom/api_operations/nested_resource.rb'
nested4 = [
 ('.contacts.archive', 'DELETE /contacts/{id}', 'lib/intercom/api_operations/delete.rb', r"alias_method 'archive', 'delete'", '4.0.0-4.1.1 only: archive was the Delete alias (contacts service defined no archive until 4.1.2)'),
 ('.add_tag', 'POST /contacts/{id}/tags', 'lib/intercom/contact.rb', r'nested_resource_methods :tag', 'instance method on an Intercom::Contact'),
 ('.remove_tag', 'DELETE /contacts/{id}/tags/{id}', 'lib/intercom/contact.rb', r'nested_resource_methods :tag', 'instance method on an Intercom::Contact; second id is params[:id]'),
 ('.create_note', 'POST /contacts/{id}/notes', 'lib/intercom/contact.rb', r'nested_resource_methods :note', 'instance method on an Intercom::Contact'),
 ('.create_subscription_type', 'POST /contacts/{id}/subscriptions', 'lib/intercom/contact.rb', r'nested_resource_methods :subscription_type', 'instance method on an Intercom::Contact'),
 ('.remove_subscription_type', 'DELETE /contacts/{id}/subscriptions/{id}', 'lib/intercom/contact.rb', r'nested_resource_methods :subscription_type', 'instance method on an Intercom::Contact'),
 ('.add_company', 'POST /contacts/{id}/companies', 'lib/intercom/contact.rb', r'nested_resource_methods :company', 'instance method on an Intercom::Contact'),
 ('.remove_company', 'DELETE /contacts/{id}/companies/{id}', 'lib/intercom/contact.rb', r'nested_resource_methods :company', 'instance method on an Intercom::Contact'),
 ('.add_tag', 'POST /conversations/{id}/tags', 'lib/intercom/conversation.rb', r'nested_resource_methods :tag', 'instance method on an Intercom::Conversation'),
 ('.remove_tag', 'DELETE /conversations/{id}/tags/{id}', 'lib/intercom/conversation.rb', r'nested_resource_methods :tag', 'instance method on an Intercom::Conversation'),
 ('.add_contact', 'POST /conversations/{id}/customers', 'lib/intercom/conversation.rb', r'nested_resource_methods :contact', 'instance method on an Intercom::Conversation'),
 ('.remove_contact', 'DELETE /conversations/{id}/customers/{id}', 'lib/intercom/conversation.rb', r'nested_resource_methods :contact', 'instance method on an Intercom::Conversation'),
]
run('HEAD', 'intercom-ruby-4x', '>=4.0.0', 'out/30-ruby-4x.json', custom4, nested4, uv4, {}, {'Section': 'lib/intercom/section.rb'})
custom3 = {
 'admins': {'me': [('GET /me',)]},
 'companies': {'users_by_intercom_company_id': [('GET /companies/{id}/users',)], 'users_by_company_id': [('GET /companies?company_id=&type=user',)]},
 'conversations': {k: v for k, v in custom4['conversations'].items() if k != 'run_assignment_rules'},
 'counts': custom4['counts'], 'tags': {'tag': [('POST /tags','via create()')], 'untag': [('POST /tags','via create(); users[]/companies[] items get untag: true')]},
}
uv3 = {'User': 'post', 'Company': 'post', 'Event': 'post', 'Contact': 'put', 'Visitor': 'put'}
FINDKEYS['contacts'] = ['user_id','email']
run('3.9.5', 'intercom-ruby-3x', '>=3.0.0 <4.0.0', 'out/31-ruby-3x.json', custom3, [], uv3, {})
