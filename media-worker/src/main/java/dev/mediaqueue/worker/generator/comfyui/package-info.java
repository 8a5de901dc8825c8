/**
 * The {@code comfyui} generator: runs a job as a workflow on one ComfyUI server (one GPU).
 *
 * <p>A job's {@code config_id} names a workflow in the workflows folder (a template in ComfyUI's API
 * format and a descriptor saying where prompt, seed and params go). The generator queues the prompt,
 * follows its websocket events (and {@code /history} when the socket drops) into job progress, fetches the
 * outputs through {@code /view}, deletes or interrupts the prompt on cancel, and sorts failures into
 * permanent and transient ones. {@link dev.mediaqueue.worker.generator.comfyui.ComfyUiHealthMonitor}
 * pauses the worker's consumers while the server is unreachable.
 *
 * <p>Enabled with {@code mediaqueue.worker.generator=comfyui}; the demo generators stay the default.
 */
@NullMarked
package dev.mediaqueue.worker.generator.comfyui;

import org.jspecify.annotations.NullMarked;
