package dev.caravan.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

import dev.caravan.runtime.InstanceId;
import dev.caravan.security.Authenticator;
import dev.caravan.security.Permission;
import dev.caravan.support.BackgroundBatches;
import dev.caravan.support.Json;

/**
 * The live event stream, {@code GET /api/events} (Server-Sent Events on the API port): every connected client gets
 * the notifications it asked for. Events of other hub instances arrive through the Redis channel {@value #CHANNEL},
 * so a client sees the same stream whichever hub it is connected to. A comment line every 15 s keeps idle
 * connections open through proxies.
 */
@Component
public class EventStreams implements AutoCloseable {

    static final String CHANNEL = "caravan:events";
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper;
    private final Authenticator authenticator;
    private final StringRedisTemplate redis;
    private final String origin;
    // a few milliseconds of linger: one message to the other hubs for several events, not one each
    private final BackgroundBatches<String> shared = new BackgroundBatches<>("event-stream-share", 10_000, 500,
            Duration.ofMillis(5), this::share);
    private final ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-stream-keepalive");
        t.setDaemon(true);
        return t;
    });

    public EventStreams(ObjectMapper mapper, StringRedisTemplate redis, InstanceId instanceId, Authenticator authenticator) {
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.redis = redis;
        this.origin = instanceId.value();
        keepalive.scheduleAtFixedRate(() -> send(": keepalive\n\n", s -> true), 15, 15, TimeUnit.SECONDS);
    }

    /**
     * 200 when the caller may read the stream, 401 without valid credentials, 403 for a role without the read
     * permission.
     */
    int authorize(String apiKey, String authorization) {
        return authenticator.authenticate(apiKey, authorization)
                .map(caller -> caller.role().may(Permission.READ) ? 200 : 403).orElse(401);
    }

    /** Sends an event to this hub's clients and to the other hubs'. */
    public void publish(HubEvent event) {
        String json = Json.write(mapper, event);
        deliver(event.type(), event.id(), json);
        shared.add(json);
    }

    /** One message for a batch of events: this hub's id, then an event per line (compact JSON has no newline). */
    private void share(List<String> events) {
        try {
            redis.convertAndSend(CHANNEL, origin + "\n" + String.join("\n", events));
        } catch (RuntimeException e) {
            LOG.debug("{} events not shared with other hubs: {}", events.size(), e.getMessage());
        }
    }

    void onRemote(String message) {
        String[] lines = message.split("\n");
        if (lines.length < 2 || lines[0].equals(origin) || subscribers.isEmpty()) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            try {
                JsonNode event = mapper.readTree(lines[i]);
                deliver(event.path("type").asText(), event.path("id").asText(), lines[i]);
            } catch (Exception e) {
                LOG.debug("unreadable event from another hub: {}", e.getMessage());
            }
        }
    }

    private void deliver(String type, String id, String json) {
        String frame = "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
        send(frame, s -> s.wants(type));
    }

    private void send(String frame, java.util.function.Predicate<Subscriber> filter) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.channel.isActive() && filter.test(subscriber)) {
                subscriber.channel.writeAndFlush(new DefaultHttpContent(
                        Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8)));
            }
        }
    }

    void add(Channel channel, List<String> types) {
        Subscriber subscriber = new Subscriber(channel, types);
        subscribers.add(subscriber);
        channel.closeFuture().addListener(f -> subscribers.remove(subscriber));
    }

    public int clients() {
        return subscribers.size();
    }

    @Override
    public void close() throws InterruptedException {
        shared.close();
        keepalive.shutdownNow();
        subscribers.forEach(s -> s.channel.close());
    }

    private record Subscriber(Channel channel, List<String> types) {
        boolean wants(String type) {
            return types.isEmpty() || new HubEvent(null, type, null, null).matches(types);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RemoteEvents {

        @Bean
        RedisMessageListenerContainer hubEventsListener(RedisConnectionFactory redis, EventStreams streams) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redis);
            container.addMessageListener((message, pattern) -> streams.onRemote(new String(message.getBody(),
                    StandardCharsets.UTF_8)), new ChannelTopic(CHANNEL));
            return container;
        }
    }
}
