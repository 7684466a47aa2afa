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
     * the device is not registered. With {@code claimFor} set, the command is claimed for sending at once (see
     * {@link #claimNextDue}) when the device is online over MQTT and none of its commands is due or being sent before
     * it: creation order is kept, and the caller publishes it without another query.
     *
     * @param claimFor how long a claim keeps other senders away; null: never claim (the dispatcher sends it)
     */
    public Optional<Created> insert(String commandId, String deviceId, CommandRequest request, Instant expiresAt,
                                    String groupId, Duration claimFor) {
        return jdbc.query("""
                with d as (select d.id, d.status = 'online' and d.protocol <> 'http' as reachable,
                                  exists (select 1 from commands o
                                           where o.device_id = d.id and o.state = 'PENDING' and o.expires_at > now()
                                             and (o.next_attempt_at is null or o.next_attempt_at <= now()))
                                      as queued
                             from devices d where d.id = :device),
                     c as (insert into commands (command_id, device_id, type, params, state, timeout_ms, expires_at,
                                                 retries, group_id, attempts, claimed_until)
                           select :id, d.id, :type, cast(:params as jsonb), 'PENDING', :timeout, :expires, :retries,
                                  :group, case when :claim and d.reachable and not d.queued then 1 else 0 end,
                                  case when :claim and d.reachable and not d.queued
                                       then now() + make_interval(secs => :lease) end
                             from d
                           returning *),
                     t as (insert into command_transitions (command_id, state, at, detail)
                           select command_id, 'PENDING', clock_timestamp(), 'created' from c
                           returning at)
                select c.*, t.at as transition_at, d.reachable and d.queued as look_again from c, t, d
                """, new MapSqlParameterSource("id", commandId)
                .addValue("device", deviceId)
                .addValue("type", request.type())
                .addValue("params", request.params() == null ? "{}" : Json.write(mapper, request.params()))
                .addValue("timeout", request.timeoutMs())
                .addValue("expires", Timestamp.from(expiresAt))
                .addValue("retries", request.retries())
                .addValue("group", groupId)
                .addValue("claim", claimFor != null)
                .addValue("lease", claimFor == null ? 0.0 : claimFor.toMillis() / 1000.0),
                (rs, i) -> new Created(map(rs, i).withTransitions(List.of(new Command.Transition(
                        CommandState.PENDING, rs.getTimestamp("transition_at").toInstant(), "created"))),
                        rs.getTimestamp("claimed_until") != null, rs.getBoolean("look_again")))
                .stream().findFirst();
    }

    /**
     * A command just stored: claimed for sending by its creator, or not; in that case {@code lookAgain} says the
     * device is reachable and has commands due before it, which the dispatcher sends first.
     */
    public record Created(Command command, boolean claimed, boolean lookAgain) {
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
     * Claims the device's oldest command due for sending — PENDING, not waiting for a retry, not expired — and commits
     * the claim before anything is published: its attempt is counted and {@code claimed_until} keeps other senders
     * (this hub's sweep, other hubs) away while it is published. The claim ends with {@link #markSent} once the broker
     * acknowledged it, with {@link #releaseClaim} when it did not, or runs out if the hub died meanwhile, and the
     * command is due again. Empty while that oldest command is claimed by someone else: the ones behind it wait, so
     * that a device gets its commands in creation order. Rows are locked only for the statement (another claimer
     * waits that long, not for a publish), and a device's answer is applied to a claimed command at once
     * ({@link #complete}).
     *
     * @param onlineOverMqtt only when the device is online and speaks MQTT (the dispatcher's case; a device that
     *                       fetches its commands over HTTP asks for them itself)
     * @param claimFor       how long the claim keeps other senders away
     */
    public Optional<Due> claimNextDue(String deviceId, boolean onlineOverMqtt, Duration claimFor) {
        return jdbc.query("""
                with next as (select c.command_id, c.claimed_until,
                                     exists (select 1 from commands n
                                              where n.device_id = c.device_id and n.state = 'PENDING'
                                                and n.seq > c.seq
                                                and (n.next_attempt_at is null or n.next_attempt_at <= now())
                                                and n.expires_at > now()) as more_due
                                from commands c
                               where c.device_id = :device and c.state = 'PENDING'
                                 and (c.next_attempt_at is null or c.next_attempt_at <= now())
                                 and c.expires_at > now()
                                 and (not :online or exists (select 1 from devices d where d.id = c.device_id
                                                                and d.status = 'online' and d.protocol <> 'http'))
                               order by c.seq limit 1
                                 for update of c)
                update commands c set attempts = c.attempts + 1, updated_at = now(),
                       claimed_until = now() + make_interval(secs => :lease)
                  from next
                 where c.command_id = next.command_id
                   and (next.claimed_until is null or next.claimed_until <= now())
                returning c.*, next.more_due
                """, new MapSqlParameterSource("device", deviceId).addValue("online", onlineOverMqtt)
                        .addValue("lease", claimFor.toMillis() / 1000.0),
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
     * A claimed command's PENDING → SENT once the broker acknowledged the publish, with its transition "{how}
     * (attempt n)"; ends the claim. Empty when the command is no longer this claim's: answered meanwhile (the answer
     * recorded the SENT itself), cancelled or expired.
     */
    public Optional<Command> markSent(Command claimed, String how) {
        return jdbc.query("""
                with c as (update commands set state = 'SENT', sent_at = now(), claimed_until = null,
                                  deadline_at = now() + make_interval(secs => timeout_ms / 1000.0),
                                  next_attempt_at = null, updated_at = now()
                            where command_id = :id and state = 'PENDING' and attempts = :attempt
                              and claimed_until is not null
                           returning *),
                     t as (insert into command_transitions (command_id, state, at, detail)
                           select command_id, 'SENT', clock_timestamp(), :how || ' (attempt ' || attempts || ')'
                             from c)
                select * from c
                """, new MapSqlParameterSource("id", claimed.commandId()).addValue("attempt", claimed.attempts())
                .addValue("how", how), this::map)
                .stream().findFirst();
    }

    /** Gives up a claim whose publish failed: the command is due again, its attempt not counted. */
    public void releaseClaim(Command claimed) {
        jdbc.update("""
                update commands set attempts = attempts - 1, claimed_until = null, updated_at = now()
                 where command_id = :id and state = 'PENDING' and attempts = :attempt and claimed_until is not null
                """, new MapSqlParameterSource("id", claimed.commandId()).addValue("attempt", claimed.attempts()));
    }

    /**
     * Applies a device's answer, in one statement: SENT (or TIMED_OUT, or PENDING after a send: claimed and being
     * published, or waiting for a retry) → SUCCEEDED or FAILED, with its transition; returns the command with its
     * whole history. An answer that overtook the record of its send (the broker passed the command on before the
     * sender recorded its acknowledgement) records the SENT first, with {@code sentHow}, so the history always reads
     * PENDING, SENT, outcome. Otherwise the answer is dropped, and why: the command is unknown, belongs to another
     * device, or is settled already.
     */
    public Answer complete(String commandId, String deviceId, boolean success, JsonNode result, JsonNode error,
                           String detail, String sentHow) {
        return jdbc.query("""
                with old as (select command_id, state, claimed_until is not null as send_unrecorded
                               from commands
                              where command_id = :id and device_id = :device
                                and (state in ('SENT', 'TIMED_OUT') or (state = 'PENDING' and attempts > 0))
                              for update),
                     c as (update commands c set state = :state, result = cast(:result as jsonb),
                                  error = cast(:error as jsonb), completed_at = now(), updated_at = now(),
                                  sent_at = case when old.send_unrecorded then now() else c.sent_at end,
                                  next_attempt_at = null, deadline_at = null, claimed_until = null
                             from old where c.command_id = old.command_id
                           returning case when old.send_unrecorded then 'SENT' else old.state end as previous,
                                     old.send_unrecorded, c.*),
                     t as (insert into command_transitions (command_id, state, at, detail)
                           select c.command_id, v.state, clock_timestamp(), v.detail
                             from c cross join lateral (values (1, 'SENT', :sentHow || ' (attempt ' || c.attempts || ')'),
                                                               (2, c.state, :detail)) v (step, state, detail)
                            where v.step = 2 or c.send_unrecorded
                            order by v.step
                           returning id, state, at, detail)
                select c.*, c.send_unrecorded,
                       case when c.command_id is not null then
                           (select json_agg(json_build_object('state', h.state, 'at', h.at, 'detail', h.detail)
                                            order by h.id)
                              from (select id, state, at, detail from command_transitions where command_id = :id
                                    union all
                                    select id, state, at, detail from t) h) end as history,
                       case when c.command_id is not null then null
                            when k.device_id is null then 'unknown'
                            when k.device_id <> :device then 'wrong_device'
                            else 'duplicate' end as dropped
                  from (select 1) one
                  left join c on true
                  left join commands k on k.command_id = :id
                """, new MapSqlParameterSource("id", commandId)
                .addValue("device", deviceId)
                .addValue("state", success ? "SUCCEEDED" : "FAILED")
                .addValue("result", result == null || result.isMissingNode() ? null : Json.write(mapper, result))
                .addValue("error", error == null || error.isMissingNode() ? null : Json.write(mapper, error))
                .addValue("detail", detail)
                .addValue("sentHow", sentHow),
                (rs, i) -> rs.getString("dropped") != null ? Answer.dropped(rs.getString("dropped"))
                        : new Answer(CommandState.valueOf(rs.getString("previous")), rs.getBoolean("send_unrecorded"),
                                map(rs, i).withTransitions(history(Json.column(mapper, rs, "history"))), null))
                .get(0);
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
                   and (claimed_until is null or claimed_until <= now()) and expires_at > now()
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

    /**
     * What a device's answer did: completed {@code command} (from {@code previous}; {@code sendRecorded} when the
     * answer recorded its SENT), or nothing, and why ({@code dropped}: unknown, wrong_device, duplicate).
     */
    public record Answer(CommandState previous, boolean sendRecorded, Command command, String dropped) {

        static Answer dropped(String why) {
            return new Answer(null, false, null, why);
        }

        public boolean applied() {
            return dropped == null;
        }
    }
}
