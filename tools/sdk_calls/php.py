import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys, json, re, subprocess; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
R=MIRRORS + '/intercom+intercom-php/repo'
# ---------- 2.x-4.x resource client (HEAD)
s = SDK(R, 'HEAD', id='intercom-php-v2-v4', package='intercom/intercom-php', registry='packagist', languages=['php'], versions='>=2.0.0 <5.0.0', repo_name='intercom/intercom-php')
def A(res, meth, req, when=None, cls=None):
    f = f'src/Intercom{cls or res.capitalize()}.php'
    s.add(f'->{res}->{meth}', req, f, rf'public function {meth}\(', when=when)
A('admins','getAdmins','GET /admins'); A('admins','getAdmin','GET /admins/{id}')
A('bulk','users','POST /bulk/users'); A('bulk','events','POST /bulk/events')
A('companies','create','POST /companies'); A('companies','update','POST /companies','delegates to create()')
A('companies','attachContact','POST /contacts/{id}/companies'); A('companies','detachContact','DELETE /contacts/{id}/companies/{id}')
A('companies','getCompanies','GET /companies','options sent as query (e.g. company_id, name, tag_id, segment_id)')
A('companies','getCompany','GET /companies/{id}'); A('companies','getCompanyUsers','GET /companies/{id}/users')
A('contacts','create','POST /contacts')
A('contacts','update','PUT /contacts/{id}','>=4.4.1: update($id, $options)')
A('contacts','update','PUT /contacts','4.4.0 only: update($options) sent PUT /contacts (src/IntercomContacts.php at tag v4.4.0)')
A('contacts','getContacts','GET /contacts'); A('contacts','getContact','GET /contacts/{id}'); A('contacts','deleteContact','DELETE /contacts/{id}')
A('contacts','search','POST /contacts/search'); A('contacts','nextSearch','POST /contacts/search','next page via pagination.starting_after')
A('contacts','nextCursor','GET /contacts?starting_after=')
A('conversations','create','POST /conversations'); A('conversations','getConversations','GET /conversations'); A('conversations','getConversation','GET /conversations/{id}')
A('conversations','search','POST /conversations/search'); A('conversations','nextSearch','POST /conversations/search','next page via pagination.starting_after')
A('conversations','replyToConversation','POST /conversations/{id}/reply'); A('conversations','replyToLastConversation','POST /conversations/last/reply')
A('conversations','markConversationAsRead','PUT /conversations/{id}')
A('counts','getCounts','GET /counts','options (type, count) sent as query')
A('events','create','POST /events'); A('events','getEvents','GET /events?type=user')
A('leads','create','POST /contacts'); A('leads','update','POST /contacts','delegates to create()'); A('leads','getLeads','GET /contacts')
A('leads','getLead','GET /contacts/{id}'); A('leads','deleteLead','DELETE /contacts/{id}'); A('leads','convertLead','POST /contacts/convert'); A('leads','scrollLeads','GET /contacts/scroll')
A('messages','create','POST /messages')
A('notes','create','POST /notes'); A('notes','getNotes','GET /notes'); A('notes','getNote','GET /notes/{id}')
A('segments','getSegment','GET /segments/{id}'); A('segments','getSegments','GET /segments')
A('tags','tag','POST /tags'); A('tags','getTags','GET /tags')
A('teams','getTeams','GET /teams'); A('teams','getTeam','GET /teams/{id}')
A('users','create','POST /users'); A('users','update','POST /users','delegates to create()')
A('users','getUsers','GET /users?email=','options [\'email\' => ...]'); A('users','getUsers','GET /users?user_id=','options [\'user_id\' => ...]'); A('users','getUsers','GET /users','other options sent as query')
A('users','getUser','GET /users/{id}'); A('users','scrollUsers','GET /users/scroll'); A('users','archiveUser','DELETE /users/{id}')
A('users','deleteUser','DELETE /users/{id}','since 3.2.0 delegates to archiveUser(); in 3.1.x its own DELETE users/{id}')
A('users','permanentlyDeleteUser','POST /user_delete_requests')
A('visitors','update','PUT /visitors'); A('visitors','getVisitor','GET /visitors/{id}'); A('visitors','deleteVisitor','DELETE /visitors/{id}'); A('visitors','convertVisitor','POST /visitors/convert')
s.dump('out/50-php-v2-v4.json')
# ---------- customers search (4.1.0 - 4.3.x)
s = SDK(R, 'v4.3.0', id='intercom-php-v4.1-v4.3-customers', package='intercom/intercom-php', registry='packagist', languages=['php'], versions='>=4.1.0 <4.4.0', repo_name='intercom/intercom-php')
s.add('->customers->search','POST /customers/search','src/IntercomCustomers.php',r'public function search\(')
s.dump('out/51-php-customers.json')
# ---------- 1.x Guzzle service description
s = SDK(R, 'v1.5.0', id='intercom-php-v1', package='intercom/intercom-php', registry='packagist', languages=['php'], versions='>=1.0.0 <2.0.0', repo_name='intercom/intercom-php')
cfg = 'src/Intercom/Service/config/'
files = [l for l in subprocess.run(['git','-C',R,'ls-tree','--name-only','v1.5.0',cfg],capture_output=True,text=True).stdout.split() if 'public_' in l]
for f in files:
    d = json.loads('\n'.join(s.lines(f)))
    for op, v in d.get('operations', {}).items():
        if op.startswith('_'): continue
        m, uri = v['httpMethod'], v['uri']
        params = v.get('parameters', {})
        locs = {p: q.get('location') for p, q in params.items()}
        pat = rf'^\s*"{op}"\s*:'
        if op == 'getCompanyUsersByCompanyID':
            s.add('->'+op, 'GET /companies?company_id=&type=user', f, pat, when='type defaults to user'); continue
        if '{id}' in uri and locs.get('id') == 'uri' and not params['id'].get('required'):
            qs = [p for p, l in locs.items() if l == 'query']
            s.add('->'+op, f'{m} {uri}', f, pat, when='id given')
            base = uri.replace('/{id}', '')
            for q in qs:
                s.add('->'+op, f'{m} {base}?{q}=', f, pat, when=f'{q} given instead of id (URI template leaves an empty id segment)')
        elif re.search(r'\?\w+=\{\w+\}', uri):
            s.add('->'+op, f'{m} ' + re.sub(r'\{\w+\}', '', uri), f, pat)
        elif m == 'DELETE' and any(l == 'json' for l in locs.values()) and '{' not in uri:
            s.add('->'+op, f'{m} {uri}', f, pat, when='identifier (' + '/'.join(p for p,l in locs.items() if l=='json') + ') sent in the JSON body')
        else:
            s.add('->'+op, f'{m} {uri}', f, pat)
s.dump('out/52-php-v1.json')
