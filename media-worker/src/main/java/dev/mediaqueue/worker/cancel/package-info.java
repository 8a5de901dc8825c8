@NullMarked
package dev.mediaqueue.worker.cancel;

import org.jspecify.annotations.NullMarked;
