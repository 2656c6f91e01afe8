import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
s = SDK(MIRRORS + '/intercom+intercom-node/repo', 'v5.0.0', id='intercom-node-v3-v5', package='intercom-client', registry='npm',
        languages=['javascript','typescript'], versions='>=3.0.0 <6.0.0-beta.0', repo_name='intercom/intercom-node')
def m(name): return rf'^    {name}\('
def add(res, f, items, after=None):
    for it in items:
        name, req = it[0], it[1]; when = it[2] if len(it) > 2 else None
        s.add(f'.{res}.{name}', req, f, m(name), when=when, after=after)
add('admins','lib/admin.ts',[('find','GET /admins/{id}'),('away','PUT /admins/{id}/away'),('listAllActivityLogs','GET /admins/activity_logs'),('list','GET /admins')])
add('articles','lib/article.ts',[('create','POST /articles'),('find','GET /articles/{id}'),('update','PUT /articles/{id}'),('delete','DELETE /articles/{id}'),('list','GET /articles')])
add('companies','lib/company.ts',[('create','POST /companies'),('update','PUT /companies/{id}','URL segment is the companyId argument'),
   ('find','GET /companies?company_id=&name=','query built from companyId / name'),('delete','DELETE /companies/{id}'),('list','GET /companies'),
   ('attachContact','POST /contacts/{id}/companies'),('detachContact','DELETE /contacts/{id}/companies/{id}'),
   ('listAttachedContacts','GET /companies/{id}/contacts'),('listAttachedSegments','GET /companies/{id}/segments')])
s.add('.companies.scroll.each','GET /companies/scroll','lib/company.ts',r'new Scroll<Company>\(this.client, this.baseUrl\)', when='lib/scroll.ts scrollUrl(); later pages add ?scroll_param=')
s.add('.companies.scroll.next','GET /companies/scroll','lib/company.ts',r'new Scroll<Company>\(this.client, this.baseUrl\)', when='lib/scroll.ts scrollUrl(); ?scroll_param= when given')
add('contacts','lib/contact.ts',[('createUser','POST /contacts'),('createLead','POST /contacts'),('find','GET /contacts/{id}'),('update','PUT /contacts/{id}'),
   ('mergeLeadInUser','POST /contacts/merge'),('search','POST /contacts/search'),('list','GET /contacts'),('delete','DELETE /contacts/{id}'),
   ('archive','POST /contacts/{id}/archive'),('unarchive','POST /contacts/{id}/unarchive'),('listAttachedCompanies','GET /contacts/{id}/companies'),
   ('listAttachedTags','GET /contacts/{id}/tags'),('listAttachedSegments','GET /contacts/{id}/segments'),('listAttachedEmailSubscriptions','GET /contacts/{id}/subscriptions')])
add('conversations','lib/conversation.ts',[('create','POST /conversations'),('find','GET /conversations/{id}'),('update','PUT /conversations/{id}'),
   ('replyByIdAsUser','POST /conversations/{id}/reply'),('replyByIdAsAdmin','POST /conversations/{id}/reply'),
   ('replyByLastAsUser','POST /conversations/last/reply'),('replyByLastAsAdmin','POST /conversations/last/reply'),
   ('assign','POST /conversations/{id}/parts','withRunningAssignmentRules false (default)'),
   ('assign','POST /conversations/{id}/run_assignment_rules/parts','withRunningAssignmentRules true (URL exactly as the SDK builds it)'),
   ('snooze','POST /conversations/{id}/reply','SDK posts message_type snoozed to /reply'),
   ('close','POST /conversations/{id}/parts'),('open','POST /conversations/{id}/parts'),
   ('attachContactAsAdmin','POST /conversations/{id}/customers'),('attachContactAsContact','POST /conversations/{id}/customers'),
   ('detachContactAsAdmin','DELETE /conversations/{id}/customers/{id}'),('search','POST /conversations/search'),('list','GET /conversations'),
   ('redactConversationPart','POST /conversations/redact')])
add('counts','lib/count.ts',[('forApp','GET /counts'),('countCompany','GET /counts?type=company'),('countCompanySegment','GET /counts?type=company&count=segment'),
   ('countCompanyTag','GET /counts?type=company&count=tag'),('countCompanyUser','GET /counts?type=company&count=user'),('countConversation','GET /counts?type=conversation'),
   ('countAdminConversation','GET /counts?type=conversation&count=admin'),('countUser','GET /counts?type=user'),('countUserSegment','GET /counts?type=user&count=segment'),
   ('countUserTag','GET /counts?type=user&count=tag')])
add('dataAttributes','lib/dataAttribute.ts',[('create','POST /data_attributes'),('update','PUT /data_attributes/{id}'),('list','GET /data_attributes')])
add('dataExport','lib/dataExport.ts',[('find','GET /export/content/data/{id}'),('create','POST /export/content/data'),('cancel','POST /export/cancel/{id}')])
add('events','lib/event.ts',[('create','POST /events'),('listBy','GET /events?type=user')])
add('helpCenter.collections','lib/helpCenter.ts',[('create','POST /help_center/collections'),('find','GET /help_center/collections/{id}'),('update','PUT /help_center/collections/{id}'),('delete','DELETE /help_center/collections/{id}'),('list','GET /help_center/collections')], after=r'^class Collection')
add('helpCenter.sections','lib/helpCenter.ts',[('create','POST /help_center/sections'),('find','GET /help_center/sections/{id}'),('update','PUT /help_center/sections/{id}'),('delete','DELETE /help_center/sections/{id}'),('list','GET /help_center/sections')], after=r'^class Section')
add('messages','lib/message.ts',[('create','POST /messages')])
add('notes','lib/note.ts',[('create','POST /contacts/{id}/notes'),('find','GET /notes/{id}'),('list','GET /contacts/{id}/notes')])
add('phoneCallRedirect','lib/phoneCallRedirect.ts',[('create','POST /phone_call_redirects')])
add('segments','lib/segment.ts',[('list','GET /segments'),('find','GET /segments/{id}')])
add('subscriptions','lib/subscription.ts',[('listTypes','GET /subscription_types')])
add('tags','lib/tag.ts',[('create','POST /tags'),('update','POST /tags'),('delete','DELETE /tags/{id}'),('tagContact','POST /contacts/{id}/tags'),
   ('tagConversation','POST /conversations/{id}/tags'),('tagCompanies','POST /tags'),('untagContact','DELETE /contacts/{id}/tags/{id}'),
   ('untagConversation','DELETE /conversations/{id}/tags/{id}'),('untagCompanies','POST /tags','companies[] items carry untag:true'),('list','GET /tags')])
add('teams','lib/team.ts',[('find','GET /teams/{id}'),('list','GET /teams')])
s.add('.visitors.find','GET /visitors/{id}','lib/visitor.ts',m('find'),when='id given')
s.add('.visitors.find','GET /visitors?user_id=','lib/visitor.ts',m('find'),when='userId given')
add('visitors','lib/visitor.ts',[('update','PUT /visitors'),('delete','DELETE /visitors/{id}'),('mergeToContact','POST /visitors/convert')])
s.dump('out/13-node-v3-v5.json')
