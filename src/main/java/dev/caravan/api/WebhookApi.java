package dev.caravan.api;

import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.notify.Webhook;
import dev.caravan.notify.WebhookRepository;
import dev.caravan.notify.WebhookService;

/** {@code /api/webhooks}: where the hub posts its notifications. */
@Component("webhookApi")
public class WebhookApi {

    private final WebhookService webhooks;
    private final ApiRequests requests;

    public WebhookApi(WebhookService webhooks, ApiRequests requests) {
        this.webhooks = webhooks;
        this.requests = requests;
    }

    /** 201 with the webhook and its signing secret, shown this once. */
    public Webhook create(Exchange exchange) {
        NewWebhook body = requests.body(exchange, NewWebhook.class);
        Webhook created = webhooks.create(body.url(), body.events());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/webhooks/" + created.id());
        return created;
    }

    public Page<Webhook> list(Exchange exchange) {
        List<Webhook> all = webhooks.list();
        return new Page<>(all, all.size(), 0);
    }

    public Webhook get(Exchange exchange) {
        return webhooks.get(id(exchange));
    }

    public Object delete(Exchange exchange) {
        webhooks.delete(id(exchange));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }

    public Page<WebhookRepository.DeliveryStatus> deliveries(Exchange exchange) {
        int limit = ApiRequests.integer(exchange, "limit", 100, 1, 1000);
        return new Page<>(webhooks.deliveries(id(exchange), limit), limit, 0);
    }

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("webhookId", String.class);
    }

    /** The body of {@code POST /api/webhooks}. */
    public record NewWebhook(String url, List<String> events) {
    }
}
