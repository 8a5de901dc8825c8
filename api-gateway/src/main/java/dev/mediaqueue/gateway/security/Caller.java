package dev.mediaqueue.gateway.security;

import dev.mediaqueue.model.Priority;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Objects;

/**
 * Who is calling: the tenant whose jobs a request may start, see and cancel, the highest priority tier
 * it may use, its limits, and the key its rate budgets are counted under.
 *
 * <p>The authentication filter decides it once per request and puts it on the request
 * ({@link #ATTRIBUTE}); controllers take it as a handler method parameter ({@link CallerArgumentResolver})
 * and filters or interceptors read it with {@link #of(HttpServletRequest)}.
 *
 * @param tenant      the tenant recorded on every job the caller starts
 * @param maxPriority the highest tier the caller's jobs get (a higher request is lowered to it)
 * @param limits      the tenant's rate budgets and queued-job cap
 * @param budgetKey   what the rate budgets are counted under: {@code tenant:<name>} for a key's
 *                    tenant, {@code ip:<address>} in open mode (every open caller is one tenant)
 */
public record Caller(String tenant, Priority maxPriority, TenantLimits limits, String budgetKey) {

    /** The request attribute that holds the request's {@code Caller}. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** The tenant of every request in open mode (no keys configured). */
    public static final String OPEN_TENANT = "default";

    /** The open-mode caller, unlimited: for tests and code paths without a request. */
    public static final Caller DEFAULT = new Caller(OPEN_TENANT, Priority.URGENT, TenantLimits.UNLIMITED, "tenant:" + OPEN_TENANT);

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(maxPriority, "maxPriority");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(budgetKey, "budgetKey");
    }

    /** A key's tenant: budgets are counted per tenant. */
    public static Caller tenant(String tenant, Priority maxPriority, TenantLimits limits) {
        return new Caller(tenant, maxPriority, limits, "tenant:" + tenant);
    }

    /** Whether a job recorded for {@code jobTenant} belongs to this caller. */
    public boolean owns(String jobTenant) {
        return tenant.equals(jobTenant);
    }

    /**
     * The tier a job asking for {@code requested} gets: the request, or the caller's highest allowed tier
     * when it asked for more (decision 0008: lowered, not refused).
     */
    public Priority cap(Priority requested) {
        return requested.isAbove(maxPriority) ? maxPriority : requested;
    }

    /** The caller the authentication filter put on this request, or {@code null} before it ran. */
    public static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(ATTRIBUTE);
    }
}
