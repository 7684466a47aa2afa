package dev.caravan.notify;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/** Webhooks and the durable queue of their deliveries. */
@Repository
public class WebhookRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public WebhookRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public void insert(Webhook webhook) {
        jdbc.update("""
                insert into webhooks (id, url, events, secret) values (:id, :url, :events, :secret)
                """, new MapSqlParameterSource("id", webhook.id()).addValue("url", webhook.url())
                .addValue("events", webhook.events().toArray(new String[0])).addValue("secret", webhook.secret()));
    }

    public List<Webhook> list() {
        return jdbc.query("select * from webhooks order by created_at", this::map);
    }

    public Optional<Webhook> find(String id) {
        return jdbc.query("select * from webhooks where id = :id", new MapSqlParameterSource("id", id), this::map)
                .stream().findFirst();
    }

    public boolean delete(String id) {
        return jdbc.update("delete from webhooks where id = :id", new MapSqlParameterSource("id", id)) == 1;
    }

    public void enqueue(String webhookId, HubEvent event) {
        jdbc.update("""
                insert into webhook_deliveries (webhook_id, event_type, payload) values (:hook, :type, cast(:p as jsonb))
                """, new MapSqlParameterSource("hook", webhookId).addValue("type", event.type())
                .addValue("p", Json.write(mapper, event)));
    }

    /** Takes due deliveries for this hub for the lease (another hub takes them only after it). */
    public List<Delivery> claimDue(int limit, Duration lease) {
        return jdbc.query("""
                with due as (select id from webhook_deliveries
                              where state = 'PENDING' and next_attempt_at <= now()
                              order by id limit :limit for update skip locked)
                update webhook_deliveries d
                   set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :lease)
                  from due, webhooks w
                 where d.id = due.id and w.id = d.webhook_id
                returning d.id, d.webhook_id, d.event_type, d.payload::text as payload, d.attempts, w.url, w.secret
                """, new MapSqlParameterSource("limit", limit).addValue("lease", lease.toMillis() / 1000.0),
                (rs, i) -> new Delivery(rs.getLong("id"), rs.getString("webhook_id"), rs.getString("event_type"),
                        rs.getString("payload"), rs.getInt("attempts"), rs.getString("url"), rs.getString("secret")));
    }

    public void delivered(long id) {
        jdbc.update("update webhook_deliveries set state = 'DELIVERED', delivered_at = now(), last_error = null"
                + " where id = :id", new MapSqlParameterSource("id", id));
    }

    public void retryLater(long id, Duration wait, String error) {
        jdbc.update("""
                update webhook_deliveries set next_attempt_at = now() + make_interval(secs => :wait), last_error = :error
                 where id = :id
                """, new MapSqlParameterSource("id", id).addValue("wait", wait.toMillis() / 1000.0)
                .addValue("error", error));
    }

    public void failed(long id, String error) {
        jdbc.update("update webhook_deliveries set state = 'FAILED', last_error = :error where id = :id",
                new MapSqlParameterSource("id", id).addValue("error", error));
    }

    /** The newest deliveries of a webhook, for whoever debugs its receiver. */
    public List<DeliveryStatus> deliveries(String webhookId, int limit) {
        return jdbc.query("""
                select id, event_type, state, attempts, last_error, created_at, delivered_at, payload::text as payload
                  from webhook_deliveries where webhook_id = :hook order by id desc limit :limit
                """, new MapSqlParameterSource("hook", webhookId).addValue("limit", limit), (rs, i) ->
                new DeliveryStatus(rs.getLong("id"), rs.getString("event_type"), rs.getString("state"),
                        rs.getInt("attempts"), rs.getString("last_error"), Json.instant(rs, "created_at"),
                        Json.instant(rs, "delivered_at"), Json.column(mapper, rs, "payload")));
    }

    private Webhook map(ResultSet rs, int row) throws SQLException {
        Array events = rs.getArray("events");
        return new Webhook(rs.getString("id"), rs.getString("url"), Arrays.asList((String[]) events.getArray()),
                rs.getString("secret"), Json.instant(rs, "created_at"));
    }

    /** A claimed delivery with where it goes. */
    public record Delivery(long id, String webhookId, String eventType, String payload, int attempts, String url,
                           String secret) {
    }

    /** A delivery as {@code GET /api/webhooks/{id}/deliveries} shows it. */
    public record DeliveryStatus(long id, String eventType, String state, int attempts, String lastError,
                                 java.time.Instant createdAt, java.time.Instant deliveredAt,
                                 com.fasterxml.jackson.databind.JsonNode event) {
    }
}
