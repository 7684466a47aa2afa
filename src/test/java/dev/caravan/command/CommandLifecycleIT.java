package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.CommandDevice;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/** The command lifecycle over MQTT, with Java device simulators (the MQTT.js ones are in tests/e2e). */
@HubTest
class CommandLifecycleIT {

    @Autowired
    Environment env;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext camel;

    HubApi api;
    String id;

    @BeforeEach
    void setUp() {
        api = HubEndpoints.api(env);
        id = "cmd-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private CommandDevice online(java.util.function.Function<JsonNode, com.fasterxml.jackson.databind.node.ObjectNode>
                                         behaviour) {
        CommandDevice device = CommandDevice.online(HubEndpoints.brokerUrl(env), id, behaviour);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("online"));
        return device;
    }

    private String state(String deviceId) {
        Response status = api.get("/devices/" + deviceId + "/status");
        return status.status() == 200 ? status.json().get("state").asText() : "none";
    }

    private Response send(String deviceId, String body) {
        return api.post("/devices/" + deviceId + "/commands", body);
    }

    private JsonNode command(String commandId) {
        return api.get("/commands/" + commandId).json();
    }

    private List<String> transitions(String commandId) {
        return command(commandId).get("transitions").findValuesAsText("state");
    }

    private double responses(String outcome) {
        var counter = meters.find("caravan.commands.responses").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aResponsiveDeviceAnswersWithinTheWaitAndTheOutcomeComesBackAt200() {
        try (CommandDevice device = online(CommandDevice.succeeding())) {
            Response response = send(id, "{\"type\":\"RELOAD\",\"params\":{\"page\":3},\"wait\":true}");

            assertThat(response.status()).isEqualTo(200);
            JsonNode command = response.json();
            assertThat(command.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(command.at("/result/done").asText()).isEqualTo("RELOAD");
            assertThat(command.get("attempts").asInt()).isEqualTo(1);
            assertThat(command.get("transitions").findValuesAsText("state"))
                    .containsExactly("PENDING", "SENT", "SUCCEEDED");
            assertThat(device.received()).hasSize(1);
            assertThat(device.received().get(0).at("/params/page").asInt()).isEqualTo(3);
            assertThat(device.received().get(0).get("expiresAt").asText()).isNotEmpty();
        }
    }

    @Test
    void aHubThatPollsNoModbusOrSunSpecDeviceIsNotHandedACopyOfEveryCommand() {
        try (CommandDevice device = online(CommandDevice.succeeding())) {
            assertThat(send(id, "{\"type\":\"PING\",\"wait\":true}").status()).isEqualTo(200);
            assertThat(device.received()).hasSize(1);
        }
        // their routes subscribe to every device's commands; they start with the first device polled
        assertThat(camel.getRouteController().getRouteStatus("modbus-commands")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("sunspec-commands")).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void withoutWaitTheCommandIsAcceptedAt202WithWhereToFollowIt() {
        try (CommandDevice device = online(CommandDevice.succeeding())) {
            Response response = send(id, "{\"type\":\"PING\"}");

            assertThat(response.status()).isEqualTo(202);
            String commandId = response.json().get("commandId").asText();
            assertThat(response.location()).isEqualTo("/api/commands/" + commandId);
            await().atMost(Duration.ofSeconds(10)).until(() -> command(commandId).get("state").asText()
                    .equals("SUCCEEDED"));
        }
    }

    @Test
    void aDeviceThatFailsTheCommandMakesItFailedWithTheDevicesError() {
        try (CommandDevice device = online(CommandDevice.failing("OUT_OF_PAPER"))) {
            String commandId = send(id, "{\"type\":\"PRINT\"}").json().get("commandId").asText();

            // not with wait: on a loaded machine the answer may come after wait's deadline (a 202, not this test's point)
            JsonNode command = await().atMost(Duration.ofSeconds(30)).until(() -> command(commandId),
                    c -> !c.get("state").asText().matches("PENDING|SENT"));
            assertThat(command.get("state").asText()).isEqualTo("FAILED");
            assertThat(command.at("/error/code").asText()).isEqualTo("OUT_OF_PAPER");
        }
    }

    @Test
    void aSilentDeviceGetsTheCommandOnceMorePerRetryThenItTimesOut() {
        try (CommandDevice device = online(CommandDevice.silent())) {
            String commandId = send(id, "{\"type\":\"PING\",\"timeoutMs\":300,\"retries\":2}").json()
                    .get("commandId").asText();

            await().atMost(Duration.ofSeconds(15)).until(() -> command(commandId).get("state").asText()
                    .equals("TIMED_OUT"));
            assertThat(device.receivedIds()).containsExactly(commandId, commandId, commandId);
            assertThat(command(commandId).get("attempts").asInt()).isEqualTo(3);
            assertThat(transitions(commandId)).containsExactly("PENDING", "SENT", "TIMED_OUT", "PENDING", "SENT",
                    "TIMED_OUT", "PENDING", "SENT", "TIMED_OUT");
        }
    }

    @Test
    void withWaitACommandThatDoesNotSettleInTimeIsAnswered202() {
        try (CommandDevice device = online(CommandDevice.silent())) {
            Response response = send(id, "{\"type\":\"PING\",\"timeoutMs\":300,\"retries\":3,\"wait\":true}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().get("state").asText()).isIn("SENT", "PENDING", "TIMED_OUT");
        }
    }

    @Test
    void commandsForAnOfflineDeviceWaitAndAreSentInCreationOrderWhenItComesOnline() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}");
        List<String> created = List.of("FIRST", "SECOND", "THIRD").stream()
                .map(type -> send(id, "{\"type\":\"" + type + "\"}").json().get("commandId").asText()).toList();
        assertThat(created).allSatisfy(c -> assertThat(command(c).get("state").asText()).isEqualTo("PENDING"));

        try (CommandDevice device = online(CommandDevice.succeeding())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> created.stream()
                    .allMatch(c -> command(c).get("state").asText().equals("SUCCEEDED")));
            assertThat(device.receivedIds()).containsExactlyElementsOf(created);
        }
    }

    @Test
    void commandsSentToAnOnlineDeviceFromSeveralCallersAtOnceArriveOnceEachAndEachCallersInOrder() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (CommandDevice device = online(CommandDevice.succeeding())) {
            List<Future<List<String>>> sequences = IntStream.range(0, 4)
                    .mapToObj(caller -> callers.submit(() -> IntStream.range(0, 10)
                            .mapToObj(n -> send(id, "{\"type\":\"STEP\",\"params\":{\"n\":" + n + "}}"))
                            .map(r -> r.json().get("commandId").asText()).toList()))
                    .toList();
            List<List<String>> created = new ArrayList<>();
            for (Future<List<String>> sequence : sequences) {
                created.add(sequence.get(30, TimeUnit.SECONDS));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> device.receivedIds().size() >= 40);
            List<String> received = device.receivedIds();
            assertThat(received).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(created.stream().flatMap(List::stream).toList());
            for (List<String> sequence : created) {
                assertThat(received.stream().filter(sequence::contains).toList()).containsExactlyElementsOf(sequence);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCommandWhoseTimeToLiveRunsOutBeforeDeliveryExpiresIntoTheDeadLetterStore() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}");
        String commandId = send(id, "{\"type\":\"RELOAD\",\"ttlMs\":500}").json().get("commandId").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> command(commandId).get("state").asText()
                .equals("EXPIRED"));
        JsonNode letter = api.get("/deadletters?reason=COMMAND_EXPIRED&deviceId=" + id).json().at("/items/0");
        assertThat(letter.get("detail").asText()).contains(commandId);
        try (CommandDevice device = online(CommandDevice.succeeding())) {
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> device.received().isEmpty());
        }
    }

    @Test
    void aDuplicateResponseIsCountedAndNotAppliedTwice() {
        try (CommandDevice device = online(CommandDevice.silent())) {
            String commandId = send(id, "{\"type\":\"PING\",\"timeoutMs\":60000}").json().get("commandId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> !device.received().isEmpty());
            double duplicatesBefore = responses("duplicate");

            device.respond("{\"commandId\":\"" + commandId + "\",\"success\":true,\"result\":{\"n\":1}}");
            device.respond("{\"commandId\":\"" + commandId + "\",\"success\":false,\"error\":{\"code\":\"LATE\"}}");

            await().atMost(Duration.ofSeconds(10)).until(() -> responses("duplicate") == duplicatesBefore + 1);
            JsonNode command = command(commandId);
            assertThat(command.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(command.at("/result/n").asInt()).isEqualTo(1);
            assertThat(transitions(commandId)).containsExactly("PENDING", "SENT", "SUCCEEDED");
        }
    }

    @Test
    void aResponseToAnUnknownCommandIsCountedAndDropped() {
        try (CommandDevice device = online(CommandDevice.silent())) {
            double before = responses("unknown");

            device.respond("{\"commandId\":\"no-such-command\",\"success\":true}");

            await().atMost(Duration.ofSeconds(10)).until(() -> responses("unknown") == before + 1);
        }
    }

    @Test
    void aResponseFromAnotherDeviceIsCountedAndNotApplied() {
        try (CommandDevice device = online(CommandDevice.silent());
             TestDevice intruder = TestDevice.connect(HubEndpoints.brokerUrl(env), "intruder-" + id)) {
            String commandId = send(id, "{\"type\":\"UNLOCK\",\"timeoutMs\":60000}").json().get("commandId").asText();
            // the device may have it before the hub has recorded the broker's acknowledgement: wait for both
            await().atMost(Duration.ofSeconds(10)).until(() -> !device.received().isEmpty()
                    && command(commandId).get("state").asText().equals("SENT"));
            double before = responses("wrong_device");

            intruder.publish("device/intruder-" + id + "/response", "{\"commandId\":\"" + commandId
                    + "\",\"success\":true}");

            await().atMost(Duration.ofSeconds(10)).until(() -> responses("wrong_device") == before + 1);
            assertThat(command(commandId).get("state").asText()).isEqualTo("SENT");
        }
    }

    @Test
    void aCancelledCommandIsNeverSentAndASettledOneCannotBeCancelled() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}");
        String cancelled = send(id, "{\"type\":\"REBOOT\"}").json().get("commandId").asText();

        Response cancel = api.delete("/commands/" + cancelled);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().get("state").asText()).isEqualTo("CANCELLED");
        try (CommandDevice device = online(CommandDevice.succeeding())) {
            JsonNode done = send(id, "{\"type\":\"PING\",\"wait\":true}").json();
            assertThat(device.receivedIds()).containsExactly(done.get("commandId").asText());
            assertThat(api.delete("/commands/" + done.get("commandId").asText()).status()).isEqualTo(409);
        }
    }

    @Test
    void aGroupCommandGoesToEveryDeviceOfTheGroupAndReportsEach() {
        String group = "grp-" + id;
        api.post("/groups", "{\"id\":\"" + group + "\",\"kind\":\"zone\"}");
        api.post("/devices", "{\"id\":\"" + id + "-a\",\"type\":\"display\",\"groups\":[\"" + group + "\"]}");
        api.post("/devices", "{\"id\":\"" + id + "-b\",\"type\":\"display\",\"groups\":[\"" + group + "\"]}");
        try (CommandDevice a = CommandDevice.online(HubEndpoints.brokerUrl(env), id + "-a", CommandDevice.succeeding());
             CommandDevice b = CommandDevice.online(HubEndpoints.brokerUrl(env), id + "-b",
                     CommandDevice.failing("BUSY"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> state(id + "-a").equals("online")
                    && state(id + "-b").equals("online"));

            Response response = api.post("/groups/" + group + "/commands", "{\"type\":\"RELOAD\",\"wait\":true}");

            assertThat(response.status()).isEqualTo(200);
            JsonNode commands = response.json().get("commands");
            java.util.Map<String, String> outcomes = new java.util.HashMap<>();
            commands.forEach(c -> outcomes.put(c.get("deviceId").asText(), c.get("state").asText()));
            assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(id + "-a", "SUCCEEDED",
                    id + "-b", "FAILED"));
        }
    }

    @Test
    void aCommandThatBreaksTheRulesIsABadRequest() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}");

        assertThat(send(id, "{\"params\":{}}").json().at("/error/message").asText()).startsWith("type:");
        assertThat(send(id, "{\"type\":\"X\",\"timeoutMs\":5}").status()).isEqualTo(400);
        assertThat(send(id, "{\"type\":\"X\",\"params\":[1]}").status()).isEqualTo(400);
        assertThat(send("no-such-device-" + id, "{\"type\":\"X\"}").status()).isEqualTo(404);
        assertThat(api.get("/devices/" + id + "/commands?state=DONE").status()).isEqualTo(400);
    }

    @Test
    void aDevicesCommandsAreListedNewestFirstAndByState() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}");
        String first = send(id, "{\"type\":\"A\"}").json().get("commandId").asText();
        String second = send(id, "{\"type\":\"B\"}").json().get("commandId").asText();
        api.delete("/commands/" + first);

        assertThat(api.get("/devices/" + id + "/commands").json().get("items").findValuesAsText("commandId"))
                .containsExactly(second, first);
        assertThat(api.get("/devices/" + id + "/commands?state=CANCELLED").json().get("items")
                .findValuesAsText("commandId")).containsExactly(first);
    }
}
