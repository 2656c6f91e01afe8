"""Writes a HAR file of about MEGABYTES MB with entries like a browser's: a page's own requests,
Intercom API calls (ids in the paths, tokens in the headers), bodies of a few KB, every tenth
answer a 403 or a 401. Usage: python3 benches/har_gen.py PATH MEGABYTES (seeded: the same file
every time)."""
import json, random, sys
path, megabytes = sys.argv[1], int(sys.argv[2])
random.seed(11)
target = megabytes * 1024 * 1024
paths = ["/contacts/{}", "/conversations/{}", "/contacts/search", "/tags", "/admins",
         "/conversations/{}/reply", "/companies/{}", "/users/{}", "/bulk/users"]
hosts = ["api.intercom.io", "api.eu.intercom.io", "app.example.test", "cdn.example.test"]
def body(n):
    return json.dumps({"type": "list", "data": [{"id": str(random.randint(1, 10**9)), "name": "x" * 40, "email": "user@example.com"} for _ in range(n)]})
refusals = [
    json.dumps({"type": "error.list", "errors": [{"code": "forbidden", "message": "You do not have the required scope (read_conversations) to access this resource"}]}),
    json.dumps({"type": "error.list", "errors": [{"code": "token_unauthorized", "message": "Not authorized to access resource"}]}),
]
with open(path, "w") as out:
    out.write('{"log": {"version": "1.2", "creator": {"name": "scopecheck bench", "version": "1"}, "pages": [], "entries": [\n')
    written, n = 0, 0
    while written < target:
        host = random.choice(hosts)
        template = random.choice(paths)
        url = f"https://{host}" + template.replace("{}", f"{random.randint(1, 10**12):x}") + "?per_page=50"
        status = random.choice([200] * 9 + [403, 401])
        text = random.choice(refusals) if status != 200 else body(random.randint(5, 40))
        entry = {
            "startedDateTime": "2026-11-20T10:00:00.000Z", "time": 12.5,
            "request": {"method": random.choice(["GET", "GET", "POST", "PUT"]), "url": url, "httpVersion": "HTTP/1.1",
                        "cookies": [{"name": "session", "value": "c" * 64}],
                        "headers": [{"name": "Authorization", "value": "Bearer " + "t" * 60},
                                    {"name": "Intercom-Version", "value": "2.11"},
                                    {"name": "User-Agent", "value": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0"},
                                    {"name": "Accept", "value": "application/json"}],
                        "queryString": [{"name": "per_page", "value": "50"}], "headersSize": -1, "bodySize": 0},
            "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [],
                         "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "X-Request-Id", "value": "r" * 32}],
                         "content": {"size": len(text), "mimeType": "application/json", "text": text},
                         "redirectURL": "", "headersSize": -1, "bodySize": len(text)},
            "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2.5},
        }
        line = ("," if n else "") + json.dumps(entry) + "\n"
        out.write(line)
        written += len(line)
        n += 1
    out.write("]}}\n")
print(f"{n} entries")
