package dev.caravan.security;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.caravan.api.ApiException;

/** Applies {@link CommandPolicyProperties}: may this caller send this command type to a device in these groups? */
@Component
public class CommandPolicy {

    private final List<CommandPolicyProperties.Rule> rules;

    public CommandPolicy(CommandPolicyProperties properties) {
        this.rules = properties.rules();
    }

    /** True when rules exist, so that callers know to look the device's groups up. */
    public boolean restricts() {
        return !rules.isEmpty();
    }

    /**
     * @param groups the device's groups, or the one group a group command goes to
     * @throws ApiException 403 when no rule allows it
     */
    public void check(Caller caller, String type, Collection<String> groups) {
        if (rules.isEmpty() || caller == null || caller.role() == Role.ADMIN) {
            return;
        }
        for (CommandPolicyProperties.Rule rule : rules) {
            if (names(rule.roles(), caller.role().value()) && rule.types() != null
                    && rule.types().stream().anyMatch(t -> glob(t, type)) && rule.groups() != null
                    && rule.groups().stream().anyMatch(g -> g.equals("*") || groups.contains(g))) {
                return;
            }
        }
        throw new ApiException(403, "FORBIDDEN", "role " + caller.role().value() + " may not send " + type
                + " to a device in " + (groups.isEmpty() ? "no group" : String.join(", ", groups))
                + " (caravan.security.command-policy)");
    }

    private static boolean names(List<String> roles, String role) {
        return roles != null && roles.stream().anyMatch(r -> r.equalsIgnoreCase(role));
    }

    private static boolean glob(String pattern, String value) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(value).matches();
    }
}
