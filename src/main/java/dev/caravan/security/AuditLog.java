package dev.caravan.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.support.BackgroundBatches;
import dev.caravan.support.Json;

/**
 * The append-only audit log in PostgreSQL ({@code audit_log}; a trigger refuses updates and deletes). Entries are
 * written in batches off the request's thread, within milliseconds, and the queue is written out on shutdown.
 */
@Component
public class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final BackgroundBatches<AuditEntry> writer;

    public AuditLog(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.meters = meters;
        this.writer = new BackgroundBatches<>("audit-writer", 10_000, 500, this::write);
    }

    public void record(AuditEntry entry) {
        meters.counter("caravan.audit.entries", "action", entry.action()).increment();
        writer.add(entry);
    }

    private void write(List<AuditEntry> entries) {
        List<MapSqlParameterSource> rows = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            rows.add(new MapSqlParameterSource("at", Timestamp.from(e.at()))
                    .addValue("actor", e.actor())
                    .addValue("action", e.action())
                    .addValue("target", e.target())
                    .addValue("outcome", e.outcome())
                    .addValue("detail", e.detail() == null ? null : Json.write(mapper, e.detail())));
        }
        try {
            jdbc.batchUpdate("""
                    insert into audit_log (at, actor, action, target, outcome, detail)
                    values (:at, :actor, :action, :target, :outcome, cast(:detail as jsonb))
                    """, rows.toArray(MapSqlParameterSource[]::new));
        } catch (RuntimeException e) {
            meters.counter("caravan.audit.write.failures").increment(entries.size());
            LOG.error("{} audit entries could not be written: {}", entries.size(), e.toString());
        }
    }

    /** Entries newest first, optionally from one actor or of one action, within [from, to). */
    public List<AuditEntry> list(Instant from, Instant to, String actor, String action, int limit) {
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (from != null) {
            where.add("at >= :from");
            params.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            where.add("at < :to");
            params.addValue("to", Timestamp.from(to));
        }
        if (actor != null) {
            where.add("actor = :actor");
            params.addValue("actor", actor);
        }
        if (action != null) {
            where.add("action = :action");
            params.addValue("action", action);
        }
        return jdbc.query("select * from audit_log" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :limit", params, (rs, i) -> new AuditEntry(rs.getLong("id"),
                Json.instant(rs, "at"), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("detail") == null ? null : Json.column(mapper, rs, "detail")));
    }

    @Override
    public void close() throws InterruptedException {
        writer.close();
    }
}
