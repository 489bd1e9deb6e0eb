#!/usr/bin/env python3
"""A small in-memory OpenID Connect provider for CI and local tests.

Built on Authlib's server components (AuthorizationServer, AuthorizationCodeGrant,
OpenIDCode, CodeChallenge, EndSessionEndpoint, JWTBearerClientAssertion) and
Flask. One confidential client with a secret and optionally a second one that
authenticates with private_key_jwt, authorization code flow with mandatory
PKCE S256, RS256 ID tokens, RP-initiated logout. Everything lives in memory
and is lost when the process exits.

Usage:
    python3 Tests/OIDC/provider.py --port 5556 --client-id nara \
        --client-secret hemligt-test --redirect-prefix http://127.0.0.1:8090/ \
        [--jwt-client-id nara-nyckel --jwt-client-jwks-uri URL] [--ready-file PATH]

This file holds the command line, the Flask app and its routes. The models and
the Authlib grant classes are in op_storage.py, private_key_jwt client
authentication in op_client_auth.py, the Swedish HTML pages in op_pages.py;
all are imported from this file's own folder.

See README.md next to this file for the endpoints and the ID token claims.
Only for tests: there is no real authentication, anybody can log in as anybody.
"""

import argparse
import logging
import os
import signal
import sys
import time
import uuid
from urllib.parse import urlsplit

from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server

from authlib.oauth2 import OAuth2Error

# The sibling modules are imported by name, whatever the working directory.
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from op_pages import html_response, login_page, message_page  # noqa: E402
from op_storage import (  # noqa: E402
    ACR_LOA2, ACR_VALUES, CLIENT_ASSERTION_ALGS, CLAIM_HSA, CLAIM_PNR, PRIVATE_KEY_JWT,
    TOKEN_AUTH_METHODS,
    Client, Identity, Store, create_authorization_server,
)

log = logging.getLogger("oidc-provider")


# --------------------------------------------------------------------------
# Flask app and routes
# --------------------------------------------------------------------------


def build_provider(issuer, client, store, key, jwt_client=None):
    """Create the Flask app with an Authlib AuthorizationServer wired up."""

    app = Flask(__name__)
    public_jwks = {"keys": [key.as_dict(private=False, use="sig", alg="RS256")]}
    server = create_authorization_server(app, issuer, client, store, key, public_jwks, jwt_client)

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
    if jwt_client is not None:
        discovery["token_endpoint_auth_methods_supported"] = TOKEN_AUTH_METHODS + [PRIVATE_KEY_JWT]
        discovery["token_endpoint_auth_signing_alg_values_supported"] = CLIENT_ASSERTION_ALGS

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
        return html_response(login_page(action, preselected, grant.request.client.client_id))

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
                    "client_id": grant.request.client.client_id,
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
    parser.add_argument("--jwt-client-id",
                        help="register a second client that authenticates with private_key_jwt")
    parser.add_argument("--jwt-client-jwks-uri",
                        help="URL of that client's public JWKS (fetched at token requests)")
    args = parser.parse_args(argv)
    if bool(args.jwt_client_id) != bool(args.jwt_client_jwks_uri):
        parser.error("--jwt-client-id and --jwt-client-jwks-uri go together")
    if args.jwt_client_id == args.client_id:
        parser.error("--jwt-client-id must differ from --client-id")
    if args.jwt_client_jwks_uri:
        jwks_parts = urlsplit(args.jwt_client_jwks_uri)
        if jwks_parts.scheme not in ("http", "https") or not jwks_parts.netloc:
            parser.error("--jwt-client-jwks-uri must be an absolute http(s) URL")
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
    jwt_client = None
    if args.jwt_client_id:
        jwt_client = Client(args.jwt_client_id, None, args.redirect_prefix,
                            jwks_uri=args.jwt_client_jwks_uri)

    # Bind first so that --port 0 works and the issuer carries the real port.
    http_server = make_server("127.0.0.1", args.port, None, threaded=True,
                              request_handler=RequestLogHandler)
    issuer = f"http://127.0.0.1:{http_server.server_port}"
    http_server.app = build_provider(issuer, client, store, key, jwt_client)

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
