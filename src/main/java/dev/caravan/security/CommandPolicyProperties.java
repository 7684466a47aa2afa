package dev.caravan.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which roles may send which command types to which devices ({@code caravan.security.command-policy.rules}). No
 * rules: every role with the command permission may send any command. With rules, a non-admin caller needs one that
 * names its role, matches the command's type and one of the device's groups (or the group commanded). Admins are
 * never restricted.
 *
 * @param rules the rules; any one that matches allows
 */
@ConfigurationProperties("caravan.security.command-policy")
public record CommandPolicyProperties(List<Rule> rules) {

    public CommandPolicyProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * @param roles  roles it applies to (operator, viewer, …)
     * @param types  command types, {@code *} as a wildcard ({@code SET_*}, {@code *})
     * @param groups group ids, {@code *} for any device
     */
    public record Rule(List<String> roles, List<String> types, List<String> groups) {
    }
}
