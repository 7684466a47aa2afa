package dev.caravan.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says, once the hub is up, where everything is. */
@Component
public class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final Environment env;

    public StartupReport(Environment env) {
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void report(ApplicationReadyEvent event) {
        LOG.info(text(event.getApplicationContext().getEnvironment().getProperty("local.server.port",
                env.getProperty("server.port"))));
    }

    String text(String managementPort) {
        boolean embeddedBroker = env.getProperty("caravan.mqtt.embedded.enabled", Boolean.class, false);
        boolean embeddedDb = env.getProperty("caravan.db.embedded.enabled", Boolean.class, false);
        boolean embeddedRedis = env.getProperty("caravan.redis.embedded.enabled", Boolean.class, false);
        String apiPort = env.getProperty("caravan.api.port");
        StringBuilder text = new StringBuilder("\n\nCaravan is up\n")
                .append("  HTTP API      http://localhost:").append(apiPort).append("/api")
                .append("   (OpenAPI: /api/openapi.json; every call needs X-API-Key, docs/security.md)\n")
                .append("  Console       http://localhost:").append(managementPort).append("/actuator/hawtio")
                .append("   (login ").append(env.getProperty("caravan.management.username")).append(")\n")
                .append("  Health        http://localhost:").append(managementPort).append("/actuator/health\n");
        if (embeddedBroker) {
            text.append("  MQTT broker   mqtt://localhost:").append(env.getProperty("caravan.mqtt.embedded.port"))
                    .append(" and ws://localhost:").append(env.getProperty("caravan.mqtt.embedded.websocket-port"))
                    .append(env.getProperty("caravan.mqtt.embedded.websocket-path")).append("   (embedded HiveMQ CE)\n");
        } else {
            text.append("  MQTT broker   ").append(env.getProperty("caravan.mqtt.broker-url")).append('\n');
        }
        text.append("  PostgreSQL    ").append(env.getProperty("spring.datasource.url"))
                .append(embeddedDb ? "   (embedded, user postgres)\n" : "\n");
        text.append("  Redis         ").append(env.getProperty("spring.data.redis.url"))
                .append(embeddedRedis ? "   (embedded)\n" : "\n");
        if (embeddedBroker || embeddedDb || embeddedRedis) {
            text.append("  Data          ").append(env.getProperty("caravan.embedded.ephemeral", Boolean.class, false)
                    ? "temporary folder, deleted at shutdown" : env.getProperty("caravan.data-dir")).append('\n');
        }
        return text.toString();
    }
}
