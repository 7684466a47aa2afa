package dev.caravan.api;

import org.apache.camel.Exchange;

/**
 * camel-netty-http writes the message's headers into the response; the request's headers (path and query
 * parameters, {@code Authorization}, anything the client sent) are among them. Only what the API means to answer
 * may go back.
 */
final class ApiHeaders {

    private ApiHeaders() {
    }

    static void keepOnlyResponseHeaders(Exchange exchange) {
        exchange.getMessage().removeHeaders("*", Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, "Location");
    }
}
