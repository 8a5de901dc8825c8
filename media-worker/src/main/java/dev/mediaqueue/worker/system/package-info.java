@NullMarked
package dev.mediaqueue.worker.system;

import org.jspecify.annotations.NullMarked;
