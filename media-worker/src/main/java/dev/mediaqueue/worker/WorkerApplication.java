package dev.mediaqueue.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The media worker: consumes the job queues of its configured media types, runs a
 * {@link dev.mediaqueue.worker.generator.MediaGenerator} per job and publishes the job's status.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    public static void main(String[] args) {
        // the demo generators draw with java.awt; a worker never has a display
        System.setProperty("java.awt.headless", "true");
        SpringApplication.run(WorkerApplication.class, args);
    }
}
