package dev.caravan.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.command.Command;
import dev.caravan.command.CommandDispatcher;
import dev.caravan.command.CommandPollers;
import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.security.DeviceRateLimit;
import dev.caravan.security.Lockouts;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MessageSender;
import dev.caravan.mqtt.TopicKind;
import dev.caravan.registry.DeviceTokens;
import dev.caravan.status.LastSeenStore;

/**
 * {@code /api/ingest/{id}/…}: the canonical protocol over HTTP, for devices without MQTT. A message goes through the
 * same ingest routes as an MQTT one (validation, dead letters, storage); the answer waits until it is stored (202) or
 * says why it was refused (the dead letter reason as the error code). Commands are fetched by long polling.
 */
@Component("ingestApi")
public class IngestApi {

    public static final String TOKEN_HEADER = "X-Device-Token";
    private static final Map<String, TopicKind> KINDS = Map.of("telemetry", TopicKind.TELEMETRY,
            "status", TopicKind.STATUS, "response", TopicKind.RESPONSE, "event", TopicKind.EVENT);
    private static final int MAX_WAIT_SECONDS = 60;

    private final DeviceTokens tokens;
    private final Lockouts lockouts;
    private final ProducerTemplate producer;
    private final CommandDispatcher dispatcher;
    private final CommandPollers pollers;
    private final LastSeenStore lastSeen;
    private final ObjectMapper mapper;

    public IngestApi(DeviceTokens tokens, ProducerTemplate producer, CommandDispatcher dispatcher,
                     CommandPollers pollers, LastSeenStore lastSeen, ObjectMapper mapper, Lockouts lockouts) {
        this.lockouts = lockouts;
        this.tokens = tokens;
        this.producer = producer;
        this.dispatcher = dispatcher;
        this.pollers = pollers;
        this.lastSeen = lastSeen;
        this.mapper = mapper;
    }

    /**
     * 401 unless the request carries the device's token; 429 with {@code Retry-After} while the device is locked out
     * after repeated wrong tokens (caravan.security.lockout-*).
     */
    public void authenticate(Exchange exchange) {
        String deviceId = DeviceApi.id(exchange);
        String lockout = "device-token:" + deviceId;
        long lockedMs = lockouts.lockedForMs(lockout);
        if (lockedMs > 0) {
            throw ApiException.tooManyRequests("TOO_MANY_REQUESTS", "too many wrong tokens for device " + deviceId
                    + "; try again later", lockedMs);
        }
        String token = exchange.getMessage().getHeader(TOKEN_HEADER, String.class);
        if (!tokens.verify(deviceId, token)) {
            lockouts.failed(lockout);
            throw new ApiException(401, "UNAUTHORIZED", token == null ? "send the device's token in "
                    + TOKEN_HEADER : "the token is not this device's");
        }
        lockouts.succeeded(lockout);
    }

    /** Sends the body through the ingest route of its kind; completes once it is stored or refused. */
    public CompletableFuture<Object> message(Exchange exchange) {
        String deviceId = DeviceApi.id(exchange);
        TopicKind kind = KINDS.get(exchange.getMessage().getHeader("kind", String.class));
        if (kind == null) {
            throw new ApiException(404, "NOT_FOUND", "POST /api/ingest/{id}/ telemetry, status, response or event");
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "send the message as application/json");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        // a new exchange: the ingest route's dead letter keeps its original message, the canonical one
        return producer.asyncSend("direct:" + kind.segment(), e -> {
            e.getMessage().setHeader(CaravanHeaders.TOPIC, DeviceTopic.of(deviceId, kind));
            e.getMessage().setHeader(CaravanHeaders.SOURCE, "http");
            e.getMessage().setHeader(MessageSender.HEADER, deviceId); // authenticated by its token
            e.getMessage().setBody(body == null ? new byte[0] : body);
        }).thenApply(done -> outcome(exchange, done));
    }

    private Object outcome(Exchange exchange, Exchange done) {
        Throwable refused = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (refused instanceof DeviceRateLimit.RateLimitedException limited) {
            throw ApiException.tooManyRequests(limited.reason().name(), limited.getMessage(), limited.waitMillis());
        }
        if (refused instanceof InvalidMessageException invalid) {
            int status = invalid.reason() == DeadLetterReason.PAYLOAD_TOO_LARGE ? 413 : 400;
            throw new ApiException(status, invalid.reason().name(), invalid.getMessage());
        }
        if (refused != null) {
            throw new IllegalStateException("ingest failed", refused);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return Map.of("accepted", true);
    }

    /**
     * {@code GET /api/ingest/{id}/commands/next?wait=30}: the next due command (200, the canonical command payload),
     * waiting up to {@code wait} seconds for one; 204 when none came. A poll is a sign of life.
     */
    public CompletableFuture<Object> nextCommand(Exchange exchange) {
        String deviceId = DeviceApi.id(exchange);
        Duration wait = Duration.ofSeconds(ApiRequests.integer(exchange, "wait", 30, 0, MAX_WAIT_SECONDS));
        Instant deadline = Instant.now().plus(wait);
        lastSeen.seen(deviceId, Instant.now());
        return poll(exchange, deviceId, deadline);
    }

    private CompletableFuture<Object> poll(Exchange exchange, String deviceId, Instant deadline) {
        Optional<Command> next = dispatcher.fetchNext(deviceId);
        if (next.isPresent()) {
            return CompletableFuture.completedFuture(payload(next.get()));
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
            return CompletableFuture.completedFuture(null);
        }
        return pollers.await(deviceId, left).thenCompose(woken -> poll(exchange, deviceId, deadline));
    }

    private JsonNode payload(Command command) {
        try {
            return mapper.readTree(new String(dispatcher.payload(command), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
