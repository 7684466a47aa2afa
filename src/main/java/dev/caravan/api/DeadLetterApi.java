package dev.caravan.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetterReason;

/**
 * {@code GET /api/deadletters}: prepares the query that the route's camel-jdbc step runs (filters: reason,
 * deviceId, since; newest first), and shapes its rows. Payloads are shown as text when they are UTF-8, else base64.
 */
@Component("deadLetterApi")
public class DeadLetterApi {

    public void query(Exchange exchange) {
        var message = exchange.getMessage();
        List<String> where = new ArrayList<>();
        DeadLetterReason reason = ApiRequests.enumeration(exchange, "reason", DeadLetterReason.class);
        if (reason != null) {
            message.setHeader("reasonName", reason.name());
            where.add("reason = :?reasonName");
        }
        String deviceId = ApiRequests.text(exchange, "deviceId");
        if (deviceId != null) {
            message.setHeader("deviceIdFilter", deviceId);
            where.add("device_id = :?deviceIdFilter");
        }
        Instant since = ApiRequests.instant(exchange, "since");
        if (since != null) {
            message.setHeader("sinceTs", Timestamp.from(since));
            where.add("received_at >= :?sinceTs");
        }
        message.setHeader("maxRows", ApiRequests.integer(exchange, "limit", 100, 1, 1000));
        message.setBody("select id, received_at, source, topic, device_id, reason, detail, payload, payload_size"
                + " from dead_letters" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :?maxRows");
    }

    public Page<Entry> format(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        List<Entry> entries = rows.stream().map(DeadLetterApi::entry).toList();
        return new Page<>(entries, exchange.getMessage().getHeader("maxRows", Integer.class), 0);
    }

    private static Entry entry(Map<String, Object> row) {
        byte[] payload = (byte[]) row.get("payload");
        String text = payload == null ? null : utf8(payload);
        int size = ((Number) row.get("payload_size")).intValue();
        return new Entry(((Number) row.get("id")).longValue(),
                ((Timestamp) row.get("received_at")).toInstant(),
                (String) row.get("source"),
                (String) row.get("topic"),
                (String) row.get("device_id"),
                (String) row.get("reason"),
                (String) row.get("detail"),
                text != null ? text : payload == null ? null : Base64.getEncoder().encodeToString(payload),
                payload == null ? null : text != null ? "utf-8" : "base64",
                size,
                payload != null && payload.length < size);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * One dead letter.
     *
     * @param payloadTruncated true when only the first {@code max-stored-payload-bytes} were kept
     */
    public record Entry(long id, Instant receivedAt, String source, String topic, String deviceId, String reason,
                        String detail, String payload, String payloadEncoding, int payloadSize,
                        boolean payloadTruncated) {
    }
}
