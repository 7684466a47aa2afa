package dev.caravan.security;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Who a request comes from: an {@code Authorization: Bearer} token when it has one (OAuth 2.0, when an issuer is
 * configured), its {@code X-API-Key} otherwise.
 */
@Component
public class Authenticator {

    public static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeyService keys;
    private final JwtAuthenticator jwt;

    public Authenticator(ApiKeyService keys, JwtAuthenticator jwt) {
        this.keys = keys;
        this.jwt = jwt;
    }

    public Optional<Caller> authenticate(String apiKey, String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return jwt.authenticate(authorization.substring(7));
        }
        return keys.authenticate(apiKey).map(Caller::of);
    }

    /** What a 401 offers in {@code WWW-Authenticate}. */
    public String challenge() {
        return jwt.enabled() ? "ApiKey, Bearer realm=\"caravan\"" : "ApiKey";
    }
}
