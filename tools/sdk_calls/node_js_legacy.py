import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
s = SDK(MIRRORS + '/intercom+intercom-node/repo', 'v2.11.0', id='intercom-node-legacy-js', package='intercom-client', registry='npm',
        languages=['javascript','typescript'], versions='>=0.1.1 <3.0.0', repo_name='intercom/intercom-node')
U='lib/user.js'
s.add('.users.create','POST /users',U,r'^  create\(', expect="post\('/users'")
s.add('.users.update','POST /users',U,r'^  update\(', expect=r"this\.create")
s.add('.users.list','GET /users',U,r'^  list\(', expect="get\('/users'")
s.add('.users.listBy','GET /users',U,r'^  listBy\(', expect="get\('/users'")
s.add('.users.find','GET /users/{id}',U,r'^  find\(', when='params.id given', expect=r"get\(`/users/\$\{params.id\}`")
s.add('.users.find','GET /users?user_id=',U,r'^  find\(', when='params.user_id given', expect=r"get\('/users', \{ user_id")
s.add('.users.find','GET /users?email=',U,r'^  find\(', when='params.email given', expect=r"get\('/users', \{ email")
for name, pat in [('archive', r'^  archive\('), ('delete', r'this\.delete = deprecate')]:
    extra = ' (users.delete is a deprecated alias of users.archive since 2.10; before that its own method with the same id form)' if name=='delete' else ''
    s.add(f'.users.{name}','DELETE /users/{id}',U,pat, when='params.id given'+extra, expect=None)
    s.add(f'.users.{name}','DELETE /users?user_id=',U,pat, when='params.user_id given'+extra)
    s.add(f'.users.{name}','DELETE /users?email=',U,pat, when='params.email given'+extra)
s.add('.users.bulk','POST /bulk/users',U,r'^  bulk\(', expect="new Bulk\(this.client, 'user'\)")
s.add('.users.requestPermanentDeletion','POST /user_delete_requests',U,r'^  requestPermanentDeletion\(', expect="post\('/user_delete_requests'")
s.add('.users.requestPermanentDeletionByParams','POST /user_delete_requests',U,r'^  requestPermanentDeletionByParams\(', when='with params.id; with user_id/email it first calls users.find (GET /users?user_id= or ?email=) then POSTs')
s.add('.users.scroll.each','GET /users/scroll',U,r"new Scroll\(this.client, 'user'\)", when='url built in lib/scroll.js scrollUrl(); later pages add ?scroll_param=')
C='lib/company.js'
s.add('.companies.create','POST /companies',C,r'^  create\(', expect="post\('/companies'")
s.add('.companies.update','POST /companies',C,r'^  update\(', expect=r"this\.create")
s.add('.companies.list','GET /companies',C,r'^  list\(', expect="get\('/companies'")
s.add('.companies.listBy','GET /companies',C,r'^  listBy\(', expect="get\('/companies'")
s.add('.companies.find','GET /companies/{id}',C,r'^  find\(', when='params.id given')
s.add('.companies.find','GET /companies?company_id=',C,r'^  find\(', when='params.company_id given')
s.add('.companies.find','GET /companies?name=',C,r'^  find\(', when='params.name given')
s.add('.companies.listUsers','GET /companies/{id}/users',C,r'^  listUsers\(', when='params.id given', expect=r"/companies/\$\{params.id\}/users")
s.add('.companies.listUsers','GET /companies?company_id=&type=user',C,r'^  listUsers\(', when='params.company_id given')
s.add('.companies.listUsers','GET /companies?name=&type=user',C,r'^  listUsers\(', when='params.name given')
s.add('.companies.scroll.each','GET /companies/scroll',C,r"new Scroll\(this.client, 'companie'\)", when="url built in lib/scroll.js; later pages add ?scroll_param=")
K='lib/contact.js'
for res in ['contacts','leads']:
    w = None if res=='contacts' else None
    s.add(f'.{res}.create','POST /contacts',K,r'^  create\(', expect="post\('/contacts'")
    s.add(f'.{res}.update','POST /contacts',K,r'^  update\(', expect="post\('/contacts'")
    s.add(f'.{res}.list','GET /contacts',K,r'^  list\(')
    s.add(f'.{res}.listBy','GET /contacts',K,r'^  listBy\(')
    s.add(f'.{res}.find','GET /contacts/{id}',K,r'^  find\(', when='params.id given')
    s.add(f'.{res}.find','GET /contacts?user_id=',K,r'^  find\(', when='params.user_id given')
    s.add(f'.{res}.delete','DELETE /contacts/{id}',K,r'^  delete\(', expect=r"delete\(`/contacts/")
    s.add(f'.{res}.convert','POST /contacts/convert',K,r'^  convert\(', expect="post\('/contacts/convert'")
    s.add(f'.{res}.scroll.each','GET /contacts/scroll',K,r"new Scroll\(this.client, 'contact'\)", when='url built in lib/scroll.js; later pages add ?scroll_param=')
V='lib/visitor.js'
s.add('.visitors.update','POST /visitors',V,r'^  update\(', expect="post\('/visitors'")
s.add('.visitors.find','GET /visitors/{id}',V,r'^  find\(', when='params.id given')
s.add('.visitors.find','GET /visitors?user_id=',V,r'^  find\(', when='params.user_id given')
s.add('.visitors.delete','DELETE /visitors/{id}',V,r'^  delete\(')
s.add('.visitors.convert','POST /visitors/convert',V,r'^  convert\(', expect="post\('/visitors/convert'")
N='lib/counts.js'
for m,q in [('appCounts',''),('conversationCounts','?type=conversation'),('conversationAdminCounts','?type=conversation&count=admin'),
            ('userTagCounts','?type=user&count=tag'),('userSegmentCounts','?type=user&count=segment'),('companyTagCounts','?type=company&count=tag'),
            ('companySegmentCounts','?type=company&count=segment'),('companyUserCounts','?type=company&count=user')]:
    s.add(f'.counts.{m}','GET /counts'+q,N,rf'^  {m}\(')
A='lib/admin.js'
s.add('.admins.list','GET /admins',A,r'^  list\(')
s.add('.admins.find','GET /admins/{id}',A,r'^  find\(')
s.add('.admins.me','GET /me',A,r'^  me\(')
T='lib/tag.js'
s.add('.tags.create','POST /tags',T,r'^  create\(')
s.add('.tags.tag','POST /tags',T,r'^  tag\(')
s.add('.tags.untag','POST /tags',T,r'^  untag\(', when='sets untag:true on each users[]/companies[] item')
s.add('.tags.delete','DELETE /tags/{id}',T,r'^  delete\(')
s.add('.tags.list','GET /tags',T,r'^  list\(')
G='lib/segment.js'
s.add('.segments.list','GET /segments',G,r'^  list\(')
s.add('.segments.find','GET /segments/{id}',G,r'^  find\(')
s.add('.messages.create','POST /messages','lib/message.js',r'^  create\(')
CV='lib/conversation.js'
s.add('.conversations.list','GET /conversations',CV,r'^  list\(')
s.add('.conversations.find','GET /conversations/{id}',CV,r'^  find\(')
s.add('.conversations.reply','POST /conversations/{id}/reply',CV,r'^  reply\(')
s.add('.conversations.markAsRead','PUT /conversations/{id}',CV,r'^  markAsRead\(')
NO='lib/note.js'
s.add('.notes.create','POST /notes',NO,r'^  create\(')
s.add('.notes.list','GET /notes',NO,r'^  list\(')
s.add('.notes.find','GET /notes/{id}',NO,r'^  find\(')
s.add('.customers.search','POST /customers/search','lib/customer.js',r'^  search\(')
E='lib/event.js'
s.add('.events.create','POST /events',E,r'^  create\(')
s.add('.events.listBy','GET /events',E,r'^  listBy\(')
s.add('.events.bulk','POST /bulk/events',E,r'^  bulk\(')
s.dump('out/12-node-legacy-js.json')
