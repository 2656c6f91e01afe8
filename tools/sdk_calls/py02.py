import os
MIRRORS = os.environ.get('SDK_MIRRORS', '/work/.mirror')  # bare clones: <owner>+<repo>/repo
WORK = os.environ.get('SDK_WORK', '/tmp/w')  # intermediate JSON
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from manual import SDK
s = SDK(MIRRORS + '/intercom+python-intercom/repo', '0.2.13', id='python-intercom-0.2', package='python-intercom', registry='pypi',
        languages=['python'], versions='>=0.2.0 <2.0a0', repo_name='intercom/python-intercom')
I='intercom/intercom.py'
def A(call, req, f, name, when=None): s.add(call, req, f, rf'    def {name}\(', when=when)
A('Intercom.get_users','GET /v1/users',I,'get_users')
A('Intercom.get_user','GET /v1/users?email=&user_id=',I,'get_user')
A('Intercom.create_user','POST /v1/users',I,'create_user')
A('Intercom.update_user','PUT /v1/users',I,'update_user')
A('Intercom.delete_user','DELETE /v1/users',I,'delete_user')
A('Intercom.create_impression','POST /v1/users/impressions',I,'create_impression')
A('Intercom.create_note','POST /v1/users/notes',I,'create_note')
A('Intercom.get_message_threads','GET /v1/users/message_threads',I,'get_message_threads')
A('Intercom.create_message_thread','POST /v1/users/message_threads',I,'create_message_thread')
A('Intercom.reply_message_thread','PUT /v1/users/message_threads',I,'reply_message_thread')
A('Intercom.create_tag','POST /v1/tags',I,'create_tag')
A('Intercom.update_tag','PUT /v1/tags',I,'update_tag')
A('Intercom.get_tag','GET /v1/tags?name=',I,'get_tag')
A('Intercom.create_event','POST /v1/events',I,'create_event')
U='intercom/user.py'
A('User.find','GET /v1/users?email=&user_id=',U,'find'); A('User.find_by_email','GET /v1/users?email=',U,'find_by_email')
A('User.find_by_user_id','GET /v1/users?user_id=',U,'find_by_user_id'); A('User.create','POST /v1/users',U,'create')
A('User.delete','DELETE /v1/users',U,'delete'); A('User.all','GET /v1/users?page=',U,'all','pages through get_users(page=n)')
A('Tag.find','GET /v1/tags?name=','intercom/tag.py','find'); A('Tag.find_by_name','GET /v1/tags?name=','intercom/tag.py','find_by_name'); A('Tag.create','POST /v1/tags','intercom/tag.py','create')
A('Note.create','POST /v1/users/notes','intercom/note.py','create')
A('Impression.create','POST /v1/users/impressions','intercom/impression.py','create')
A('MessageThread.find','GET /v1/users/message_threads','intercom/message_thread.py','find'); A('MessageThread.find_all','GET /v1/users/message_threads','intercom/message_thread.py','find_all')
A('MessageThread.create','POST /v1/users/message_threads','intercom/message_thread.py','create'); A('MessageThread.reply','PUT /v1/users/message_threads','intercom/message_thread.py','reply')
A('Event.create','POST /v1/events','intercom/events.py','create')
s.dump('out/24-python-0.2.json')
