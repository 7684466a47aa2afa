package dev.caravan.command;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/**
 * Commands and their transitions in PostgreSQL. Every change of state is a conditional update ({@code where state =
 * …}), so that several hub instances, and duplicate responses, never change one command twice.
 */
@Repository
public class CommandRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public CommandRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Stores a new PENDING command with its first transition, in one statement; returns it as stored, or empty when
     * the device is not registered.
     */
    public Optional<Command> insert(String commandId, String deviceId, CommandRequest request, Instant expiresAt,
                                    String groupId) {
        return jdbc.query("""
                with c as (insert into commands (command_id, device_id, type, params, state, timeout_ms, expires_at,
                                                 retries, group_id)
                           select :id, d.id, :type, cast(:params as jsonb), 'PENDING', :timeout, :expires, :retries,
                                  :group
                             from devices d where d.id = :device
                           returning *),
                     t as (insert into command_transitions (command_id, state, at, detail)
                           select command_id, 'PENDING', clock_timestamp(), 'created' from c
                           returning at)
                select c.*, t.at as transition_at from c, t
                """, new MapSqlParameterSource("id", commandId)
                .addValue("device", deviceId)
                .addValue("type", request.type())
                .addValue("params", request.params() == null ? "{}" : Json.write(mapper, request.params()))
                .addValue("timeout", request.timeoutMs())
                .addValue("expires", Timestamp.from(expiresAt))
                .addValue("retries", request.retries())
                .addValue("group", groupId), (rs, i) -> map(rs, i).withTransitions(List.of(new Command.Transition(
                        CommandState.PENDING, rs.getTimestamp("transition_at").toInstant(), "created"))))
                .stream().findFirst();
    }

    /** Just the state, for a cheap look. */
    public Optional<CommandState> state(String commandId) {
        return jdbc.queryForList("select state from commands where command_id = :id",
                new MapSqlParameterSource("id", commandId), String.class).stream().findFirst()
                .map(CommandState::valueOf);
    }

    public void transition(String commandId, CommandState state, String detail) {
        // clock_timestamp, not now(): several transitions in one transaction keep their order in time
        jdbc.update("insert into command_transitions (command_id, state, at, detail)"
                        + " values (:id, :state, clock_timestamp(), :detail)",
                new MapSqlParameterSource("id", commandId).addValue("state", state.name()).addValue("detail", detail));
    }

    public Optional<Command> find(String commandId) {
        return jdbc.query("select * from commands where command_id = :id", new MapSqlParameterSource("id", commandId),
                this::map).stream().findFirst().map(c -> c.withTransitions(transitions(commandId)));
    }

    public List<Command.Transition> transitions(String commandId) {
        return jdbc.query("select state, at, detail from command_transitions where command_id = :id order by id",
                new MapSqlParameterSource("id", commandId), (rs, i) -> new Command.Transition(
                        CommandState.valueOf(rs.getString("state")), rs.getTimestamp("at").toInstant(),
                        rs.getString("detail")));
    }

    /** A device's commands, newest first, optionally in one state (without their transitions). */
    public List<Command> list(String deviceId, CommandState state, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource("device", deviceId).addValue("limit", limit);
        String filter = "";
        if (state != null) {
            filter = " and state = :state";
            params.addValue("state", state.name());
        }
        return jdbc.query("select * from commands where device_id = :device" + filter
                + " order by seq desc limit :limit", params, this::map).stream()
                .map(c -> c.withTransitions(null)).toList();
    }

    /**
     * The device's oldest command due for sending — PENDING, not waiting for a retry, not expired — locked for the
     * current transaction; skipped when another hub has it locked. The dispatcher publishes it while it holds the
     * lock, so a response to it waits until SENT is committed, and no other hub sends it meanwhile.
     *
     * @param onlineOverMqtt only when the device is online and speaks MQTT (the dispatcher's case; a device that
     *                       fetches its commands over HTTP asks for them itself)
     */
    public Optional<Due> lockNextDue(String deviceId, boolean onlineOverMqtt) {
        return jdbc.query("""
                select c.*, exists (select 1 from commands n
                                     where n.device_id = c.device_id and n.state = 'PENDING' and n.seq > c.seq
                                       and (n.next_attempt_at is null or n.next_attempt_at <= now())
                                       and n.expires_at > now()) as more_due
                  from commands c
                 where c.device_id = :device and c.state = 'PENDING'
                   and (c.next_attempt_at is null or c.next_attempt_at <= now()) and c.expires_at > now()
                   and (not :online or exists (select 1 from devices d where d.id = c.device_id
                                                  and d.status = 'online' and d.protocol <> 'http'))
                 order by c.seq limit 1
                 for update of c skip locked
                """, new MapSqlParameterSource("device", deviceId).addValue("online", onlineOverMqtt),
                (rs, i) -> new Due(map(rs, i), rs.getBoolean("more_due")))
                .stream().findFirst();
    }

    /**
     * A command due for sending, and whether the device has more due after it: the dispatcher looks again only
     * then, instead of a transaction per device that finds nothing.
     */
    public record Due(Command command, boolean more) {
    }

    /**
     * PENDING → SENT once the broker acknowledged the publish (within the transaction that locked it), with its
     * transition "{how} (attempt n)".
     */
    public Optional<Command> markSent(String commandId, String how) {
        return jdbc.query("""
                with c as (update commands set state = 'SENT', sent_at = now(), attempts = attempts + 1,
                                  deadline_at = now() + make_interval(secs => timeout_ms / 1000.0),
                                  next_attempt_at = null, updated_at = now()
                            where command_id = :id and state = 'PENDING'
                           returning *),
                     t as (insert into command_transitions (command_id, state, at, detail)
                           select command_id, 'SENT', clock_timestamp(), :how || ' (attempt ' || attempts || ')'
                             from c)
                select * from c
                """, new MapSqlParameterSource("id", commandId).addValue("how", how), this::map)
                .stream().findFirst();
    }

    /**
     * Applies a device's answer: SENT (or TIMED_OUT, or PENDING for a retry: the device answered an earlier send)
     * → SUCCEEDED or FAILED, with its transition, in one statement; returns the command with its whole history. A
     * command being published right now is locked by its dispatcher; the answer waits for the SENT to be committed.
     * Empty when the command is unknown, belongs to another device, or is settled already. Runs in the caller's
     * transaction.
     */
    public Optional<Completion> complete(String commandId, String deviceId, boolean success, JsonNode result,
                                         JsonNode error, String detail) {
        Optional<Completion> done = completeOnce(commandId, deviceId, success, result, error, detail);
        if (done.isPresent()) {
            return done;
        }
        // An answer can overtake the SENT of a dispatcher that still holds the row: PostgreSQL judged the row by the
        // state it had when the statement began (PENDING, attempt 0), without waiting. Wait for the row's lock, and
        // if it was sent meanwhile, apply the answer once more with a fresh view (its SENT transition included).
        boolean sentMeanwhile = jdbc.query("""
                select state, attempts from commands where command_id = :id and device_id = :device for update
                """, new MapSqlParameterSource("id", commandId).addValue("device", deviceId),
                (rs, i) -> "SENT".equals(rs.getString("state"))
                        || "PENDING".equals(rs.getString("state")) && rs.getInt("attempts") > 0)
                .stream().findFirst().orElse(false);
        return sentMeanwhile ? completeOnce(commandId, deviceId, success, result, error, detail) : Optional.empty();
    }

    private Optional<Completion> completeOnce(String commandId, String deviceId, boolean success, JsonNode result,
                                              JsonNode error, String detail) {
        return jdbc.query("""
                with old as (select command_id, state from commands
                              where command_id = :id and device_id = :device
                                and (state in ('SENT', 'TIMED_OUT') or (state = 'PENDING' and attempts > 0))
                              for update),
                     c as (update commands c set state = :state, result = cast(:result as jsonb),
                                  error = cast(:error as jsonb), completed_at = now(), updated_at = now(),
                                  next_attempt_at = null, deadline_at = null
                             from old where c.command_id = old.command_id
                           returning old.state as previous, c.*),
                     t as (insert into command_transitions (command_id, state, at, detail)
                           select command_id, state, clock_timestamp(), :detail from c
                           returning id, state, at, detail)
                select c.*, (select json_agg(json_build_object('state', h.state, 'at', h.at, 'detail', h.detail)
                                             order by h.id)
                               from (select id, state, at, detail from command_transitions where command_id = :id
                                     union all
                                     select id, state, at, detail from t) h) as history
                  from c
                """, new MapSqlParameterSource("id", commandId)
                .addValue("device", deviceId)
                .addValue("state", success ? "SUCCEEDED" : "FAILED")
                .addValue("result", result == null || result.isMissingNode() ? null : Json.write(mapper, result))
                .addValue("error", error == null || error.isMissingNode() ? null : Json.write(mapper, error))
                .addValue("detail", detail),
                (rs, i) -> new Completion(CommandState.valueOf(rs.getString("previous")),
                        map(rs, i).withTransitions(history(Json.column(mapper, rs, "history")))))
                .stream().findFirst();
    }

    private static List<Command.Transition> history(JsonNode json) {
        List<Command.Transition> transitions = new ArrayList<>();
        for (JsonNode t : json) {
            transitions.add(new Command.Transition(CommandState.valueOf(t.get("state").asText()),
                    OffsetDateTime.parse(t.get("at").asText()).toInstant(), t.path("detail").asText(null)));
        }
        return transitions;
    }

    /**
     * SENT commands past their deadline: back to PENDING, to be sent again after a backoff, while retries last
     * ({@code attempts <= retries}); TIMED_OUT for good otherwise. One statement, so that nobody ever sees a
     * TIMED_OUT that is about to be retried. Returns the commands as they are now.
     *
     * @param backoff    the wait before the first retry, doubled for each further one
     * @param maxBackoff the longest wait
     */
    public List<Command> timeOutOverdue(Duration backoff, Duration maxBackoff) {
        return jdbc.query("""
                update commands set
                       state = case when attempts <= retries then 'PENDING' else 'TIMED_OUT' end,
                       next_attempt_at = case when attempts <= retries
                           then now() + least(make_interval(secs => :backoff * power(2, attempts - 1)),
                                              make_interval(secs => :max))
                           end,
                       deadline_at = null, updated_at = now()
                 where command_id in (select command_id from commands
                                       where state = 'SENT' and deadline_at < now()
                                       for update skip locked)
                returning *
                """, new MapSqlParameterSource("backoff", backoff.toMillis() / 1000.0)
                .addValue("max", maxBackoff.toMillis() / 1000.0), this::map);
    }

    /** PENDING commands past their time to live → EXPIRED; returns them. */
    public List<Command> expireOverdue() {
        return jdbc.query("""
                update commands set state = 'EXPIRED', completed_at = now(), updated_at = now(),
                       next_attempt_at = null
                 where command_id in (select command_id from commands
                                       where state = 'PENDING' and expires_at < now()
                                       for update skip locked)
                returning *
                """, new MapSqlParameterSource(), this::map);
    }

    /** PENDING or SENT → CANCELLED; returns the previous state, empty when the command is settled or unknown. */
    public Optional<CommandState> cancel(String commandId) {
        return jdbc.query("""
                with old as (select command_id, state from commands
                              where command_id = :id and state in ('PENDING', 'SENT') for update)
                update commands c set state = 'CANCELLED', completed_at = now(), updated_at = now(),
                       next_attempt_at = null, deadline_at = null
                  from old where c.command_id = old.command_id
                returning old.state
                """, new MapSqlParameterSource("id", commandId), (rs, i) -> CommandState.valueOf(rs.getString(1)))
                .stream().findFirst();
    }

    /** Devices with commands due for sending (the sweep's safety net after restarts, retries, failed publishes). */
    public List<String> devicesWithDueCommands() {
        return jdbc.queryForList("""
                select distinct device_id from commands
                 where state = 'PENDING' and (next_attempt_at is null or next_attempt_at <= now())
                   and expires_at > now()
                """, new MapSqlParameterSource(), String.class);
    }

    private Command map(ResultSet rs, int row) throws SQLException {
        return new Command(
                rs.getString("command_id"),
                rs.getLong("seq"),
                rs.getString("device_id"),
                rs.getString("type"),
                Json.column(mapper, rs, "params"),
                CommandState.valueOf(rs.getString("state")),
                rs.getLong("timeout_ms"),
                Json.instant(rs, "expires_at"),
                rs.getInt("retries"),
                rs.getInt("attempts"),
                Json.instant(rs, "next_attempt_at"),
                nullableJson(rs, "result"),
                nullableJson(rs, "error"),
                rs.getString("group_id"),
                Json.instant(rs, "created_at"),
                Json.instant(rs, "sent_at"),
                Json.instant(rs, "completed_at"),
                List.of());
    }

    private JsonNode nullableJson(ResultSet rs, String column) throws SQLException {
        return rs.getString(column) == null ? null : Json.column(mapper, rs, column);
    }

    /** A command a response completed, with the state it was in. */
    public record Completion(CommandState previous, Command command) {
    }
}
