package dev.caravan.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.CommandDevice;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/** The live event stream: Server-Sent Events on the API port, as a browser's EventSource or curl -N reads them. */
@HubTest
class EventStreamIT {

    @Autowired
    Environment env;

    private Stream open(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + env.getProperty("caravan.api.port") + "/api/events" + query))
                .header("X-API-Key", HubApi.ADMIN_KEY).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        Stream stream = new Stream(response);
        Thread reader = new Thread(stream::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
        return stream;
    }

    static final class Stream implements AutoCloseable {
        final HttpResponse<InputStream> response;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> data = new CopyOnWriteArrayList<>();

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
        }

        void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event: ")) {
                        events.add(line.substring(7));
                    } else if (line.startsWith("data: ")) {
                        data.add(line.substring(6));
                    }
                }
            } catch (Exception e) {
                // the test closed the stream
            }
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }

    @Test
    void aClientSeesTheCommandAndDeviceEventsItAskedFor() throws Exception {
        String id = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        try (Stream stream = open("?types=command.state,device.*")) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            try (CommandDevice device = CommandDevice.online(HubEndpoints.brokerUrl(env), id,
                    CommandDevice.succeeding())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.data.stream()
                        .anyMatch(d -> d.contains("\"deviceId\":\"" + id + "\"") && d.contains("\"to\":\"online\"")));
                HubEndpoints.api(env).post("/devices/" + id + "/commands", "{\"type\":\"PING\",\"wait\":true}");

                await().atMost(Duration.ofSeconds(10)).until(() -> stream.data.stream()
                        .anyMatch(d -> d.contains(id) && d.contains("\"to\":\"SUCCEEDED\"")));
            }
            assertThat(stream.events).contains("device.online", "command.state").doesNotContain("deadletter");
        }
    }

    @Test
    void aClientThatAskedOnlyForDeadLettersSeesNothingElse() throws Exception {
        String id = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        try (Stream stream = open("?types=deadletter");
             var device = dev.caravan.testing.TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"online\"}");
            device.publish("device/" + id + "/telemetry", "oops");

            await().atMost(Duration.ofSeconds(10)).until(() -> stream.data.stream()
                    .anyMatch(d -> d.contains(id) && d.contains("INVALID_JSON")));
            assertThat(stream.events).containsOnly("deadletter");
        }
    }
}
