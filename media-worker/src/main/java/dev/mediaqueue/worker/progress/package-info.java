@NullMarked
package dev.mediaqueue.worker.progress;

import org.jspecify.annotations.NullMarked;
