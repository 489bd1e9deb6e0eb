"""In-memory state and the Authlib wiring of the test OpenID Connect provider.

Holds the protocol constants, the models Authlib works with (the one client,
authorization codes, the identity typed on the login page, the shared store)
and ``create_authorization_server``, which defines this provider's grant,
PKCE and OpenID extensions and its end-session endpoint and registers them.
Used by provider.py; nothing here serves HTTP by itself.
"""

import hashlib
import hmac
import logging
import threading
import time
from dataclasses import dataclass

from authlib.common.urls import add_params_to_uri
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.grants.util import is_openid_scope
from authlib.oidc.core.models import AuthorizationCodeMixin
from authlib.oidc.rpinitiated import EndSessionEndpoint

from op_client_auth import PrivateKeyJWTAuth

log = logging.getLogger("oidc-provider")

ACR_LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
ACR_LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
ACR_LOA4 = "http://id.elegnamnden.se/loa/1.0/loa4"
ACR_VALUES = [ACR_LOA2, ACR_LOA3, ACR_LOA4]

CLAIM_PNR = "https://id.oidc.se/claim/personalIdentityNumber"
CLAIM_HSA = "hsa_id"

CODE_LIFETIME = 60  # seconds
ID_TOKEN_LIFETIME = 300  # seconds
ACCESS_TOKEN_LIFETIME = 300  # seconds
TOKEN_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
PRIVATE_KEY_JWT = "private_key_jwt"
CLIENT_ASSERTION_ALGS = ["RS256", "ES256"]


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
    """A confidential client of this provider.

    The main client has a secret (``client_secret_basic``/``client_secret_post``);
    the optional second one has ``jwks_uri`` instead and authenticates with
    ``private_key_jwt`` (see op_client_auth.py).
    """

    def __init__(self, client_id, client_secret, redirect_prefix, jwks_uri=None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_prefix = redirect_prefix
        self.jwks_uri = jwks_uri
        self.auth_methods = [PRIVATE_KEY_JWT] if jwks_uri else TOKEN_AUTH_METHODS
        self.client_metadata = {
            "post_logout_redirect_uris": PrefixList(redirect_prefix),
            "token_endpoint_auth_method": self.auth_methods[0],
        }
        if jwks_uri:
            self.client_metadata["jwks_uri"] = jwks_uri

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
        if self.client_secret is None:
            return False
        return hmac.compare_digest(
            (client_secret or "").encode("utf-8"), self.client_secret.encode("utf-8")
        )

    def check_endpoint_auth_method(self, method, endpoint):
        if endpoint == "token":
            return method in self.auth_methods
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
        self.used_jtis = set()  # (client_id, jti) of every accepted client assertion

# --------------------------------------------------------------------------
# Authlib grant, extensions and endpoints
# --------------------------------------------------------------------------


def create_authorization_server(app, issuer, client, store, key, public_jwks, jwt_client=None):
    """Create the Authlib AuthorizationServer for ``app`` with everything registered.

    ``client`` is the main (client secret) client; ``jwt_client``, if given, a
    second client that authenticates with ``private_key_jwt``.
    """

    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": ACCESS_TOKEN_LIFETIME}
    clients = {c.client_id: c for c in (jwt_client, client) if c is not None}
    token_auth_methods = TOKEN_AUTH_METHODS + ([PRIVATE_KEY_JWT] if jwt_client else [])

    def query_client(client_id):
        return clients.get(client_id) if isinstance(client_id, str) else None

    def save_token(token, req):
        with store.lock:
            store.tokens[token["access_token"]] = {
                "client_id": req.client.client_id,
                "sub": req.user.sub if req.user else None,
                "expires_at": time.time() + token.get("expires_in", 0),
            }

    server = AuthorizationServer(app, query_client=query_client, save_token=save_token)

    class CodeGrant(AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = token_auth_methods

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
                # No client named: the main client is implied.
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

    if jwt_client is not None:
        server.register_client_auth_method(
            PRIVATE_KEY_JWT, PrivateKeyJWTAuth(issuer, store, CLIENT_ASSERTION_ALGS))
    server.register_grant(CodeGrant, [S256Required(required=True), OpenIDCodeExtension(require_nonce=False)])
    server.register_endpoint(EndSession)

    return server
