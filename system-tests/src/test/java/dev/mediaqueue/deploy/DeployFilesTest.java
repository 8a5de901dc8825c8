package dev.mediaqueue.deploy;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Static checks of {@code deploy/}: every file parses, and the files agree with each other and with the
 * code (topology arguments, credentials, mounts, grace periods, datasource uid).
 */
class DeployFilesTest {

    /** The longest a job of each media type may run (the workers' max run time). */
    private static final Map<MediaType, Duration> MAX_RUN_TIME = Map.of(
            MediaType.IMAGE, Duration.ofMinutes(5),
            MediaType.AUDIO, Duration.ofMinutes(10),
            MediaType.VIDEO, Duration.ofMinutes(30));

    private final Path deploy = DeployFiles.deployDir();

    // ------------------------------------------------------------------------------------------ parsing

    @TestFactory
    Stream<DynamicTest> everyYamlFileParses() {
        List<Path> files = DeployFiles.filesEndingWith(deploy, ".yml", ".yaml");
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        return files.stream().map(file -> DynamicTest.dynamicTest(deploy.relativize(file).toString(), () -> {
            List<JsonNode> docs = DeployFiles.yamlDocuments(file);
            assertThat(docs).as("documents in %s", file).isNotEmpty()
                    .allSatisfy(doc -> assertThat(doc.isObject()).as("every document of %s is a mapping", file).isTrue());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyJsonFileParses() {
        List<Path> files = DeployFiles.filesEndingWith(deploy, ".json");
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        return files.stream().map(file -> DynamicTest.dynamicTest(deploy.relativize(file).toString(),
                () -> assertThat(DeployFiles.json(file).isObject()).isTrue()));
    }

    @Test
    void kubernetesManifestsAreNamespaceLessAndComplete() {
        Path k8s = deploy.resolve("k8s");
        List<Path> manifests = DeployFiles.filesEndingWith(k8s, ".yaml");
        for (Path file : manifests) {
            for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
                if (doc.path("kind").asString("").equals("Kustomization")) {
                    continue;
                }
                assertThat(doc.path("apiVersion").asString("")).as("apiVersion in %s", file).isNotBlank();
                assertThat(doc.path("metadata").path("name").asString("")).as("metadata.name in %s", file).isNotBlank();
                assertThat(doc.path("metadata").has("namespace")).as("namespace in %s", file).isFalse();
            }
        }
        // the kustomization lists every manifest of deploy/k8s (not optional/) and nothing else
        JsonNode kustomization = DeployFiles.yaml(k8s.resolve("kustomization.yaml"));
        Set<String> listed = new HashSet<>();
        kustomization.path("resources").values().forEach(r -> listed.add(r.asString()));
        Set<String> present = manifests.stream()
                .filter(p -> p.getParent().equals(k8s))
                .map(p -> p.getFileName().toString())
                .filter(name -> !name.equals("kustomization.yaml"))
                .collect(Collectors.toSet());
        assertThat(listed).isEqualTo(present);
    }

    // ------------------------------------------------------------------------------------------ RabbitMQ

    @Test
    void definitionsDeclareTheJobQueuesExactlyAsTheApps() {
        Map<String, JsonNode> queues = byName(definitions().path("queues"));
        assertThat(queues.keySet()).containsExactlyInAnyOrder(
                "media.jobs.image", "media.jobs.video", "media.jobs.audio",
                Topology.DEAD_LETTER_QUEUE, Topology.STATUS_STREAM);
        for (MediaType type : MediaType.values()) {
            JsonNode queue = queues.get(Topology.jobQueue(type));
            assertThat(queue).as(Topology.jobQueue(type)).isNotNull();
            assertDurableVhostRoot(queue);
            assertSameArguments(Topology.jobQueue(type), Topology.jobQueueArguments(Topology.Settings.DEFAULTS),
                    queue.path("arguments"));
        }
        assertDurableVhostRoot(queues.get(Topology.DEAD_LETTER_QUEUE));
        assertSameArguments(Topology.DEAD_LETTER_QUEUE, Map.of("x-queue-type", "classic"),
                queues.get(Topology.DEAD_LETTER_QUEUE).path("arguments"));
    }

    @Test
    void definitionsDeclareTheStatusStreamExactlyAsTheApps() {
        JsonNode stream = byName(definitions().path("queues")).get(Topology.STATUS_STREAM);
        assertDurableVhostRoot(stream);
        assertSameArguments(Topology.STATUS_STREAM, Topology.statusStreamArguments(Topology.Settings.DEFAULTS),
                stream.path("arguments"));
    }

    @Test
    void definitionsDeclareTheExchangesAndBindingsOfTopologyDeclare() {
        Map<String, JsonNode> exchanges = byName(definitions().path("exchanges"));
        Map<String, String> expectedTypes = Map.of(
                Topology.JOBS_EXCHANGE, "direct",
                Topology.DEAD_LETTER_EXCHANGE, "fanout",
                Topology.STATUS_EXCHANGE, "topic",
                Topology.CONTROL_EXCHANGE, "fanout");
        assertThat(exchanges.keySet()).isEqualTo(expectedTypes.keySet());
        expectedTypes.forEach((name, type) -> {
            JsonNode exchange = exchanges.get(name);
            assertThat(exchange.path("type").asString()).as("type of %s", name).isEqualTo(type);
            assertDurableVhostRoot(exchange);
            assertThat(exchange.path("internal").asBoolean(false)).as("internal %s", name).isFalse();
            assertThat(exchange.path("arguments").size()).as("arguments of %s", name).isZero();
        });

        Set<String> expectedBindings = new HashSet<>();
        expectedBindings.add(Topology.DEAD_LETTER_EXCHANGE + " -> " + Topology.DEAD_LETTER_QUEUE + " ''");
        for (MediaType type : MediaType.values()) {
            expectedBindings.add(Topology.JOBS_EXCHANGE + " -> " + Topology.jobQueue(type) + " '" + type.wireName() + "'");
        }
        expectedBindings.add(Topology.STATUS_EXCHANGE + " -> " + Topology.STATUS_STREAM + " '#'");
        Set<String> bindings = new HashSet<>();
        for (JsonNode b : definitions().path("bindings")) {
            assertThat(b.path("destination_type").asString()).isEqualTo("queue");
            assertThat(b.path("vhost").asString()).isEqualTo("/");
            bindings.add(b.path("source").asString() + " -> " + b.path("destination").asString()
                    + " '" + b.path("routing_key").asString() + "'");
        }
        assertThat(bindings).isEqualTo(expectedBindings);
    }

    @Test
    void rabbitmqConfRaisesTheConsumerTimeoutAboveTheLongestJob() {
        Map<String, String> conf = rabbitmqConf();
        long consumerTimeoutMs = Long.parseLong(conf.get("consumer_timeout"));
        Duration longest = MAX_RUN_TIME.values().stream().max(Duration::compareTo).orElseThrow();
        assertThat(consumerTimeoutMs).isEqualTo(7_200_000L).isGreaterThan(longest.toMillis());
        assertThat(conf).containsEntry("prometheus.tcp.port", "15692")
                .containsEntry("management.tcp.port", "15672")
                .containsKeys("vm_memory_high_watermark.relative", "disk_free_limit.absolute");
        assertThat(DeployFiles.text(deploy.resolve("rabbitmq/enabled_plugins")).strip())
                .isEqualTo("[rabbitmq_management,rabbitmq_prometheus].");

        // the RabbitmqCluster example carries the same consumer_timeout
        JsonNode cluster = DeployFiles.k8sObjects("optional/rabbitmq-cluster.yaml", "RabbitmqCluster").get(0);
        assertThat(cluster.path("spec").path("rabbitmq").path("additionalConfig").asString())
                .contains("consumer_timeout = " + consumerTimeoutMs);
    }

    @Test
    void composeAppsLogInAsTheDevUserWithItsPassword() throws Exception {
        JsonNode users = DeployFiles.json(deploy.resolve("rabbitmq/dev-users.json"));
        JsonNode user = users.path("users").get(0);
        assertThat(user.path("hashing_algorithm").asString()).isEqualTo("rabbit_password_hashing_sha256");
        JsonNode permission = users.path("permissions").get(0);
        assertThat(permission.path("user").asString()).isEqualTo(user.path("name").asString());
        assertThat(permission.path("configure").asString()).isEqualTo(".*");

        for (String service : List.of("gateway", "worker")) {
            JsonNode env = composeService(service).path("environment");
            assertThat(composeDefault(env.path("SPRING_RABBITMQ_USERNAME").asString()))
                    .as("%s user", service).isEqualTo(user.path("name").asString());
            String password = composeDefault(env.path("SPRING_RABBITMQ_PASSWORD").asString());
            assertThat(rabbitPasswordMatches(user.path("password_hash").asString(), password))
                    .as("dev-users.json password_hash is the hash of %s's default password", service).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------------ compose

    @Test
    void composeStartsTheAppsAfterAHealthyBrokerAndSharesTheResults() {
        JsonNode services = compose().path("services");
        assertThat(services.propertyNames()).contains("rabbitmq", "gateway", "worker", "prometheus", "grafana");
        assertThat(services.path("rabbitmq").path("image").asString()).isEqualTo("rabbitmq:4.1-management");
        assertThat(services.path("rabbitmq").has("healthcheck")).isTrue();

        for (String app : List.of("gateway", "worker")) {
            JsonNode service = services.path(app);
            assertThat(service.path("depends_on").path("rabbitmq").path("condition").asString())
                    .as("%s waits for a healthy broker", app).isEqualTo("service_healthy");
            assertThat(service.path("build").path("context").asString()).isEqualTo("..");
            assertThat(deploy.resolve("..").resolve(service.path("build").path("dockerfile").asString()))
                    .as("Dockerfile of %s", app).isRegularFile();
            String resultsDir = service.path("environment").path("MEDIAQUEUE_RESULTS_DIR").asString();
            assertThat(volumes(service)).as("volumes of %s", app).contains("results:" + resultsDir);
        }
        assertThat(compose().path("volumes").has("results")).isTrue();

        // scalable: --scale worker=3 needs no fixed name and no host port
        JsonNode worker = services.path("worker");
        assertThat(worker.has("container_name")).isFalse();
        assertThat(worker.has("ports")).isFalse();
        Duration grace = Duration.parse("PT" + worker.path("environment").path("MEDIAQUEUE_WORKER_SHUTDOWN_GRACE")
                .asString().toUpperCase());
        Duration stop = Duration.parse("PT" + worker.path("stop_grace_period").asString().toUpperCase());
        assertThat(stop).as("stop_grace_period covers the worker's shutdown grace").isGreaterThan(grace);
    }

    @Test
    void composeMountsFilesThatExist() {
        Pattern bind = Pattern.compile("^(\\./[^:]+):([^:]+)(:ro)?$");
        for (Map.Entry<String, JsonNode> service : compose().path("services").properties()) {
            for (String volume : volumes(service.getValue())) {
                Matcher m = bind.matcher(volume);
                if (m.matches()) {
                    assertThat(deploy.resolve(m.group(1)).normalize()).as("%s mounts %s", service.getKey(), volume).exists();
                }
            }
        }
        // the broker imports the topology and the dev user from the directory rabbitmq.conf names
        String definitionsDir = rabbitmqConf().get("load_definitions");
        assertThat(volumes(composeService("rabbitmq")))
                .contains("./rabbitmq/definitions.json:" + definitionsDir + "/10-topology.json:ro",
                        "./rabbitmq/dev-users.json:" + definitionsDir + "/20-users.json:ro",
                        "./rabbitmq/rabbitmq.conf:/etc/rabbitmq/rabbitmq.conf:ro",
                        "./rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro");
        // prometheus and grafana read what their config names
        assertThat(volumes(composeService("prometheus")))
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                        "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        JsonNode provider = DeployFiles.yaml(deploy.resolve("grafana/provisioning/dashboards/mediaqueue.yml"))
                .path("providers").get(0);
        assertThat(volumes(composeService("grafana")))
                .contains("./grafana/dashboards:" + provider.path("options").path("path").asString() + ":ro");
    }

    // ------------------------------------------------------------------------------------------ Grafana

    @Test
    void dashboardUsesOnlyTheProvisionedDatasource() {
        JsonNode datasource = DeployFiles.yaml(deploy.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        assertThat(datasource.path("name").asString()).isEqualTo("Prometheus");
        assertThat(datasource.path("uid").asString()).isEqualTo("prometheus");
        assertThat(datasource.path("type").asString()).isEqualTo("prometheus");

        for (Path file : DeployFiles.filesEndingWith(deploy.resolve("grafana/dashboards"), ".json")) {
            List<JsonNode> refs = new ArrayList<>();
            collect(DeployFiles.json(file), "datasource", refs);
            assertThat(refs).as("datasource references in %s", file).hasSizeGreaterThan(10)
                    .allSatisfy(ref -> {
                        assertThat(ref.isObject()).as("datasource reference %s is {type, uid}", ref).isTrue();
                        assertThat(ref.path("uid").asString()).isEqualTo(datasource.path("uid").asString());
                        assertThat(ref.path("type").asString()).isEqualTo("prometheus");
                    });
        }
    }

    @Test
    void dashboardPanelsHaveUniqueIdsQueriesAndFitTheGrid() {
        JsonNode dashboard = DeployFiles.json(deploy.resolve("grafana/dashboards/mediaqueue.json"));
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("panel %s fits 24 columns", panel.path("title"))
                    .isLessThanOrEqualTo(24);
            if (!panel.path("type").asString().equals("row")) {
                assertThat(panel.path("targets").size()).as("queries of %s", panel.path("title")).isPositive();
                panel.path("targets").forEach(t -> assertThat(t.path("expr").asString()).isNotBlank());
            }
        }
        assertThat(ids).hasSizeGreaterThan(15);
    }

    // ------------------------------------------------------------------------------------------ Kubernetes

    @Test
    void oneWorkerDeploymentPerMediaTypeWithGpuAndAGraceLongerThanItsLongestJob() {
        for (MediaType type : MediaType.values()) {
            String file = "worker-" + type.wireName() + ".yaml";
            JsonNode deployment = single(DeployFiles.k8sObjects(file, "Deployment"));
            assertThat(deployment.path("metadata").path("name").asString()).isEqualTo("worker-" + type.wireName());
            assertThat(deployment.path("spec").has("replicas")).as("KEDA owns the replicas of %s", file).isFalse();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = single(List.copyOf(pod.path("containers").values()));
            Map<String, String> env = env(container);

            assertThat(env).containsEntry("MEDIAQUEUE_WORKER_MEDIA_TYPES", type.wireName());
            assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asString()).isEqualTo("1");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asString())
                    .isEqualTo("/actuator/health/readiness");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asString())
                    .isEqualTo("/actuator/health/liveness");
            assertThat(container.path("lifecycle").path("preStop").isMissingNode()).as("preStop of %s", file).isFalse();

            Duration maxRun = MAX_RUN_TIME.get(type);
            Duration grace = Duration.parse("PT" + env.get("MEDIAQUEUE_WORKER_SHUTDOWN_GRACE").toUpperCase());
            Duration preStop = preStopSleep(container);
            Duration terminationGrace = Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong());
            assertThat(grace).as("shutdown grace of %s covers its longest job", file).isGreaterThan(maxRun);
            assertThat(terminationGrace).as("terminationGracePeriodSeconds of %s", file)
                    .isGreaterThan(maxRun)
                    .isGreaterThanOrEqualTo(preStop.plus(grace).plusSeconds(30));
            assertMountsResults(pod, container, file);
        }
    }

    @Test
    void kedaScalesEachWorkerOnItsQueueCountingRunningJobs() {
        JsonNode auth = single(DeployFiles.k8sObjects("keda-trigger-auth.yaml", "TriggerAuthentication"));
        JsonNode secret = single(DeployFiles.k8sObjects("secret.yaml", "Secret"));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (JsonNode ref : auth.path("spec").path("secretTargetRef")) {
            assertThat(ref.path("name").asString()).isEqualTo(secret.path("metadata").path("name").asString());
            assertThat(secret.path("stringData").has(ref.path("key").asString()))
                    .as("secret key %s", ref.path("key")).isTrue();
            parameters.put(ref.path("parameter").asString(), ref.path("key").asString());
        }
        assertThat(parameters).containsKeys("host", "username", "password");
        assertThat(secret.path("stringData").path(parameters.get("host")).asString()).startsWith("http://");

        for (MediaType type : MediaType.values()) {
            String file = "worker-" + type.wireName() + ".yaml";
            JsonNode scaled = single(DeployFiles.k8sObjects(file, "ScaledObject"));
            assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asString()).isEqualTo("worker-" + type.wireName());
            assertThat(scaled.path("spec").has("cooldownPeriod")).isTrue();
            JsonNode trigger = single(List.copyOf(scaled.path("spec").path("triggers").values()));
            assertThat(trigger.path("type").asString()).isEqualTo("rabbitmq");
            assertThat(trigger.path("authenticationRef").path("name").asString())
                    .isEqualTo(auth.path("metadata").path("name").asString());
            JsonNode meta = trigger.path("metadata");
            assertThat(meta.path("mode").asString()).isEqualTo("QueueLength");
            assertThat(meta.path("queueName").asString()).isEqualTo(Topology.jobQueue(type));
            // with amqp, running (unacked) jobs are invisible and a busy worker could be scaled to zero
            assertThat(meta.path("protocol").asString()).isEqualTo("http");
            assertThat(meta.path("excludeUnacknowledged").asString("false")).isEqualTo("false");
        }
    }

    @Test
    void gatewayRunsTwoReadyCheckedReplicasAutoscaledOnCpu() {
        JsonNode deployment = single(DeployFiles.k8sObjects("gateway.yaml", "Deployment"));
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = single(List.copyOf(pod.path("containers").values()));
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(container.path("resources").path("requests").has("cpu")).isTrue();
        assertMountsResults(pod, container, "gateway.yaml");

        JsonNode hpa = single(DeployFiles.k8sObjects("gateway.yaml", "HorizontalPodAutoscaler"));
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asString()).isEqualTo("gateway");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("spec").path("metrics").get(0).path("resource").path("name").asString()).isEqualTo("cpu");
        JsonNode service = single(DeployFiles.k8sObjects("gateway.yaml", "Service"));
        assertThat(service.path("spec").path("selector").path("app.kubernetes.io/name").asString())
                .isEqualTo(deployment.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asString());

        JsonNode pvc = single(DeployFiles.k8sObjects("results-pvc.yaml", "PersistentVolumeClaim"));
        assertThat(pvc.path("spec").path("accessModes").get(0).asString()).isEqualTo("ReadWriteMany");
    }

    @Test
    void theGatewaysActuatorIsProbedAndScrapedOnItsManagementPortWhichNoPublicPortReaches() {
        String port = DeployFiles.yaml(DeployFiles.repoRoot().resolve("api-gateway/src/main/resources/application.yml"))
                .path("management").path("server").path("port").asString();
        assertThat(port).as("management.server.port of the gateway").isNotBlank().isNotEqualTo("8080");

        JsonNode deployment = single(DeployFiles.k8sObjects("gateway.yaml", "Deployment"));
        JsonNode template = deployment.path("spec").path("template");
        JsonNode container = single(List.copyOf(template.path("spec").path("containers").values()));
        Map<String, String> ports = new LinkedHashMap<>();
        container.path("ports").values().forEach(p -> ports.put(p.path("name").asString(), p.path("containerPort").asString()));
        assertThat(ports).containsEntry("http", "8080").containsEntry("management", port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asString()).as(probe).isEqualTo("management");
        }
        assertThat(template.path("metadata").path("annotations").path("prometheus.io/port").asString()).isEqualTo(port);
        JsonNode service = single(DeployFiles.k8sObjects("gateway.yaml", "Service"));
        assertThat(service.path("spec").path("ports").values()).extracting(p -> p.path("targetPort").asString())
                .containsExactly("http");

        assertThat(DeployFiles.text(deploy.resolve("prometheus/prometheus.yml"))).contains("\"gateway:" + port + "\"");
        assertThat(DeployFiles.text(deploy.resolve("docker/gateway.Dockerfile")))
                .contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
        List<String> composePorts = new ArrayList<>();
        composeService("gateway").path("ports").values().forEach(p -> composePorts.add(p.asString()));
        assertThat(composePorts).filteredOn(p -> p.endsWith(":" + port))
                .singleElement().asString().startsWith("127.0.0.1:");
    }

    @Test
    void theGatewayTakesItsKeysAndSigningSecretFromASecretOfPlaceholders() {
        JsonNode secret = single(DeployFiles.k8sObjects("gateway-secret.yaml", "Secret"));
        JsonNode container = single(List.copyOf(single(DeployFiles.k8sObjects("gateway.yaml", "Deployment"))
                .path("spec").path("template").path("spec").path("containers").values()));
        assertThat(container.path("envFrom").values()).extracting(from -> from.path("secretRef").path("name").asString())
                .contains(secret.path("metadata").path("name").asString());
        // placeholders the gateway refuses at start: not a 64-digit hash, a secret under 32 characters
        assertThat(secret.path("stringData").path("MEDIAQUEUE_SECURITY_URL_SIGNING_SECRET").asString())
                .startsWith("CHANGE-ME").hasSizeLessThan(32);
        assertThat(secret.path("stringData").path("MEDIAQUEUE_SECURITY_TENANTS_WEB_KEYSHA256").asString())
                .startsWith("CHANGE-ME").doesNotMatch("[0-9a-fA-F]{64}");
    }

    @Test
    void secretHoldsOnlyPlaceholders() {
        JsonNode secret = single(DeployFiles.k8sObjects("secret.yaml", "Secret"));
        for (String key : List.of("username", "password", "keda-username", "keda-password")) {
            assertThat(secret.path("stringData").path(key).asString()).as(key).startsWith("CHANGE-ME");
        }
    }

    // ------------------------------------------------------------------------------------------ images

    @Test
    void dockerfilesRunTheBuiltJarAsNonRootWithAHealthcheck() {
        Map<String, String> images = Map.of("gateway", "api-gateway", "worker", "media-worker");
        images.forEach((name, module) -> {
            String dockerfile = DeployFiles.text(deploy.resolve("docker/" + name + ".Dockerfile"));
            assertThat(dockerfile)
                    .containsPattern("(?m)^FROM eclipse-temurin:21-jre$")
                    .containsPattern("(?m)^ARG JAR_FILE=" + module + "/target/" + module + "-[^/]+\\.jar$")
                    .containsPattern("(?m)^USER 10001")
                    .containsPattern("(?m)^HEALTHCHECK ")
                    .contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/app.jar\"]");
            assertThat(DeployFiles.text(deploy.resolve("docker/" + name + ".Dockerfile.dockerignore")))
                    .contains("!" + module + "/target/" + module + "-*.jar");
        });
    }

    // ------------------------------------------------------------------------------------------ helpers

    private JsonNode definitions() {
        return DeployFiles.json(deploy.resolve("rabbitmq/definitions.json"));
    }

    private JsonNode compose() {
        return DeployFiles.yaml(deploy.resolve("compose.yaml"));
    }

    private JsonNode composeService(String name) {
        return compose().path("services").path(name);
    }

    private static List<String> volumes(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("volumes").forEach(v -> out.add(v.asString()));
        return out;
    }

    /** {@code ${VAR:-default}} → default; anything else as it is. */
    private static String composeDefault(String value) {
        Matcher m = Pattern.compile("^\\$\\{[A-Z_]+:-(.*)}$").matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    private Map<String, String> rabbitmqConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String line : DeployFiles.text(deploy.resolve("rabbitmq/rabbitmq.conf")).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] kv = l.split("=", 2);
            conf.put(kv[0].strip(), kv[1].strip());
        }
        return conf;
    }

    /** RabbitMQ's rabbit_password_hashing_sha256: base64(salt(4) + sha256(salt + password)). */
    private static boolean rabbitPasswordMatches(String passwordHash, String password) throws Exception {
        byte[] decoded = Base64.getDecoder().decode(passwordHash);
        byte[] salt = Arrays.copyOfRange(decoded, 0, 4);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(salt);
        sha256.update(password.getBytes(StandardCharsets.UTF_8));
        return Arrays.equals(sha256.digest(), Arrays.copyOfRange(decoded, 4, decoded.length));
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        array.forEach(n -> assertThat(out.put(n.path("name").asString(), n)).as("duplicate %s", n.path("name")).isNull());
        return out;
    }

    private static void assertDurableVhostRoot(JsonNode entity) {
        assertThat(entity.path("vhost").asString()).isEqualTo("/");
        assertThat(entity.path("durable").asBoolean(false)).as("%s durable", entity.path("name")).isTrue();
        assertThat(entity.path("auto_delete").asBoolean(true)).as("%s auto_delete", entity.path("name")).isFalse();
    }

    /**
     * Same keys, same values, and the same JSON kind as the Java value the apps declare: a number where
     * the app sends an integer, a string where it sends a string. The broker compares argument values by
     * type class (any integer type is one class, strings another), so "4" instead of 4 fails the apps'
     * declare with PRECONDITION_FAILED.
     */
    private static void assertSameArguments(String queue, Map<String, Object> expected, JsonNode actual) {
        assertThat(actual.propertyNames()).as("argument names of %s", queue).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> {
            JsonNode node = actual.path(key);
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                assertThat(node.isIntegralNumber()).as("%s %s is an integer, not %s", queue, key, node).isTrue();
                assertThat(node.longValue()).as("%s %s", queue, key).isEqualTo(((Number) value).longValue());
            } else if (value instanceof String s) {
                assertThat(node.isString()).as("%s %s is a string, not %s", queue, key, node).isTrue();
                assertThat(node.asString()).as("%s %s", queue, key).isEqualTo(s);
            } else if (value instanceof Boolean b) {
                assertThat(node.isBoolean()).as("%s %s is a boolean", queue, key).isTrue();
                assertThat(node.asBoolean()).isEqualTo(b);
            } else {
                fail("unexpected argument type %s of %s %s", value.getClass(), queue, key);
            }
        });
    }

    private static void collect(JsonNode node, String field, List<JsonNode> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals(field)) {
                    out.add(e.getValue());
                }
                collect(e.getValue(), field, out);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, out));
        }
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asString(), e.path("value").asString());
            }
        });
        return env;
    }

    private static Duration preStopSleep(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.has("sleep")) {
            return Duration.ofSeconds(preStop.path("sleep").path("seconds").asLong());
        }
        List<String> command = new ArrayList<>();
        preStop.path("exec").path("command").forEach(c -> command.add(c.asString()));
        assertThat(command).hasSize(2).first().isEqualTo("sleep");
        return Duration.ofSeconds(Long.parseLong(command.get(1)));
    }

    private static void assertMountsResults(JsonNode pod, JsonNode container, String file) {
        String claim = single(DeployFiles.k8sObjects("results-pvc.yaml", "PersistentVolumeClaim"))
                .path("metadata").path("name").asString();
        String volume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("persistentVolumeClaim").path("claimName").asString("").equals(claim)) {
                volume = v.path("name").asString();
            }
        }
        assertThat(volume).as("%s has a volume for PVC %s", file, claim).isNotNull();
        String mountPath = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asString().equals(volume)) {
                mountPath = m.path("mountPath").asString();
            }
        }
        String resultsDir = DeployFiles.yaml(DeployFiles.deployDir().resolve("k8s/configmap.yaml"))
                .path("data").path("MEDIAQUEUE_RESULTS_DIR").asString();
        assertThat(mountPath).as("%s mounts the results at MEDIAQUEUE_RESULTS_DIR", file).isEqualTo(resultsDir);
        assertThat(container.path("envFrom").toString()).contains("mediaqueue-config");
    }
}
