/**
 * Demo generators: CPU-only, <b>simulated</b> output for trying the queue end to end without a GPU.
 * They are not AI: an image is a gradient with the prompt written on it, a video an animated GIF of
 * moving shapes, audio a few seconds of tones derived from the prompt. What is real is the rest: real
 * PNG/GIF/WAV files, progress spread over a configurable duration, and cancellation between steps.
 */
@NullMarked
package dev.mediaqueue.worker.generator.demo;

import org.jspecify.annotations.NullMarked;
