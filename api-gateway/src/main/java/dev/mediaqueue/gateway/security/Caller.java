package dev.mediaqueue.gateway.security;

import java.util.Objects;

/**
 * Who is calling: the tenant whose jobs a request may start, see and cancel.
 *
 * <p>Controllers take it as a handler method parameter; {@link CallerArgumentResolver} is the one place
 * that decides it. Until callers authenticate, every request is the {@link #DEFAULT} tenant's.
 *
 * @param tenant the tenant recorded on every job the caller starts
 */
public record Caller(String tenant) {

    /** The tenant of every request while there is no authentication. */
    public static final Caller DEFAULT = new Caller("default");

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
    }

    /** Whether a job recorded for {@code jobTenant} belongs to this caller. */
    public boolean owns(String jobTenant) {
        return tenant.equals(jobTenant);
    }
}
