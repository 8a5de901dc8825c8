package dev.mediaqueue.worker.generator;

import java.util.Objects;

/**
 * An application event saying whether the backend a generator drives (a ComfyUI server, a GPU) can run
 * jobs now.
 *
 * <p>While a backend is unavailable the worker takes no jobs: they wait in the queue for a healthy
 * backend instead of failing one after another. Publish it on every change, not on every check.
 *
 * @param backend   a short name for logs ({@code comfyui})
 * @param available whether jobs can run
 * @param detail    why, in a few words ("unreachable: connection refused")
 */
public record BackendAvailability(String backend, boolean available, String detail) {

    public BackendAvailability {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(detail, "detail");
    }
}
