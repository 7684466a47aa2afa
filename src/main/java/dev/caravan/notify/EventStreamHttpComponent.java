package dev.caravan.notify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.netty.http.HttpServerBootstrapFactory;
import org.apache.camel.component.netty.http.NettyHttpComponent;
import org.apache.camel.component.netty.http.NettyHttpConsumer;
import org.springframework.stereotype.Component;

/**
 * {@code netty-http:} as the hub uses it for the HTTP API: the same component, but each port's server pipeline
 * carries the event stream handler ({@code GET /api/events}). camel-netty-http builds that pipeline itself for
 * the consumers that share a port (the REST DSL's), whatever {@code serverInitializerFactory} says, so the one
 * place to change it is where the component creates a port's bootstrap.
 */
@Component("netty-http")
public class EventStreamHttpComponent extends NettyHttpComponent {

    private final Map<String, HttpServerBootstrapFactory> bootstraps = new ConcurrentHashMap<>();
    private final EventStreams streams;

    public EventStreamHttpComponent(EventStreams streams) {
        this.streams = streams;
    }

    @Override
    protected HttpServerBootstrapFactory getOrCreateHttpNettyServerBootstrapFactory(NettyHttpConsumer consumer) {
        return bootstraps.computeIfAbsent(consumer.getConfiguration().getAddress(), address -> {
            HttpServerBootstrapFactory bootstrap = new HttpServerBootstrapFactory(
                    getMultiplexChannelHandler(consumer.getConfiguration().getPort()));
            bootstrap.init(getCamelContext(), consumer.getConfiguration(),
                    new EventStreamServerInitializerFactory(consumer, streams));
            return bootstrap;
        });
    }

    @Override
    protected void doStop() throws Exception {
        bootstraps.values().forEach(HttpServerBootstrapFactory::stop);
        bootstraps.clear();
        super.doStop();
    }
}
