# syntax=docker/dockerfile:1
#
# api-gateway image. Build context: the repository root, after `./mvnw -DskipTests package`:
#   docker build -f deploy/docker/gateway.Dockerfile -t mediaqueue/api-gateway:0.1.0-SNAPSHOT .
# (deploy/compose.yaml does the same with `docker compose -f deploy/compose.yaml up --build`).
# gateway.Dockerfile.dockerignore beside this file keeps the build context down to the jar.
FROM eclipse-temurin:21-jre

# Same uid/gid as the worker image: both write the shared results volume.
RUN groupadd --system --gid 10001 mediaqueue \
    && useradd --system --uid 10001 --gid mediaqueue --home-dir /app --shell /usr/sbin/nologin mediaqueue \
    && mkdir -p /app /data/results \
    && chown mediaqueue:mediaqueue /data/results

ARG JAR_FILE=api-gateway/target/api-gateway-0.1.0-SNAPSHOT.jar
COPY --chown=mediaqueue:mediaqueue ${JAR_FILE} /app/app.jar

# Result files written by the workers, served under /exports/{file}; mount the shared volume here.
ENV MEDIAQUEUE_RESULTS_DIR=/data/results

USER 10001:10001
WORKDIR /app
# 8080: the API, the demo page and result downloads. 8082: the actuator (probes, Prometheus), which
# needs no key and must not be reachable from outside (docs/decisions/0007-management-port.md).
EXPOSE 8080 8082

# Ready = connected to the broker and the status replay caught up (the gateway's readiness group).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8082/actuator/health/readiness || exit 1

# java is PID 1 and gets SIGTERM directly. Extra JVM flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
