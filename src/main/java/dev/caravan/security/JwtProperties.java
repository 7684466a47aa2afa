package dev.caravan.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OAuth 2.0 bearer tokens for the HTTP API ({@code caravan.security.jwt.*}; docs/security.md). Off while
 * {@code issuer} is empty.
 *
 * @param issuer     the identity provider's issuer ({@code iss} of its tokens), e.g.
 *                   {@code https://sso.example.com/realms/caravan}
 * @param jwksUri    where its signing keys are; empty: found through {@code {issuer}/.well-known/openid-configuration}
 * @param audience   the {@code aud} a token must name; empty: not checked
 * @param rolesClaim the claim holding the caller's roles, dotted for nested ones (Keycloak: {@code realm_access.roles})
 * @param rolePrefix what the provider's role names start with ({@code caravan-} makes {@code caravan-operator} the
 *                   operator role); the highest role named wins
 * @param clockSkew  tolerance for {@code exp} and {@code nbf}
 */
@ConfigurationProperties("caravan.security.jwt")
public record JwtProperties(String issuer, String jwksUri, String audience, String rolesClaim, String rolePrefix,
                            Duration clockSkew) {

    public boolean enabled() {
        return issuer != null && !issuer.isBlank();
    }
}
