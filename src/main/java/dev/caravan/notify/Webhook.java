package dev.caravan.notify;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A webhook: where notifications of which types go.
 *
 * @param secret the signing key; shown only in the answer that creates the webhook
 */
public record Webhook(String id, String url, List<String> events,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String secret, Instant createdAt) {

    public Webhook withoutSecret() {
        return new Webhook(id, url, events, null, createdAt);
    }
}
