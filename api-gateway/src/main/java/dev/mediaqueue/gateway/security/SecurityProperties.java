package dev.mediaqueue.gateway.security;

import dev.mediaqueue.model.Priority;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;
import java.util.Map;

/**
 * Who may call the gateway ({@code mediaqueue.security}).
 *
 * <p>Each tenant has one or more API keys, configured only as the hex SHA-256 of the key (never the key
 * itself), its highest priority tier and its limits. With no tenant configured the gateway runs in
 * <em>open mode</em>: every request is the {@value Caller#OPEN_TENANT} tenant's, budgets are counted per
 * client IP with {@link #openLimits()}, and a warning is logged at start. Open mode is for local
 * development only.
 *
 * @param tenants    tenant name → its keys, tier and limits
 * @param openLimits the limits per client IP in open mode
 */
@ConfigurationProperties("mediaqueue.security")
public record SecurityProperties(
        @DefaultValue Map<String, Tenant> tenants,
        @DefaultValue TenantLimits openLimits) {

    /**
     * @param keySha256   hex SHA-256 of each of the tenant's API keys (e.g. {@code printf %s "$KEY" | sha256sum})
     * @param maxPriority the highest tier the tenant's jobs get
     * @param limits      its budgets and queued-job cap
     */
    public record Tenant(
            @DefaultValue List<String> keySha256,
            @DefaultValue("high") Priority maxPriority,
            @DefaultValue TenantLimits limits) {
    }

    /** Whether no tenant is configured: every caller is the open-mode tenant. */
    public boolean openMode() {
        return tenants.isEmpty();
    }
}
