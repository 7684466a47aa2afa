package dev.caravan.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import dev.caravan.support.Json;

/** The last step of API routes: the body as JSON with its content type; no body for 204. */
@Component("jsonResponse")
public class JsonResponse implements Processor {

    private final ObjectMapper mapper;

    public JsonResponse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        ApiHeaders.keepOnlyResponseHeaders(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status == 204) {
            exchange.getMessage().setBody(null);
            return;
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(mapper, exchange.getMessage().getBody()));
    }
}
