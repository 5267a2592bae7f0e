"""The HTTP API on localhost: each request becomes an API Gateway HTTP API (payload v2) event for the same
handler that runs in Lambda. Bearer tokens stand for organisations, as Cognito's JWT authorizer would."""

import base64
import json
import logging
import mimetypes
import re
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from .lambdas import Pool
from .resources import ACCOUNT
from .template import HttpRoute

log = logging.getLogger("local.http")

LOCAL_TOKENS = {"org-a-token": "org-a", "org-b-token": "org-b"}
# Where the Import page reads which organisation and user each local token stands for (web/config.js).
LOCAL_TOKENS_PATH = "/local-tokens.json"


def claims_for(token: str) -> dict | None:
    org = LOCAL_TOKENS.get(token)
    if org is None:
        return None
    return {"sub": f"local-user-{org}", "email": f"data-manager@{org}.example", "custom:org_id": org,
            "token_use": "id", "iss": "local"}


def local_tokens() -> list[dict]:
    """Each local token with the organisation and user it signs in as, for the Import page's sign-in."""
    return [{"token": token, "org_id": claims["custom:org_id"], "email": claims["email"]}
            for token in LOCAL_TOKENS if (claims := claims_for(token))]


class Route:
    def __init__(self, route: HttpRoute, pool: Pool):
        self.route = route
        self.pool = pool
        self.pattern = re.compile("^" + re.sub(r"\{([^}/+]+)\+?\}", r"(?P<\1>[^/]+)", route.path) + "$")

    @property
    def key(self) -> str:
        return f"{self.route.method} {self.route.path}"


def make_event(method: str, path: str, query: str, headers: dict, body: bytes, route: Route,
               params: dict, claims: dict | None, source_ip: str) -> dict:
    now = time.time()
    try:
        text, encoded = (body.decode("utf-8") if body else None), False
    except UnicodeDecodeError:  # API Gateway passes a body that is not UTF-8 text base64-encoded
        text, encoded = base64.b64encode(body).decode(), True
    authorizer = {"jwt": {"claims": claims, "scopes": None}} if claims else None
    event = {
        "version": "2.0",
        "routeKey": route.key,
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "queryStringParameters": dict(parse_qsl(query)) or None,
        "pathParameters": params or None,
        "requestContext": {
            "accountId": ACCOUNT, "apiId": "local", "domainName": headers.get("host", "localhost"),
            "domainPrefix": "local", "requestId": str(uuid.uuid4()), "routeKey": route.key, "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)), "timeEpoch": int(now * 1000),
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip,
                     "userAgent": headers.get("user-agent", "")},
        },
        "body": text,
        "isBase64Encoded": encoded,
    }
    if authorizer:
        event["requestContext"]["authorizer"] = authorizer
    return event


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True
    # The listen backlog: socketserver's 5 dropped the SYNs of a burst of parallel requests (each then waited a
    # second for its retransmission, and clients with short timeouts gave up).
    request_queue_size = 128

    def __init__(self, port: int, routes: list[Route], static_dir: Path | None, allowed_origins: list[str]):
        super().__init__(("127.0.0.1", port), _Handler)
        self.routes, self.static_dir, self.allowed_origins = routes, static_dir, allowed_origins

    def match(self, method: str, path: str) -> tuple[Route | None, dict, bool]:
        """The route, its path parameters, and whether the path exists for another method."""
        path_known = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found:
                path_known = True
                if route.route.method == method:
                    return route, found.groupdict(), True
        return None, {}, path_known


class _Handler(BaseHTTPRequestHandler):
    server: ApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args) -> None:
        pass

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")

    def do_PATCH(self):
        self._handle("PATCH")

    def do_OPTIONS(self):
        self._reply(204, {}, b"")

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        route, params, path_known = self.server.match(method, url.path)
        if route is None:
            if method == "GET" and url.path == LOCAL_TOKENS_PATH:
                self._json(200, local_tokens())
                return
            if method == "GET" and self._static(url.path):
                return
            self._json(405 if path_known else 404, {"message": "Not Found"})
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        claims = None
        if route.route.authorized:
            token = headers.get("authorization", "").removeprefix("Bearer ").strip()
            claims = claims_for(token)
            if claims is None:
                self._json(401, {"message": "Unauthorized"})
                return
        event = make_event(method, url.path, url.query, headers, body, route, params, claims,
                           self.client_address[0])
        try:
            answer = route.pool.invoke(event)
        except Exception:
            log.exception("the API handler raised")
            self._json(500, {"message": "Internal Server Error"})
            return
        self._lambda_reply(answer)

    def _lambda_reply(self, answer: dict) -> None:
        body = answer.get("body") or ""
        data = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode()
        headers = dict(answer.get("headers") or {})
        self._reply(answer.get("statusCode", 200), headers, data)

    def _json(self, status: int, value) -> None:
        self._reply(status, {"Content-Type": "application/json"}, json.dumps(value).encode())

    def _static(self, path: str) -> bool:
        root = self.server.static_dir
        if root is None:
            return False
        target = (root / (path.lstrip("/") or "index.html")).resolve()
        if not target.is_file() or root.resolve() not in target.parents:
            return False
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._reply(200, {"Content-Type": kind, "Cache-Control": "no-cache"}, target.read_bytes())
        return True

    def _reply(self, status: int, headers: dict, data: bytes) -> None:
        self.send_response(status)
        origin = self.headers.get("origin")
        if origin and origin in self.server.allowed_origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
