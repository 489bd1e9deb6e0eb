#!/usr/bin/env python3
"""A small in-memory OpenID Connect provider for CI and local tests.

Built on Authlib's server components (AuthorizationServer, AuthorizationCodeGrant,
OpenIDCode, CodeChallenge, EndSessionEndpoint) and Flask. One confidential client,
authorization code flow with mandatory PKCE S256, RS256 ID tokens, RP-initiated
logout. Everything lives in memory and is lost when the process exits.

Usage:
    python3 Tests/OIDC/provider.py --port 5556 --client-id nara \
        --client-secret hemligt-test --redirect-prefix http://127.0.0.1:8090/ \
        [--ready-file PATH]

See README.md next to this file for the endpoints and the ID token claims.
Only for tests: there is no real authentication, anybody can log in as anybody.
"""

import argparse
import hashlib
import hmac
import html
import logging
import os
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server

from authlib.common.urls import add_params_to_uri
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.grants.util import is_openid_scope
from authlib.oidc.core.models import AuthorizationCodeMixin
from authlib.oidc.rpinitiated import EndSessionEndpoint

log = logging.getLogger("oidc-provider")

ACR_LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
ACR_LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
ACR_LOA4 = "http://id.elegnamnden.se/loa/1.0/loa4"
ACR_VALUES = [ACR_LOA2, ACR_LOA3, ACR_LOA4]
ACR_LABELS = {
    ACR_LOA2: "Tillitsnivå 2 (loa2)",
    ACR_LOA3: "Tillitsnivå 3 (loa3)",
    ACR_LOA4: "Tillitsnivå 4 (loa4)",
}

CLAIM_PNR = "https://id.oidc.se/claim/personalIdentityNumber"
CLAIM_HSA = "hsa_id"

CODE_LIFETIME = 60  # seconds
ID_TOKEN_LIFETIME = 300  # seconds
ACCESS_TOKEN_LIFETIME = 300  # seconds
TOKEN_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


# --------------------------------------------------------------------------
# Models (in memory)
# --------------------------------------------------------------------------


@dataclass
class Identity:
    """Who the tester claimed to be on the login page."""

    pnr: str
    email: str
    name: str
    hsa: str
    acr: str
    auth_time: int

    @property
    def sub(self):
        # Stable subject: sha256 (hex) of the first non-empty of pnr, email,
        # hsa, name; a constant when everything was left empty.
        basis = self.pnr or self.email or self.hsa or self.name or "anonym"
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()


class PrefixList:
    """Acts like a list of registered URIs but accepts every URI with the prefix.

    Used as the client's ``post_logout_redirect_uris`` metadata, which Authlib's
    EndSessionEndpoint checks with ``uri in registered_uris``.
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __contains__(self, uri):
        return isinstance(uri, str) and uri.startswith(self.prefix)


class Client(ClientMixin):
    """The single confidential client this provider knows."""

    def __init__(self, client_id, client_secret, redirect_prefix):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_prefix = redirect_prefix
        self.client_metadata = {
            "post_logout_redirect_uris": PrefixList(redirect_prefix),
            "token_endpoint_auth_method": "client_secret_basic",
        }

    def accepts_uri(self, uri):
        return isinstance(uri, str) and uri.startswith(self.redirect_prefix)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None  # redirect_uri is required in every authorization request

    def get_allowed_scope(self, scope):
        return scope or ""

    def check_redirect_uri(self, redirect_uri):
        return self.accepts_uri(redirect_uri)

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(
            (client_secret or "").encode("utf-8"), self.client_secret.encode("utf-8")
        )

    def check_endpoint_auth_method(self, method, endpoint):
        if endpoint == "token":
            return method in TOKEN_AUTH_METHODS
        return False

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class AuthorizationCode(AuthorizationCodeMixin):
    def __init__(self, code, client_id, redirect_uri, scope, nonce,
                 code_challenge, code_challenge_method, identity):
        self.code = code
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self.scope = scope
        self.nonce = nonce
        self.code_challenge = code_challenge
        self.code_challenge_method = code_challenge_method
        self.identity = identity
        self.issued_at = time.time()

    def is_expired(self):
        return time.time() > self.issued_at + CODE_LIFETIME

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.identity.auth_time

    def get_acr(self):
        return self.identity.acr

    def get_amr(self):
        return None


class Store:
    """All mutable state, guarded by one lock (the server is threaded)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.codes = {}  # code -> AuthorizationCode
        self.used_nonces = set()  # (client_id, nonce) of every issued code
        self.tokens = {}  # access_token -> dict
        self.sessions = {}  # sub -> dict: who is "logged in" at the provider
        self.logout_log = []  # list of dicts, see /logout-log


# --------------------------------------------------------------------------
# Authlib grant, extensions and endpoints
# --------------------------------------------------------------------------


def build_provider(issuer, client, store, key):
    """Create the Flask app with an Authlib AuthorizationServer wired up."""

    app = Flask(__name__)
    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": ACCESS_TOKEN_LIFETIME}
    public_jwks = {"keys": [key.as_dict(private=False, use="sig", alg="RS256")]}

    def query_client(client_id):
        if client_id == client.client_id:
            return client
        return None

    def save_token(token, req):
        with store.lock:
            store.tokens[token["access_token"]] = {
                "client_id": req.client.client_id,
                "sub": req.user.sub if req.user else None,
                "expires_at": time.time() + token.get("expires_in", 0),
            }

    server = AuthorizationServer(app, query_client=query_client, save_token=save_token)

    class CodeGrant(AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS

        def validate_requested_scope(self):
            # This is an OpenID provider: plain OAuth 2.0 requests are refused.
            super().validate_requested_scope()
            if not is_openid_scope(self.request.payload.scope):
                raise InvalidScopeError("The 'scope' must include 'openid'.")

        def save_authorization_code(self, code, req):
            data = req.payload.data
            item = AuthorizationCode(
                code=code,
                client_id=req.client.client_id,
                redirect_uri=req.payload.redirect_uri,
                scope=req.scope,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                identity=req.user,
            )
            with store.lock:
                store.codes[code] = item
                if item.nonce:
                    store.used_nonces.add((item.client_id, item.nonce))
            return item

        def query_authorization_code(self, code, client_):
            # Single use: the code is removed on its first presentation, so a
            # replay (or a second attempt after a failed one) gets invalid_grant.
            with store.lock:
                item = store.codes.pop(code, None)
            if item is None or item.client_id != client_.client_id or item.is_expired():
                return None
            return item

        def delete_authorization_code(self, authorization_code):
            with store.lock:
                store.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code):
            return authorization_code.identity

    class S256Required(CodeChallenge):
        """PKCE is mandatory for every client, and only S256 is accepted."""

        SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

        def validate_code_challenge(self, grant, redirect_uri):
            data = grant.request.payload.data
            if not data.get("code_challenge"):
                raise InvalidRequestError("PKCE is required: missing 'code_challenge'.")
            if data.get("code_challenge_method") != "S256":
                raise InvalidRequestError("PKCE 'code_challenge_method' must be 'S256'.")
            super().validate_code_challenge(grant, redirect_uri)

    class OpenIDCodeExtension(OpenIDCode):
        def exists_nonce(self, nonce, req):
            with store.lock:
                return (req.payload.client_id, nonce) in store.used_nonces

        def resolve_client_private_key(self, client_):
            return key

        def get_client_algorithm(self, client_):
            return "RS256"

        def get_encode_header(self, client_):
            # Authlib only adds a kid when the deprecated get_jwt_config is used.
            return {"alg": "RS256", "kid": key.kid, "typ": "JWT"}

        def get_client_claims(self, client_):
            now = int(time.time())
            return {
                "iss": issuer,
                "aud": client_.get_client_id(),
                "iat": now,
                "exp": now + ID_TOKEN_LIFETIME,
            }

        def generate_user_info(self, user, scope):
            # nonce, auth_time and acr come from the authorization code
            # (OpenIDToken.get_authorization_code_claims).
            info = UserInfo(sub=user.sub)
            if user.email:
                info["email"] = user.email
            if user.name:
                info["name"] = user.name
            if user.pnr:
                info[CLAIM_PNR] = user.pnr
            if user.hsa:
                info[CLAIM_HSA] = user.hsa
            return info

    class EndSession(EndSessionEndpoint):
        def get_server_jwks(self):
            return public_jwks

        def get_algorithms(self):
            return ["RS256"]

        def is_post_logout_redirect_uri_legitimate(self, req, uri, client_, logout_hint):
            # The redirect prefix is this test provider's registration; trust it
            # even without an id_token_hint.
            return client_.accepts_uri(uri)

        def validate_request(self, req):
            data = req.payload.data
            client_id = data.get("client_id")
            if client_id and query_client(client_id) is None:
                raise InvalidRequestError("Unknown 'client_id'.")
            result = super().validate_request(req)
            uri = data.get("post_logout_redirect_uri")
            if result.client is None and not client_id and not data.get("id_token_hint"):
                # Single-client provider: the only client is implied.
                result.client = client
                if uri and client.accepts_uri(uri):
                    state = data.get("state")
                    result.redirect_uri = add_params_to_uri(uri, {"state": state}) if state else uri
            return result

        def end_session(self, end_request):
            data = end_request.request.payload.data
            sub = (end_request.id_token_claims or {}).get("sub")
            with store.lock:
                had_session = store.sessions.pop(sub, None) is not None if sub else False
                store.logout_log.append({
                    "sub": sub,
                    "time": int(time.time()),
                    "client_id": end_request.client.client_id if end_request.client else None,
                    "post_logout_redirect_uri": data.get("post_logout_redirect_uri"),
                    "state": data.get("state"),
                    "had_session": had_session,
                })
            log.info("logout sub=%s had_session=%s", sub, had_session)

    server.register_grant(CodeGrant, [S256Required(required=True), OpenIDCodeExtension(require_nonce=False)])
    server.register_endpoint(EndSession)

    # ----------------------------------------------------------------------
    # Routes
    # ----------------------------------------------------------------------

    discovery = {
        "issuer": issuer,
        "authorization_endpoint": issuer + "/authorize",
        "token_endpoint": issuer + "/token",
        "jwks_uri": issuer + "/jwks",
        "end_session_endpoint": issuer + "/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": TOKEN_AUTH_METHODS,
        "scopes_supported": ["openid", "profile", "email"],
        "claims_supported": [
            "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr",
            "at_hash", "email", "name", CLAIM_PNR, CLAIM_HSA,
        ],
        "acr_values_supported": ACR_VALUES,
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "ui_locales_supported": ["sv"],
    }

    @app.after_request
    def no_store(resp):
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.get("/.well-known/openid-configuration")
    def openid_configuration():
        return jsonify(discovery)

    @app.get("/jwks")
    def jwks():
        return jsonify(public_jwks)

    @app.get("/authorize")
    def authorize_form():
        try:
            grant = server.get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return authorize_error(error)
        requested = (grant.request.payload.data.get("acr_values") or "").split()
        preselected = requested[0] if requested and requested[0] in ACR_VALUES else ACR_LOA2
        action = "/authorize"
        if request.query_string:
            action += "?" + request.query_string.decode("latin-1")
        return html_response(login_page(action, preselected, client.client_id))

    @app.post("/authorize")
    def authorize_submit():
        cancelled = request.form.get("action") == "avbryt"
        identity = None
        if not cancelled:
            acr = request.form.get("acr", "").strip()
            if not acr:
                requested = (request.args.get("acr_values") or "").split()
                acr = requested[0] if requested and requested[0] in ACR_VALUES else ACR_LOA2
            if acr not in ACR_VALUES:
                return html_response(message_page(
                    "Ogiltig begäran", "Okänd tillitsnivå (acr)."), 400)
            identity = Identity(
                pnr=request.form.get("pnr", "").strip(),
                email=request.form.get("email", "").strip(),
                name=request.form.get("name", "").strip(),
                hsa=request.form.get("hsa", "").strip(),
                acr=acr,
                auth_time=int(time.time()),
            )
        try:
            grant = server.get_consent_grant(end_user=identity)
        except OAuth2Error as error:
            return authorize_error(error)
        response = server.create_authorization_response(grant_user=identity, grant=grant)
        if identity is not None and response.status_code == 302 and "code=" in response.headers.get("Location", ""):
            with store.lock:
                store.sessions[identity.sub] = {
                    "client_id": client.client_id,
                    "auth_time": identity.auth_time,
                    "acr": identity.acr,
                }
            log.info("issued code sub=%s acr=%s", identity.sub, identity.acr)
        return response

    def authorize_error(error):
        if error.redirect_uri:
            # client and redirect_uri are valid: send the error back to the RP
            return server.handle_error_response(None, error)
        log.warning("refused authorization request: %s %s", error.error, error.description)
        return html_response(message_page(
            "Ogiltig begäran",
            f"Inloggningsbegäran avvisades: {error.error} – {error.description or ''}"), 400)

    @app.post("/token")
    def issue_token():
        return server.create_token_response()

    @app.route("/logout", methods=["GET", "POST"])
    def logout():
        uri = request.values.get("post_logout_redirect_uri")
        if uri and not client.accepts_uri(uri):
            return html_response(message_page(
                "Ogiltig begäran", "Adressen att återvända till (post_logout_redirect_uri) är inte tillåten."), 400)
        try:
            end_request = server.validate_endpoint_request("end_session")
        except OAuth2Error as error:
            log.warning("refused logout request: %s %s", error.error, error.description)
            return html_response(message_page(
                "Ogiltig begäran", f"Utloggningen avvisades: {error.description or error.error}"), 400)
        response = server.create_endpoint_response("end_session", end_request)
        if response is not None:
            return response
        return html_response(message_page("Utloggad", "Du är utloggad från identitetstjänsten."))

    @app.get("/logout-log")
    def logout_log():
        with store.lock:
            return jsonify(list(store.logout_log))

    return app


# --------------------------------------------------------------------------
# HTML (Swedish, what a person sees)
# --------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
label { display: block; margin-top: 0.8rem; font-weight: 600; }
input[type=text] { width: 100%; padding: 0.4rem; font-size: 1rem; box-sizing: border-box; }
fieldset { margin-top: 1rem; }
fieldset label { display: inline; font-weight: normal; margin: 0 0 0 0.3rem; }
.radio { margin: 0.3rem 0; }
.buttons { margin-top: 1.2rem; display: flex; gap: 0.8rem; }
button { font-size: 1rem; padding: 0.5rem 1.2rem; }
.hint { color: #555; font-size: 0.9rem; }
"""


def html_response(body, status=200):
    return Response(body, status=status, mimetype="text/html", headers={"Content-Language": "sv"})


def page(title, content):
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{content}\n</main>\n</body>\n</html>\n"
    )


def message_page(title, message):
    return page(title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(message)}</p>")


def login_page(action, preselected_acr, client_id):
    def text_field(field_id, label, inputmode="text", hint=""):
        hint_html = f'<span class="hint" id="{field_id}-hint">{html.escape(hint)}</span>' if hint else ""
        described = f' aria-describedby="{field_id}-hint"' if hint else ""
        return (
            f'<label for="{field_id}">{html.escape(label)}</label>\n'
            f'<input type="text" inputmode="{inputmode}" id="{field_id}" name="{field_id}" autocomplete="off"{described}>\n'
            f"{hint_html}\n"
        )

    radios = []
    for value in ACR_VALUES:
        radio_id = "acr-" + value.rsplit("/", 1)[-1]
        checked = " checked" if value == preselected_acr else ""
        radios.append(
            f'<div class="radio"><input type="radio" id="{radio_id}" name="acr" '
            f'value="{html.escape(value)}"{checked}>'
            f'<label for="{radio_id}">{html.escape(ACR_LABELS[value])}</label></div>'
        )

    content = (
        "<h1>Logga in</h1>\n"
        f"<p>Testinloggning för <strong>{html.escape(client_id)}</strong>. "
        "Ange de uppgifter som ska skickas till tjänsten. Alla fält är frivilliga.</p>\n"
        f'<form method="post" action="{html.escape(action)}">\n'
        + text_field("pnr", "Personnummer", hint="12 siffror, till exempel 197001011234")
        + text_field("email", "E-postadress", inputmode="email")
        + text_field("name", "Namn")
        + text_field("hsa", "HSA-id")
        + "<fieldset>\n<legend>Tillitsnivå</legend>\n"
        + "\n".join(radios)
        + "\n</fieldset>\n"
        '<div class="buttons">\n'
        '<button type="submit" id="logga-in" name="action" value="logga-in">Logga in</button>\n'
        '<button type="submit" id="avbryt" name="action" value="avbryt" formnovalidate>Avbryt</button>\n'
        "</div>\n</form>"
    )
    return page("Logga in – testidentitetstjänst", content)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


class RequestLogHandler(WSGIRequestHandler):
    """One plain line per request on stderr (no ANSI colours)."""

    def log_request(self, code="-", size="-"):
        log.info('%s "%s" %s', self.address_string(), self.requestline, getattr(code, "value", code))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="In-memory OpenID Connect provider for tests.")
    parser.add_argument("--port", type=int, default=5556, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--client-id", default="nara")
    parser.add_argument("--client-secret", default="hemligt-test")
    parser.add_argument("--redirect-prefix", default="http://127.0.0.1:8090/",
                        help="every redirect_uri and post_logout_redirect_uri must start with this")
    parser.add_argument("--ready-file", help="write the issuer URL to this file once listening")
    args = parser.parse_args(argv)
    parts = urlsplit(args.redirect_prefix)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        parser.error("--redirect-prefix must be an absolute http(s) URL")
    return args


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")

    key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex[:16]}, private=True)
    store = Store()
    client = Client(args.client_id, args.client_secret, args.redirect_prefix)

    # Bind first so that --port 0 works and the issuer carries the real port.
    http_server = make_server("127.0.0.1", args.port, None, threaded=True,
                              request_handler=RequestLogHandler)
    issuer = f"http://127.0.0.1:{http_server.server_port}"
    http_server.app = build_provider(issuer, client, store, key)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)

    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(issuer + "\n")
        os.replace(tmp, args.ready_file)
    print(f"OIDC test provider ready: {issuer}", flush=True)

    try:
        http_server.serve_forever()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        http_server.server_close()
        log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
