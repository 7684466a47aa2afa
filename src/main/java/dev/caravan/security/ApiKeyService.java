package dev.caravan.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Service;

import dev.caravan.support.BadRequestException;
import dev.caravan.support.ConflictException;
import dev.caravan.support.NotFoundException;

/**
 * Makes, finds, rotates and revokes API keys. A key is 32 random bytes (URL-safe Base64 after {@value #PREFIX}); the
 * hub keeps its SHA-256 only. A fast hash is enough for secrets with 256 bits of entropy: nobody can guess one, and
 * the hash is what the key is looked up by.
 */
@Service
public class ApiKeyService {

    static final String PREFIX = "cvn_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRepository repository;
    private final SecurityProperties properties;
    private final Cache<String, Optional<ApiKey>> byHash;

    public ApiKeyService(ApiKeyRepository repository, SecurityProperties properties) {
        this.repository = repository;
        this.properties = properties;
        this.byHash = Caffeine.newBuilder().expireAfterWrite(properties.keyCacheTtl()).maximumSize(100_000).build();
    }

    /** The key a secret belongs to, if it is active now. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String hash = hash(secret.trim());
        Optional<ApiKey> key = byHash.get(hash, repository::byHash);
        return key.filter(k -> k.activeAt(Instant.now()));
    }

    /** A new key; the answer holds its secret, shown this once. */
    public ApiKey create(String name, Role role, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new BadRequestException("name: 1 to 100 characters");
        }
        if (role == null) {
            throw new BadRequestException("role: one of admin, operator, viewer, device");
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new BadRequestException("expiresAt: a time in the future");
        }
        return store(name.trim(), role, expiresAt, null, newSecret());
    }

    /**
     * A successor with the same name, role and expiry; the old key keeps working for {@code grace} (the configured
     * rotation grace when null), then stops.
     */
    public ApiKey rotate(String id, Duration grace) {
        ApiKey old = get(id);
        if (!old.activeAt(Instant.now())) {
            throw new ConflictException("API key '" + id + "' is revoked or expired and cannot be rotated");
        }
        Duration keep = grace == null ? properties.rotationGrace() : grace;
        if (keep.isNegative()) {
            throw new BadRequestException("graceSeconds: 0 or more");
        }
        ApiKey successor = store(old.name(), old.role(), old.expiresAt(), old.id(), newSecret());
        repository.expireBy(old.id(), Instant.now().plus(keep));
        byHash.invalidateAll();
        return successor;
    }

    public void revoke(String id) {
        get(id);
        if (!repository.revoke(id)) {
            throw new ConflictException("API key '" + id + "' is revoked already");
        }
        byHash.invalidateAll();
    }

    public ApiKey get(String id) {
        return repository.byId(id).orElseThrow(() -> new NotFoundException("no API key '" + id + "'"));
    }

    public List<ApiKey> list() {
        return repository.list();
    }

    boolean activeAdminExists() {
        return repository.activeAdminExists();
    }

    /**
     * Installs {@code secret} as the admin key named {@code name}, replacing any earlier key of that name; kept as
     * it is when it is installed already (every start of every hub does this).
     */
    ApiKey install(String name, String secret) {
        Optional<ApiKey> installed = repository.byHash(hash(secret));
        if (installed.isPresent() && installed.get().name().equals(name) && installed.get().role() == Role.ADMIN
                && installed.get().activeAt(Instant.now())) {
            return installed.get();
        }
        repository.deleteByName(name);
        byHash.invalidateAll();
        return store(name, Role.ADMIN, null, null, secret);
    }

    private ApiKey store(String name, Role role, Instant expiresAt, String rotatedFrom, String secret) {
        String id = "key-" + UUID.randomUUID().toString().substring(0, 13);
        ApiKey key = new ApiKey(id, name, role, secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6)),
                Instant.now(), expiresAt, null, rotatedFrom, null);
        repository.insert(key, hash(secret));
        return key.withSecret(secret);
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
