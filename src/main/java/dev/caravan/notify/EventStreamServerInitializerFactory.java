package dev.caravan.notify;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import org.apache.camel.component.netty.http.HttpServerInitializerFactory;
import org.apache.camel.component.netty.http.NettyHttpConsumer;

/**
 * camel-netty-http's server pipeline with the event stream handler in front of the request aggregator, so that
 * {@code GET /api/events} can stay open on the API port.
 */
public class EventStreamServerInitializerFactory extends HttpServerInitializerFactory {

    private final EventStreams streams;

    public EventStreamServerInitializerFactory(NettyHttpConsumer consumer, EventStreams streams) {
        super(consumer);
        this.streams = streams;
    }

    @Override
    protected void initChannel(Channel channel) throws Exception {
        super.initChannel(channel);
        ChannelPipeline pipeline = channel.pipeline();
        String before = pipeline.get("aggregator") != null ? "aggregator" : "handler";
        pipeline.addBefore(before, "event-stream", new EventStreamHandler(streams));
    }
}
