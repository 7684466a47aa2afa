package dev.caravan.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.support.BadRequestException;
import dev.caravan.support.ConflictException;
import dev.caravan.support.NotFoundException;

/**
 * The API's error policy: every failure becomes a JSON body {@code {"error":{"status","code","message"}}} with the
 * matching HTTP status. Unexpected failures are logged and answered 500 without internals.
 */
@Component("apiErrorResponder")
public class ApiErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponder.class);

    private final ObjectMapper mapper;

    public ApiErrorResponder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error = translate(failure);
        if (error.status() >= 500) {
            LOG.error("{} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), failure);
        }
        ObjectNode body = mapper.createObjectNode();
        body.putObject("error").put("status", error.status()).put("code", error.code())
                .put("message", error.getMessage());
        ApiHeaders.keepOnlyResponseHeaders(exchange);
        error.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body.toString());
    }

    static ApiException translate(Throwable failure) {
        // a bean that answered with a future fails with the future's wrapper
        while ((failure instanceof java.util.concurrent.CompletionException
                || failure instanceof java.util.concurrent.ExecutionException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof NotFoundException) {
            return new ApiException(404, "NOT_FOUND", failure.getMessage());
        }
        if (failure instanceof ConflictException) {
            return new ApiException(409, "CONFLICT", failure.getMessage());
        }
        if (failure instanceof BadRequestException) {
            return new ApiException(400, "BAD_REQUEST", failure.getMessage());
        }
        return new ApiException(500, "INTERNAL_ERROR", "the hub could not complete the request; see its log");
    }
}
