package dev.caravan.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.command.Command;
import dev.caravan.command.CommandProperties;
import dev.caravan.command.CommandRequest;
import dev.caravan.command.CommandService;
import dev.caravan.command.CommandState;
import dev.caravan.registry.Device;
import dev.caravan.registry.DeviceFilter;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.security.ApiGuard;
import dev.caravan.security.Caller;
import dev.caravan.security.CommandPolicy;

/**
 * {@code /api/devices/{id}/commands}, {@code /api/commands/{commandId}}, {@code /api/groups/{group}/commands}.
 * With {@code "wait": true} the answer is held until the command settles, at most its timeout (and
 * {@code caravan.commands.max-wait}), without holding a thread: the bean returns a future.
 */
@Component("commandApi")
public class CommandApi {

    private static final int MAX_GROUP = 10_000;

    private final CommandService commands;
    private final DeviceRegistry registry;
    private final ApiRequests requests;
    private final CommandProperties properties;
    private final CommandPolicy policy;

    public CommandApi(CommandService commands, DeviceRegistry registry, ApiRequests requests,
                      CommandProperties properties, CommandPolicy policy) {
        this.policy = policy;
        this.commands = commands;
        this.registry = registry;
        this.requests = requests;
        this.properties = properties;
    }

    public CompletableFuture<Command> create(Exchange exchange) {
        CommandRequest request = requests.body(exchange, CommandRequest.class).validated(properties);
        if (policy.restricts()) {
            policy.check(exchange.getProperty(ApiGuard.CALLER, Caller.class), request.type(),
                    registry.get(DeviceApi.id(exchange)).groups());
        }
        if (!request.awaitOutcome()) {
            // 202 at once, even while the broker is slow to acknowledge: the dispatch threads publish it
            return CompletableFuture.completedFuture(accepted(exchange,
                    commands.createForDispatch(DeviceApi.id(exchange), request, null)));
        }
        return commands.createAndAwait(DeviceApi.id(exchange), request, null, patience(request), true)
                .thenApply(command -> command.state().isFinal() ? ok(exchange, command) : accepted(exchange, command));
    }

    public Page<Command> list(Exchange exchange) {
        CommandState state = ApiRequests.enumeration(exchange, "state", CommandState.class);
        int limit = ApiRequests.integer(exchange, "limit", 100, 1, 1000);
        return new Page<>(commands.list(DeviceApi.id(exchange), state, limit), limit, 0);
    }

    public Command get(Exchange exchange) {
        return commands.get(commandId(exchange));
    }

    public Command cancel(Exchange exchange) {
        return commands.cancel(commandId(exchange));
    }

    /** One command per device of the group; the answer reports each. */
    public CompletableFuture<GroupCommands> createForGroup(Exchange exchange) {
        String group = exchange.getMessage().getHeader("group", String.class);
        registry.group(group);
        CommandRequest request = requests.body(exchange, CommandRequest.class).validated(properties);
        policy.check(exchange.getProperty(ApiGuard.CALLER, Caller.class), request.type(), List.of(group));
        List<Device> members = registry.list(new DeviceFilter(group, null, null, MAX_GROUP, 0));
        if (!request.awaitOutcome()) {
            // the dispatch threads send them side by side; this thread only stores them
            List<Command> created = members.stream().map(d -> commands.createForDispatch(d.id(), request, group))
                    .toList();
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            return CompletableFuture.completedFuture(new GroupCommands(group, created));
        }
        Duration patience = patience(request);
        List<CompletableFuture<Command>> outcomes = members.stream()
                .map(d -> commands.createAndAwait(d.id(), request, group, patience, false)).toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(all -> {
            List<Command> settled = outcomes.stream().map(CompletableFuture::join).toList();
            boolean done = settled.stream().allMatch(c -> c.state().isFinal());
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, done ? 200 : 202);
            return new GroupCommands(group, settled);
        });
    }

    private Duration patience(CommandRequest request) {
        Duration timeout = Duration.ofMillis(request.timeoutMs());
        return timeout.compareTo(properties.maxWait()) < 0 ? timeout : properties.maxWait();
    }

    private static Command ok(Exchange exchange, Command command) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        return command;
    }

    private static Command accepted(Exchange exchange, Command command) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader("Location", "/api/commands/" + command.commandId());
        return command;
    }

    private static String commandId(Exchange exchange) {
        return exchange.getMessage().getHeader("commandId", String.class);
    }

    /** The answer of {@code POST /api/groups/{group}/commands}. */
    public record GroupCommands(String group, List<Command> commands) {
    }
}
