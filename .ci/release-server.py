#!/usr/bin/env python3
"""A stand-in for GitHub's release downloads on the loopback address, for .ci/action.sh.

    python3 .ci/release-server.py ROOT PORT_FILE [CERT KEY]

serves the files under ROOT at http://127.0.0.1:<port>/ (the port is written to PORT_FILE once
the server listens), 404 for anything missing; with a certificate and its key, over HTTPS
(cargo binstall downloads nothing over plain HTTP). A file with a sibling `<name>.cut` marker is
answered with its full Content-Length but only half its bytes before the connection closes:
an interrupted download.
"""

import http.server
import ssl
import sys
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        path = Path(self.translate_path(self.path))
        marker = path.with_name(path.name + ".cut")
        if not (path.is_file() and marker.exists()):
            return super().do_GET()
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that stops reading (binstall probes, then downloads again) is not an error.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            super().handle_error(request, client_address)


def main():
    root, port_file = sys.argv[1], Path(sys.argv[2])

    def handler(*args, **kwargs):
        return Handler(*args, directory=root, **kwargs)

    server = Server(("127.0.0.1", 0), handler)
    if len(sys.argv) == 5:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    partial = port_file.with_name(port_file.name + ".partial")
    partial.write_text(str(server.server_address[1]))
    partial.replace(port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
