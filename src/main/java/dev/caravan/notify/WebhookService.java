package dev.caravan.notify;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.stereotype.Service;

import dev.caravan.support.BadRequestException;
import dev.caravan.support.NotFoundException;

/** Registers webhooks and queues each notification for the webhooks that subscribed to its type. */
@Service
public class WebhookService {

    static final Set<String> TYPES = Set.of(HubEvent.COMMAND_STATE, "device.online", "device.offline",
            "device.maintenance", HubEvent.DEAD_LETTER);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository repository;
    private final WebhookDeliverer deliverer;
    /** The list of webhooks, read on every event: cached briefly so that events do not each query it. */
    private final LoadingCache<String, List<Webhook>> webhooks;

    public WebhookService(WebhookRepository repository, WebhookDeliverer deliverer) {
        this.repository = repository;
        this.deliverer = deliverer;
        this.webhooks = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build(k -> repository.list());
    }

    public Webhook create(String url, List<String> events) {
        validate(url, events);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Webhook webhook = new Webhook("wh-" + UUID.randomUUID().toString().substring(0, 13), url, List.copyOf(events),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key), Instant.now());
        repository.insert(webhook);
        webhooks.invalidateAll();
        return repository.find(webhook.id()).orElseThrow();
    }

    public List<Webhook> list() {
        return repository.list().stream().map(Webhook::withoutSecret).toList();
    }

    public Webhook get(String id) {
        return repository.find(id).map(Webhook::withoutSecret)
                .orElseThrow(() -> new NotFoundException("no webhook '" + id + "'"));
    }

    public void delete(String id) {
        if (!repository.delete(id)) {
            throw new NotFoundException("no webhook '" + id + "'");
        }
        webhooks.invalidateAll();
    }

    public List<WebhookRepository.DeliveryStatus> deliveries(String id, int limit) {
        get(id);
        return repository.deliveries(id, limit);
    }

    /** Queues a notification for every webhook that wants its type, and asks for delivery at once. */
    public void enqueue(HubEvent event) {
        boolean queued = false;
        for (Webhook webhook : webhooks.get("all")) {
            if (event.matches(webhook.events())) {
                repository.enqueue(webhook.id(), event);
                queued = true;
            }
        }
        if (queued) {
            deliverer.deliverSoon();
        }
    }

    private static void validate(String url, List<String> events) {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new BadRequestException("url: an http:// or https:// URL with a host");
        }
        if (events == null || events.isEmpty()) {
            throw new BadRequestException("events: at least one of " + TYPES.stream().sorted().toList()
                    + ", device.* or *");
        }
        for (String type : events) {
            if (!TYPES.contains(type) && !type.equals("*") && !type.equals("device.*")) {
                throw new BadRequestException("events: unknown type '" + type + "'; one of "
                        + TYPES.stream().sorted().toList() + ", device.* or *");
            }
        }
    }
}
