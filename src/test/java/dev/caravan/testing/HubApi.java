package dev.caravan.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A client of the hub's HTTP API for tests: JSON in, status and JSON out. */
public class HubApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The admin API key of the test hubs (caravan.security.bootstrap-api-key in application-it.yaml). */
    public static final String ADMIN_KEY = "it-admin-key-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;

    /** A client with the admin key. */
    public HubApi(int port) {
        this(port, ADMIN_KEY);
    }

    /** A client with another key, or none ({@code null}). */
    public HubApi(int port, String apiKey) {
        this.base = "http://localhost:" + port + "/api";
        this.apiKey = apiKey;
    }

    /** The same hub with another key, or none ({@code null}). */
    public HubApi withKey(String otherKey) {
        return new HubApi(URI.create(base).getPort(), otherKey);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response send(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.setHeader("X-API-Key", apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location")
                    .orElse(null), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e + (e.getCause() != null ? " (" + e.getCause()
                    + ")" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Response(int status, String body, String location, String contentType,
                           Map<String, List<String>> headers) {

        /** A header of the answer (case-insensitive), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }
}
