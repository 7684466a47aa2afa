package dev.caravan.notify;

import java.util.Arrays;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import dev.caravan.security.ApiGuard;

/**
 * Takes {@code GET /api/events} off the API's HTTP pipeline and turns the connection into a Server-Sent Events
 * stream (text/event-stream, chunked, open until the client leaves); {@code ?types=command.state,device.*} filters.
 * Every other request passes on to Camel.
 */
final class EventStreamHandler extends ChannelInboundHandlerAdapter {

    static final String PATH = "/api/events";

    private final EventStreams streams;
    private boolean streaming;

    EventStreamHandler(EventStreams streams) {
        this.streams = streams;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (streaming) {
            // the rest of the stream request (its empty body); nothing else arrives on an event stream
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.method().equals(HttpMethod.GET)) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (uri.path().equals(PATH)) {
                ReferenceCountUtil.release(msg);
                int status = streams.authorize(apiKey(request, uri), request.headers().get(HttpHeaderNames.AUTHORIZATION));
                if (status != 200) {
                    refuse(ctx, status);
                    return;
                }
                streaming = true;
                start(ctx, types(uri));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void start(ChannelHandlerContext ctx, List<String> types) {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
        streams.add(ctx.channel(), types);
        ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultHttpContent(io.netty.buffer.Unpooled.copiedBuffer(
                ": connected\n\n", java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The X-API-Key header, or the {@code apiKey} parameter for browsers' EventSource, which cannot set headers. */
    private static String apiKey(HttpRequest request, QueryStringDecoder uri) {
        String header = request.headers().get(ApiGuard.HEADER);
        if (header != null) {
            return header;
        }
        List<String> values = uri.parameters().get("apiKey");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void refuse(ChannelHandlerContext ctx, int status) {
        String code = status == 401 ? "UNAUTHORIZED" : "FORBIDDEN";
        String message = status == 401 ? "an API key in the X-API-Key header (or apiKey parameter) is required"
                : "the API key's role may not read events";
        byte[] body = ("{\"error\":{\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"" + message
                + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.netty.handler.codec.http.FullHttpResponse response = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), io.netty.buffer.Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "ApiKey");
        }
        ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    private static List<String> types(QueryStringDecoder uri) {
        List<String> values = uri.parameters().get("types");
        if (values == null) {
            return List.of();
        }
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
