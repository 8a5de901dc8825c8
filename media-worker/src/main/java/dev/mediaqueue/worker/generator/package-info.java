/**
 * The generator extension point: a {@link dev.mediaqueue.worker.generator.MediaGenerator} turns a job into a
 * file, reporting progress and honouring cancellation. The worker picks the first generator that
 * {@linkplain dev.mediaqueue.worker.generator.MediaGenerator#supports supports} a job; the built-in
 * {@code demo} generators come last, so any other generator bean takes precedence.
 */
@NullMarked
package dev.mediaqueue.worker.generator;

import org.jspecify.annotations.NullMarked;
