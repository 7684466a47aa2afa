package dev.caravan.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetter;
import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.DeadLetterStore;

/**
 * Delivers queued notifications: an HTTP POST of the event as JSON, signed ({@link WebhookSignature}), answered 2xx
 * within the timeout. A failure is retried with backoff; after the last attempt the notification goes to the dead
 * letter store (WEBHOOK_FAILED). Deliveries are claimed in PostgreSQL, so several hubs share the queue.
 */
@Component("webhookDeliverer")
public class WebhookDeliverer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliverer.class);
    private static final int BATCH = 100;

    private final WebhookRepository repository;
    private final WebhookProperties properties;
    private final DeadLetterStore deadLetters;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final ExecutorService soon = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webhook-delivery");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    public WebhookDeliverer(WebhookRepository repository, WebhookProperties properties, DeadLetterStore deadLetters,
                            MeterRegistry meters) {
        this.repository = repository;
        this.properties = properties;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Delivers what is due on the delivery thread, coalescing repeated calls. */
    public void deliverSoon() {
        if (queued.compareAndSet(false, true)) {
            soon.execute(() -> {
                queued.set(false);
                try {
                    deliverDue();
                } catch (RuntimeException e) {
                    LOG.warn("Webhook delivery failed: {}", e.getMessage());
                }
            });
        }
    }

    /** One round: every due delivery, in parallel; called by the webhook-delivery route too. */
    public void deliverDue() {
        List<WebhookRepository.Delivery> due;
        do {
            due = repository.claimDue(BATCH, properties.requestTimeout().multipliedBy(3));
            List<CompletableFuture<Void>> sent = due.stream().map(this::send).toList();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } while (due.size() == BATCH);
    }

    private CompletableFuture<Void> send(WebhookRepository.Delivery delivery) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Caravan-Webhooks")
                .header("X-Caravan-Event", delivery.eventType())
                .header("X-Caravan-Delivery", Long.toString(delivery.id()))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(delivery.secret(), timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        repository.delivered(delivery.id());
                        meters.counter("caravan.webhooks.deliveries", "result", "delivered").increment();
                    } else {
                        failed(delivery, failure != null ? failure.toString() : "HTTP " + response.statusCode());
                    }
                    return null;
                });
    }

    private void failed(WebhookRepository.Delivery delivery, String error) {
        if (delivery.attempts() >= properties.maxAttempts()) {
            repository.failed(delivery.id(), error);
            meters.counter("caravan.webhooks.deliveries", "result", "failed").increment();
            byte[] payload = delivery.payload().getBytes(StandardCharsets.UTF_8);
            deadLetters.write(List.of(new DeadLetter(Instant.now(), "hub", delivery.url(), null,
                    DeadLetterReason.WEBHOOK_FAILED, "webhook " + delivery.webhookId() + " did not take the "
                    + delivery.eventType() + " notification after " + delivery.attempts() + " attempts: " + error,
                    payload, payload.length)));
            return;
        }
        Duration wait = properties.backoff(delivery.attempts());
        repository.retryLater(delivery.id(), wait, error);
        meters.counter("caravan.webhooks.deliveries", "result", "retried").increment();
        LOG.debug("webhook delivery {} failed ({}); retrying in {}", delivery.id(), error, wait);
    }

    @Override
    public void close() {
        soon.shutdownNow();
    }
}
