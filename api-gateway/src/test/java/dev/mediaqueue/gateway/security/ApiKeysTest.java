package dev.mediaqueue.gateway.security;

import dev.mediaqueue.model.Priority;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiKeysTest {

    static final String ALICE_KEY = "alice-key-0123456789";
    static final String BOB_KEY = "bob-key-0123456789";

    @Test
    void aKeyIsFoundByItsHashAndStandsForItsTenant() {
        ApiKeys keys = ApiKeys.of(properties(Map.of(
                "alice", tenant(Priority.HIGH, ApiKeys.sha256Hex(ALICE_KEY)),
                "bob", tenant(Priority.LOW, ApiKeys.sha256Hex("old-bob-key"), ApiKeys.sha256Hex(BOB_KEY).toUpperCase()))));

        assertThat(keys.find(ALICE_KEY)).hasValueSatisfying(caller -> {
            assertThat(caller.tenant()).isEqualTo("alice");
            assertThat(caller.maxPriority()).isEqualTo(Priority.HIGH);
            assertThat(caller.budgetKey()).isEqualTo("tenant:alice");
        });
        assertThat(keys.find(BOB_KEY)).map(Caller::tenant).contains("bob");
        assertThat(keys.find("old-bob-key")).map(Caller::tenant).contains("bob");
        assertThat(keys.find("nobody")).isEmpty();
        assertThat(keys.find(ApiKeys.sha256Hex(ALICE_KEY))).as("the hash itself is no key").isEmpty();
        assertThat(keys.isEmpty()).isFalse();
    }

    @Test
    void theHashIsTheHexSha256OfTheKeysUtf8Bytes() {
        // printf %s abc | sha256sum
        assertThat(ApiKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void noTenantsIsOpenMode() {
        assertThat(ApiKeys.of(properties(Map.of())).isEmpty()).isTrue();
    }

    @Test
    void aValueThatIsNoSha256StopsTheStartWithoutShowingTheValue() {
        for (String bad : new String[] {"my-secret-key", ApiKeys.sha256Hex("x").substring(1), ApiKeys.sha256Hex("x") + "0",
                "z".repeat(64)}) {
            assertThatIllegalStateException().as(bad)
                    .isThrownBy(() -> ApiKeys.of(properties(Map.of("alice", tenant(Priority.HIGH, bad)))))
                    .withMessageContaining("mediaqueue.security.tenants.alice.key-sha256[0]")
                    .withMessageContaining("64 hex digits")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
        }
    }

    @Test
    void oneHashUnderTwoTenantsStopsTheStart() {
        Map<String, SecurityProperties.Tenant> tenants = new LinkedHashMap<>();
        tenants.put("alice", tenant(Priority.HIGH, ApiKeys.sha256Hex(ALICE_KEY)));
        tenants.put("bob", tenant(Priority.HIGH, ApiKeys.sha256Hex(BOB_KEY), ApiKeys.sha256Hex(ALICE_KEY).toUpperCase()));

        assertThatIllegalStateException().isThrownBy(() -> ApiKeys.of(properties(tenants)))
                .withMessageContaining("mediaqueue.security.tenants.bob.key-sha256[1]")
                .withMessageContaining("mediaqueue.security.tenants.alice.key-sha256[0]")
                .withMessageContaining("exactly one tenant");
    }

    @Test
    void aTenantWithoutKeysStopsTheStart() {
        assertThatIllegalStateException().isThrownBy(() -> ApiKeys.of(properties(Map.of("alice", tenant(Priority.HIGH)))))
                .withMessageContaining("mediaqueue.security.tenants.alice.key-sha256 is empty");
    }

    @Test
    void aTenantNameAWorkerWouldRefuseStopsTheStart() {
        for (String bad : new String[] {"", " ", "a b", "../x", "-x", "x".repeat(65), "acme\nroot"}) {
            assertThatIllegalStateException().as(bad)
                    .isThrownBy(() -> ApiKeys.of(properties(Map.of(bad, tenant(Priority.HIGH, ApiKeys.sha256Hex(ALICE_KEY))))))
                    .withMessageContaining("a tenant name is 1-64 of");
        }
        assertThat(ApiKeys.of(properties(Map.of("web.prod_2-eu", tenant(Priority.HIGH, ApiKeys.sha256Hex(ALICE_KEY))))).isEmpty())
                .isFalse();
    }

    static SecurityProperties properties(Map<String, SecurityProperties.Tenant> tenants) {
        return new SecurityProperties(tenants, TenantLimits.UNLIMITED);
    }

    static SecurityProperties.Tenant tenant(Priority maxPriority, String... hashes) {
        return new SecurityProperties.Tenant(List.of(hashes), maxPriority, TenantLimits.UNLIMITED);
    }
}
