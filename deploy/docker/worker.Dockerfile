# syntax=docker/dockerfile:1
#
# media-worker image. Build context: the repository root, after `./mvnw -DskipTests package`:
#   docker build -f deploy/docker/worker.Dockerfile -t mediaqueue/media-worker:0.1.0-SNAPSHOT .
# (deploy/compose.yaml does the same with `docker compose -f deploy/compose.yaml up --build`).
# worker.Dockerfile.dockerignore beside this file keeps the build context down to the jar.
#
# The built-in generators run on the CPU. A worker that drives a local GPU model talks to it over
# the network (the comfyui generator); on Kubernetes the GPU is requested by the pod
# (nvidia.com/gpu), the NVIDIA container runtime provides the driver.
FROM eclipse-temurin:21-jre

# Same uid/gid as the gateway image: both use the shared results volume.
RUN groupadd --system --gid 10001 mediaqueue \
    && useradd --system --uid 10001 --gid mediaqueue --home-dir /app --shell /usr/sbin/nologin mediaqueue \
    && mkdir -p /app /data/results \
    && chown mediaqueue:mediaqueue /data/results

ARG JAR_FILE=media-worker/target/media-worker-0.1.0-SNAPSHOT.jar
COPY --chown=mediaqueue:mediaqueue ${JAR_FILE} /app/app.jar

# Where finished results go; mount the volume shared with the gateway here.
ENV MEDIAQUEUE_RESULTS_DIR=/data/results

USER 10001:10001
WORKDIR /app
EXPOSE 8081

HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8081/actuator/health/readiness || exit 1

# java is PID 1 and gets SIGTERM directly: the worker stops consuming, lets the running job finish
# within MEDIAQUEUE_WORKER_SHUTDOWN_GRACE, else hands it back to the queue. The container's stop
# timeout (compose stop_grace_period, Kubernetes terminationGracePeriodSeconds) must be longer.
# Extra JVM flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
