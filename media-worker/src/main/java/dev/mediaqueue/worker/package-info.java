@NullMarked
package dev.mediaqueue.worker;

import org.jspecify.annotations.NullMarked;
