package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import dev.caravan.testing.HubTest;

/**
 * How a command is claimed for sending in PostgreSQL (CommandRepository), against the hub's database: the claim is
 * committed before the publish, keeps every other sender away until it ends or runs out, and an answer never waits
 * for it. The devices here have no connection. The hub's own sweep and dispatcher run beside the tests: they never
 * take a command claimed here, and the tests that need a due command in their own hands use devices that fetch their
 * commands over HTTP, which the dispatcher does not push to.
 */
@HubTest
class CommandClaimsIT {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String HOW = "published on test";

    @Autowired
    CommandRepository repository;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    String device;

    @BeforeEach
    void registerAnOnlineDevice() {
        device = register("online");
    }

    private String register(String status) {
        return register(status, "mqtt");
    }

    private String register(String status, String protocol) {
        String id = "claim-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("insert into devices (id, type, status, protocol, last_seen)"
                        + " values (:id, 'display', :status, :protocol, now())",
                new MapSqlParameterSource("id", id).addValue("status", status).addValue("protocol", protocol));
        return id;
    }

    private CommandRepository.Created insert(String deviceId, Duration claimFor) {
        return repository.insert(UUID.randomUUID().toString(), deviceId,
                new CommandRequest("RELOAD", null, 10_000L, 600_000L, 1, false), Instant.now().plusSeconds(600),
                null, claimFor).orElseThrow();
    }

    private List<String> transitions(String commandId) {
        return repository.transitions(commandId).stream().map(t -> t.state().name()).toList();
    }

    @Test
    void aNewCommandForAnOnlineDeviceWithNothingAheadOfItIsClaimedByItsCreation() {
        CommandRepository.Created created = insert(device, LEASE);

        assertThat(created.claimed()).isTrue();
        assertThat(created.command().attempts()).isEqualTo(1);
        assertThat(repository.claimNextDue(device, true, LEASE)).as("no other sender may take it").isEmpty();
        assertThat(repository.devicesWithDueCommands()).doesNotContain(device);
    }

    @Test
    void aNewCommandBehindOneBeingSentIsLeftToTheDispatcherToKeepCreationOrder() {
        insert(device, LEASE);

        CommandRepository.Created second = insert(device, LEASE);

        assertThat(second.claimed()).isFalse();
        assertThat(second.lookAgain()).isTrue();
        assertThat(second.command().attempts()).isZero();
        assertThat(repository.claimNextDue(device, true, LEASE)).as("it waits until the first one is sent").isEmpty();
    }

    @Test
    void aNewCommandForAnOfflineDeviceWaitsUnclaimedAndNothingIsToBeLookedAt() {
        CommandRepository.Created created = insert(register("offline"), LEASE);

        assertThat(created.claimed()).isFalse();
        assertThat(created.lookAgain()).isFalse();
    }

    @Test
    void theClaimOfAHubThatDiedWhilePublishingRunsOutAndTheCommandIsDueAgainBeforeTheOnesBehindIt() {
        String polling = register("online", "http");
        String first = insert(polling, LEASE).command().commandId();
        insert(polling, LEASE);
        repository.claimNextDue(polling, false, Duration.ofSeconds(2)).orElseThrow();
        assertThat(repository.claimNextDue(polling, false, LEASE)).as("the one behind it waits").isEmpty();

        CommandRepository.Due again = await().atMost(Duration.ofSeconds(10))
                .until(() -> repository.claimNextDue(polling, false, LEASE), Optional::isPresent).orElseThrow();

        assertThat(again.command().commandId()).isEqualTo(first);
        assertThat(again.command().attempts()).isEqualTo(2);
    }

    @Test
    void aPublishTheBrokerDidNotAcknowledgeGivesTheClaimUpWithoutCountingTheAttempt() {
        String polling = register("online", "http");
        insert(polling, LEASE);
        Command claimed = repository.claimNextDue(polling, false, LEASE).orElseThrow().command();

        repository.releaseClaim(claimed);

        Command again = repository.claimNextDue(polling, false, LEASE).orElseThrow().command();
        assertThat(again.commandId()).isEqualTo(claimed.commandId());
        assertThat(again.attempts()).isEqualTo(1);
    }

    @Test
    void theBrokersAcknowledgementMakesTheCommandSentAndEndsTheClaim() {
        Command claimed = insert(device, LEASE).command();

        Command sent = repository.markSent(claimed, HOW).orElseThrow();

        assertThat(sent.state()).isEqualTo(CommandState.SENT);
        assertThat(transitions(claimed.commandId())).containsExactly("PENDING", "SENT");
        assertThat(repository.complete(claimed.commandId(), device, true, null, null, "ok", HOW).previous())
                .isEqualTo(CommandState.SENT);
    }

    @Test
    void anAnswerThatOvertakesTheRecordOfItsSendRecordsTheSendBeforeTheOutcome() {
        Command claimed = insert(device, LEASE).command();

        CommandRepository.Answer answer = repository.complete(claimed.commandId(), device, true, null, null, "ok",
                HOW);

        assertThat(answer.applied()).isTrue();
        assertThat(answer.sendRecorded()).isTrue();
        assertThat(answer.previous()).isEqualTo(CommandState.SENT);
        assertThat(answer.command().state()).isEqualTo(CommandState.SUCCEEDED);
        assertThat(answer.command().transitions()).extracting(t -> t.state().name())
                .containsExactly("PENDING", "SENT", "SUCCEEDED");
        assertThat(repository.markSent(claimed, HOW)).as("the late acknowledgement changes nothing").isEmpty();
        assertThat(transitions(claimed.commandId())).containsExactly("PENDING", "SENT", "SUCCEEDED");
    }

    @Test
    void anAnswerToACommandNotSentYetIsDroppedAndTheCommandStaysPending() {
        Command waiting = insert(register("offline"), LEASE).command();

        assertThat(repository.complete(waiting.commandId(), waiting.deviceId(), true, null, null, "ok", HOW).dropped())
                .isEqualTo("duplicate");
        assertThat(repository.state(waiting.commandId())).contains(CommandState.PENDING);
    }

    @Test
    void anAnswerThatAppliesToNothingSaysWhy() {
        Command claimed = insert(device, LEASE).command();

        assertThat(repository.complete(UUID.randomUUID().toString(), device, true, null, null, "ok", HOW).dropped())
                .isEqualTo("unknown");
        assertThat(repository.complete(claimed.commandId(), register("online"), true, null, null, "ok", HOW)
                .dropped()).isEqualTo("wrong_device");
        assertThat(repository.complete(claimed.commandId(), device, true, null, null, "ok", HOW).applied()).isTrue();
        assertThat(repository.complete(claimed.commandId(), device, true, null, null, "ok", HOW).dropped())
                .isEqualTo("duplicate");
    }
}
