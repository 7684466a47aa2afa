package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.caravan.api.ApiException;

class CommandPolicyTest {

    private static final Caller OPERATOR = new Caller("api-key", "k1", "ops", Role.OPERATOR, null);
    private static final Caller ADMIN = new Caller("api-key", "k0", "root", Role.ADMIN, null);

    private final CommandPolicy policy = new CommandPolicy(new CommandPolicyProperties(List.of(
            new CommandPolicyProperties.Rule(List.of("operator"), List.of("SET_*", "RELOAD"), List.of("site-a")))));

    @Test
    void withoutRulesEveryCommandIsAllowed() {
        assertThatCode(() -> new CommandPolicy(new CommandPolicyProperties(null))
                .check(OPERATOR, "REBOOT", List.of())).doesNotThrowAnyException();
    }

    @Test
    void aRuleAllowsItsRoleItsTypesAndItsGroups() {
        assertThatCode(() -> policy.check(OPERATOR, "SET_BRIGHTNESS", List.of("zone-1", "site-a")))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.check(OPERATOR, "RELOAD", List.of("site-a"))).doesNotThrowAnyException();
    }

    @Test
    void aTypeNoRuleNamesIsForbidden() {
        assertThatThrownBy(() -> policy.check(OPERATOR, "REBOOT", List.of("site-a")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void aDeviceOutsideTheRulesGroupsIsForbidden() {
        assertThatThrownBy(() -> policy.check(OPERATOR, "RELOAD", List.of("site-b")))
                .isInstanceOf(ApiException.class).hasMessageContaining("site-b");
    }

    @Test
    void aWildcardTypeDoesNotMatchOtherPrefixes() {
        assertThatThrownBy(() -> policy.check(OPERATOR, "XSET_A", List.of("site-a")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void adminsAreNeverRestricted() {
        assertThatCode(() -> policy.check(ADMIN, "REBOOT", List.of("site-b"))).doesNotThrowAnyException();
    }
}
