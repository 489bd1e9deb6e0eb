"""``private_key_jwt`` client authentication for the test OpenID Connect provider.

RFC 7523 client assertions (OpenID Connect Core §9), verified with Authlib's
``JWTBearerClientAssertion`` and joserfc. The client's public keys come from
the JWKS document it publishes at its ``jwks_uri``; they are fetched with
urllib on the first token request, cached for the process, and fetched again
when an assertion names a ``kid`` that is not in the cached set.
Registered by op_storage.create_authorization_server; serves no HTTP itself.
"""

import json
import logging
import threading
import urllib.request

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from authlib.oauth2.rfc6749 import InvalidClientError
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion

log = logging.getLogger("oidc-provider")

JWKS_FETCH_TIMEOUT = 5  # seconds
ASSERTION_LEEWAY = 5  # seconds of clock skew allowed for exp/nbf/iat


class ClientJWKS:
    """Cache of the public keys each jwks_uri serves (thread safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cache = {}  # jwks_uri -> KeySet

    def fetch(self, uri):
        try:
            with urllib.request.urlopen(uri, timeout=JWKS_FETCH_TIMEOUT) as resp:
                data = json.loads(resp.read().decode("utf-8"))
            keys = KeySet.import_key_set(data)
        except Exception as error:  # network, JSON or key errors alike
            log.warning("could not fetch client JWKS %s: %s", uri, error)
            raise InvalidClientError(
                description="The client's JWKS could not be fetched.") from None
        log.info("fetched client JWKS %s (%d keys)", uri, len(keys.keys))
        with self.lock:
            self.cache[uri] = keys
        return keys

    def keys_for(self, uri, kid):
        """The client's key set; re-fetched when ``kid`` is not in the cached one."""
        with self.lock:
            keys = self.cache.get(uri)
        if keys is None or (kid and not any(k.kid == kid for k in keys.keys)):
            keys = self.fetch(uri)
        return keys


class PrivateKeyJWTAuth(JWTBearerClientAssertion):
    """Authlib's RFC 7523 client assertion check, as ``private_key_jwt``.

    Authlib already checks the assertion type, the signature, ``iss`` and
    ``sub`` (present and equal; ``sub`` selects the client), ``aud``, ``exp``
    and that ``jti`` is present; this class supplies the audiences, the
    single-use ``jti`` store, the keys from the client's ``jwks_uri``, the
    allowed algorithms and a check of a ``client_id`` form parameter.
    """

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, issuer, store, algorithms):
        super().__init__(validate_jti=True, leeway=ASSERTION_LEEWAY)
        self.issuer = issuer
        self.store = store
        self.algorithms = list(algorithms)
        self.jwks = ClientJWKS()

    def __call__(self, query_client, request):
        client = super().__call__(query_client, request)
        if client is not None:
            form_client_id = request.form.get("client_id")
            if form_client_id and form_client_id != client.get_client_id():
                raise InvalidClientError(
                    description="'client_id' does not match the client assertion.")
        return client

    def get_audiences(self):
        return [self.issuer + "/token", self.issuer]

    def resolve_client_public_key(self, client):
        uri = getattr(client, "jwks_uri", None)
        if not uri:
            raise InvalidClientError(description="The client has no registered keys.")

        def resolve(obj):
            # Called by joserfc with the parsed JWS, so the header's kid is known.
            return self.jwks.keys_for(uri, obj.headers().get("kid"))

        return resolve

    def process_assertion_claims(self, assertion, resolve_key):
        # As Authlib's, but only the advertised signing algorithms are allowed.
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=self.algorithms)
        except JoseError as error:
            log.warning("refused client assertion: %s", error.description or error.error)
            raise InvalidClientError(description=error.description) from error
        self.verify_claims(token.claims)
        return token.claims

    def validate_jti(self, claims, jti):
        if not isinstance(jti, str) or not jti:
            return False
        entry = (claims["sub"], jti)
        with self.store.lock:
            if entry in self.store.used_jtis:
                log.warning("refused replayed client assertion jti=%s", jti)
                return False
            self.store.used_jtis.add(entry)
        return True
