package dev.caravan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The least that any HTTP-fronted command hub has to do, as a yardstick for the hub: an HTTP server that takes
 * {@code POST /api/devices/{id}/commands} (the hub's body), publishes the command on {@code device/{id}/command} at
 * QoS 1, matches the device's answer on {@code device/+/response} by commandId and answers the request with it. No
 * validation, no authentication, no retries: what is left is JSON in and out, the HTTP server and one MQTT client.
 * Runs in the driver's JVM on the JDK's HTTP server.
 *
 * <p>With a database ({@code jdbcUrl}) it also does the two writes that "nothing lost" needs, each its own committed
 * transaction in PostgreSQL: the command is stored before it is published, and its outcome before the request is
 * answered (table {@value #TABLE}; no SENT record, no history, no index, no events). Without one, no storage at all.
 */
final class BareBridge extends BenchSubscriber {

    static final String TABLE = "bench_bridge_commands";

    static {
        // the JDK's HTTP server leaves Nagle's algorithm on unless told (read once, when it is first used); the
        // hub's HTTP server and every MQTT connection here use TCP_NODELAY
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final byte[] NOT_FOUND = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, HttpExchange> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final HikariDataSource db;

    /** {@code jdbcUrl}: where to store the commands (user postgres), or null for no storage. */
    BareBridge(String brokerUrl, String clientId, boolean tcpNoDelay, String jdbcUrl)
            throws MqttException, IOException, SQLException {
        super(brokerUrl, clientId, tcpNoDelay);
        this.idPrefix = clientId + "-";
        db = jdbcUrl == null ? null : database(jdbcUrl);
        // with a database the handlers wait for it: as many threads as connections
        handlers = Executors.newFixedThreadPool(db == null ? Runtime.getRuntime().availableProcessors()
                : db.getMaximumPoolSize());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(handlers);
        server.createContext("/api/devices/", this::handle);
        server.start();
        subscribe("device/+/response");
    }

    private static HikariDataSource database(String jdbcUrl) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setPoolName("bare-bridge");
        HikariDataSource db = new HikariDataSource(config);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists " + TABLE + " (command_id text primary key, device_id text not null,"
                    + " type text not null, params jsonb, state text not null, result jsonb,"
                    + " created_at timestamptz not null default now(), completed_at timestamptz)");
        }
        return db;
    }

    /** The base URL of the bridge's device commands, like the hub's: {@code http://127.0.0.1:port/api/devices/}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/devices/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        if (!"POST".equals(exchange.getRequestMethod()) || path.length != 5 || !"commands".equals(path[4])) {
            answer(exchange, 404, NOT_FOUND);
            return;
        }
        JsonNode request;
        try (InputStream body = exchange.getRequestBody()) {
            request = json.readTree(body);
        }
        String deviceId = path[3];
        String commandId = idPrefix + ids.incrementAndGet();
        ObjectNode command = json.createObjectNode().put("type", request.path("type").asText())
                .put("commandId", commandId);
        command.set("params", request.path("params"));
        if (db != null) {
            try {
                store(commandId, deviceId, command);
            } catch (SQLException e) {
                answer(exchange, 503, ("{\"error\":\"" + e.getSQLState() + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        waiting.put(commandId, exchange);
        try {
            publishWaitingForRoom("device/" + deviceId + "/command", json.writeValueAsBytes(command));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiting.remove(commandId);
            answer(exchange, 503, "{\"error\":\"interrupted\"}".getBytes(StandardCharsets.UTF_8));
        } catch (MqttException e) {
            waiting.remove(commandId);
            answer(exchange, 503, ("{\"error\":\"" + e.getReasonCode() + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void store(String commandId, String deviceId, ObjectNode command) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("insert into " + TABLE
                + " (command_id, device_id, type, params, state) values (?, ?, ?, cast(? as jsonb), 'PENDING')")) {
            st.setString(1, commandId);
            st.setString(2, deviceId);
            st.setString(3, command.path("type").asText());
            st.setString(4, command.path("params").toString());
            st.executeUpdate();
        }
    }

    /** Stores the outcome, when there is a database, if the command is still open: false when it is not. */
    private boolean settle(String commandId, JsonNode response) throws SQLException {
        if (db == null) {
            return true;
        }
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("update " + TABLE
                + " set state = ?, result = cast(? as jsonb), completed_at = now()"
                + " where command_id = ? and state = 'PENDING'")) {
            st.setString(1, response.path("success").asBoolean() ? "SUCCEEDED" : "FAILED");
            st.setString(2, response.path("result").toString());
            st.setString(3, commandId);
            return st.executeUpdate() == 1;
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (db == null) {
            settleAndAnswer(message);
        } else {
            // off Paho's callback thread, which would otherwise wait for the database one answer at a time
            handlers.execute(() -> settleAndAnswer(message));
        }
    }

    private void settleAndAnswer(MqttMessage message) {
        try {
            JsonNode response = json.readTree(message.getPayload());
            String commandId = response.path("commandId").asText();
            if (!waiting.containsKey(commandId) || !settle(commandId, response)) {
                return; // an answer to another phase's command, or a second one
            }
            HttpExchange exchange = waiting.remove(commandId);
            if (exchange == null) {
                return;
            }
            ObjectNode answer = json.createObjectNode().put("commandId", response.path("commandId").asText())
                    .put("state", response.path("success").asBoolean() ? "SUCCEEDED" : "FAILED");
            answer.set("result", response.path("result"));
            answer(exchange, 200, json.writeValueAsBytes(answer));
        } catch (IOException | SQLException | RuntimeException e) {
            // an unreadable answer or a client gone: its request counts as lost; Paho must not see the exception
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        super.close();
        if (db != null) {
            db.close();
        }
    }
}
