@NullMarked
package dev.mediaqueue.worker.job;

import org.jspecify.annotations.NullMarked;
