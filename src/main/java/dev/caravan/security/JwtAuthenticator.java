package dev.caravan.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks OAuth 2.0 bearer tokens (JWT): the signature against the issuer's published keys (RS*, PS*, ES*; fetched
 * and cached, refreshed when an unknown key id appears), the issuer, the expiry and not-before (with a little clock
 * skew), the audience when one is configured, and a subject. The caller's role comes from a claim.
 */
@Component
public class JwtAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwtProperties properties;
    private final ObjectMapper mapper;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    public JwtAuthenticator(JwtProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** The caller a valid token names; empty for an invalid, expired, forged or foreign one (logged at debug). */
    public Optional<Caller> authenticate(String token) {
        if (!enabled() || token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor().process(token.trim(), null);
            Object name = claims.getClaim("preferred_username");
            return Optional.of(new Caller("jwt", claims.getSubject(), name == null ? null : name.toString(),
                    role(claims), claims.getExpirationTime().toInstant()));
        } catch (Exception e) {
            LOG.debug("bearer token refused: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The highest role the token names; {@link Role#DEVICE} (no API permission) when it names none. */
    Role role(JWTClaimsSet claims) {
        String prefix = properties.rolePrefix() == null ? "" : properties.rolePrefix();
        Role best = Role.DEVICE;
        for (String value : claimValues(claims.getClaims(), properties.rolesClaim())) {
            if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                continue;
            }
            for (Role role : Role.values()) {
                if (value.substring(prefix.length()).equalsIgnoreCase(role.value()) && role.ordinal() < best.ordinal()) {
                    best = role;
                }
            }
        }
        return best;
    }

    /** The string values at a dotted claim path ({@code realm_access.roles}): a list, a string or space-separated. */
    private static List<String> claimValues(Map<String, Object> claims, String path) {
        Object node = claims;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(part);
        }
        List<String> values = new ArrayList<>();
        if (node instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        } else if (node instanceof String text) {
            values.addAll(List.of(text.trim().split("\\s+")));
        }
        return values;
    }

    private DefaultJWTProcessor<SecurityContext> processor() throws IOException, InterruptedException {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p == null) {
            synchronized (this) {
                if (processor == null) {
                    processor = build();
                }
                p = processor;
            }
        }
        return p;
    }

    private DefaultJWTProcessor<SecurityContext> build() throws IOException, InterruptedException {
        String jwksUri = properties.jwksUri() == null || properties.jwksUri().isBlank() ? discover()
                : properties.jwksUri();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(jwksUri).toURL()).retrying(true).build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                properties.audience() == null || properties.audience().isBlank() ? null
                        : Set.of(properties.audience()),
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                Set.of("sub", "exp"), null);
        verifier.setMaxClockSkew((int) properties.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(verifier);
        LOG.info("Bearer tokens of {} accepted (keys from {})", properties.issuer(), jwksUri);
        return p;
    }

    /** The issuer's jwks_uri from its OpenID Connect discovery document. */
    private String discover() throws IOException, InterruptedException {
        String url = properties.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode document = mapper.readTree(response.body());
        if (response.statusCode() != 200 || !document.hasNonNull("jwks_uri")) {
            throw new IOException(url + " answered " + response.statusCode() + " without a jwks_uri");
        }
        return document.get("jwks_uri").asText();
    }
}
