package dev.mediaqueue.worker.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A <b>fake</b> ComfyUI server for tests. It runs no model; it speaks ComfyUI's protocol with the shapes
 * the real server uses ({@code server.py}, {@code execution.py}, {@code main.py} of comfyanonymous/ComfyUI):
 *
 * <ul>
 *   <li>{@code POST /prompt {prompt, client_id, prompt_id?}} → {@code {prompt_id, number, node_errors}}, or 400
 *       {@code {error, node_errors}} when a {@code ckpt_name} is not an installed model or nothing saves output;</li>
 *   <li>{@code GET /queue} → {@code {queue_running, queue_pending}} of {@code [number, prompt_id, prompt, extra_data, outputs]};
 *       {@code POST /queue {"delete": [...]}}; {@code POST /interrupt {"prompt_id"}} (checked against the running
 *       prompt, as since ComfyUI PR #9607, or ignored as by older servers);</li>
 *   <li>{@code GET /history/{id}} → {@code {}} or {@code {id: {prompt, outputs, status: {status_str, completed,
 *       messages}, meta}}}; {@code GET /view?filename&subfolder&type}; {@code GET /system_stats};</li>
 *   <li>{@code /ws?clientId=}: {@code status} on connect, then for each prompt of that client
 *       {@code execution_start}, {@code execution_cached}, {@code executing}, {@code progress {value, max, prompt_id,
 *       node}} and binary previews (4-byte event 1, 4-byte format 1 = JPEG, image) for sampler nodes,
 *       {@code executed {node, output}} for save nodes, and {@code execution_success} / {@code execution_error} /
 *       {@code execution_interrupted}, the history entry, then {@code executing {node: null}}.</li>
 * </ul>
 *
 * <p>A prompt "runs" by walking its nodes in dependency order; save nodes write real small files (PNG for
 * images) to the fake's output folder. What a run does is scripted with {@link Run}. Like the real server,
 * the queue and history live in memory: {@link #restart()} loses them.
 */
public final class FakeComfyUi implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> SAMPLERS = Set.of("KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced");

    /** What the next executed prompt does. */
    public record Run(int steps, Duration stepDelay, String failInClass, String exceptionType, String exceptionMessage,
                      int dropSocketsAfterStep) {

        /** Five sampling steps of 20 ms each, with a preview per step, then success. */
        public static Run success() {
            return new Run(5, Duration.ofMillis(20), "", "", "", -1);
        }

        public Run withSteps(int count, Duration delay) {
            return new Run(count, delay, failInClass, exceptionType, exceptionMessage, dropSocketsAfterStep);
        }

        /** Fails with {@code execution_error} when a node of this class runs. */
        public Run failingIn(String classType, String type, String message) {
            return new Run(steps, stepDelay, classType, type, message, dropSocketsAfterStep);
        }

        /** Closes every websocket after this sampling step; the run goes on. */
        public Run droppingSocketsAfterStep(int step) {
            return new Run(steps, stepDelay, failInClass, exceptionType, exceptionMessage, step);
        }
    }

    private final int port;
    private final Path baseDir;
    private final Path outputDir;
    private final Deque<Run> scripts = new ArrayDeque<>();
    private final Map<String, Session> sockets = new ConcurrentHashMap<>();
    private final List<String> interruptRequests = new CopyOnWriteArrayList<>();
    private final List<String> interruptedPrompts = new CopyOnWriteArrayList<>();
    private final List<String> deleteRequests = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> submitted = new CopyOnWriteArrayList<>();
    private volatile Set<String> installedModels = Set.of();
    private volatile boolean checksInterruptPromptId = true;
    private volatile boolean held;
    private volatile boolean refuseSockets;

    // server state, lost on restart; guarded by this
    private final List<QueueItem> pending = new ArrayList<>();
    private final Map<String, ObjectNode> history = new LinkedHashMap<>();
    private QueueItem running;
    private boolean interruptFlag;
    private String lastNode;
    private int number;
    private long generation;

    private Tomcat tomcat;
    private Thread executor;

    private record QueueItem(int number, String promptId, ObjectNode prompt, ObjectNode extraData, List<String> outputs) {
        /** {@code [number, prompt_id, prompt, extra_data, outputs_to_execute]}, as in /queue and history. */
        ArrayNode toJson() {
            ArrayNode item = MAPPER.createArrayNode();
            item.add(number).add(promptId).add(prompt).add(extraData);
            ArrayNode outs = item.addArray();
            outputs.forEach(outs::add);
            return item;
        }

        String clientId() {
            return extraData.path("client_id").asString("");
        }
    }

    private FakeComfyUi(int port) {
        this.port = port;
        try {
            this.baseDir = Files.createTempDirectory("fake-comfyui");
            this.outputDir = Files.createDirectories(baseDir.resolve("output"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fake on a free port. */
    public static FakeComfyUi start() {
        return startOn(freePort());
    }

    /** Starts a fake on {@code port}. */
    public static FakeComfyUi startOn(int port) {
        FakeComfyUi fake = new FakeComfyUi(port);
        fake.startServer();
        return fake;
    }

    /** A fake that is not running yet: {@link #url()} is known, {@link #restart()} starts it. */
    public static FakeComfyUi notStarted() {
        return new FakeComfyUi(freePort());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    // ---- test controls ----

    /** The next executed prompts follow these scripts in order; when none is left, {@link Run#success()}. */
    public synchronized FakeComfyUi script(Run... runs) {
        scripts.addAll(List.of(runs));
        return this;
    }

    /** Only these checkpoint names pass validation; empty (the default): any. */
    public FakeComfyUi installedModels(String... names) {
        installedModels = Set.of(names);
        return this;
    }

    /** Behave like a server before ComfyUI PR #9607: {@code /interrupt} stops whatever runs. */
    public FakeComfyUi interruptIgnoresPromptId() {
        checksInterruptPromptId = false;
        return this;
    }

    /** Starts no further prompt until {@link #releaseQueue()}. */
    public synchronized void holdQueue() {
        held = true;
    }

    public synchronized void releaseQueue() {
        held = false;
        notifyAll();
    }

    /** A small valid prompt (a sampler and a save node), as someone else might queue. */
    public static ObjectNode otherClientsPrompt() {
        ObjectNode prompt = MAPPER.createObjectNode();
        prompt.putObject("1").put("class_type", "KSampler").putObject("inputs").put("seed", 1).put("steps", 20);
        ObjectNode save = prompt.putObject("2").put("class_type", "SaveImage");
        save.putObject("inputs").put("filename_prefix", "other").putArray("images").add("1").add(0);
        return prompt;
    }

    /** Queues a prompt as another client (a person using ComfyUI's own page) would; answers its id. */
    public String submitAsOtherClient(ObjectNode prompt) {
        return queue(prompt, MAPPER.createObjectNode().put("client_id", "someone-else"), UUID.randomUUID().toString());
    }

    /** From now on, websocket connections are closed as soon as they open (HTTP keeps working). */
    public FakeComfyUi refuseSockets() {
        refuseSockets = true;
        return this;
    }

    /** Closes every websocket from the server side. */
    public void dropSockets() {
        for (Session session : List.copyOf(sockets.values())) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "dropped by the test"));
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** Stops the server as a crash would: sockets close, the running prompt is lost. */
    public synchronized void stop() {
        generation++;
        notifyAll();
        if (tomcat != null) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
            tomcat = null;
        }
        sockets.clear();
    }

    /** Stops (if running) and starts again on the same port with an empty queue and history, as a restarted ComfyUI. */
    public synchronized void restart() {
        stop();
        pending.clear();
        history.clear();
        running = null;
        interruptFlag = false;
        startServer();
    }

    public synchronized Optional<String> runningPrompt() {
        return Optional.ofNullable(running).map(QueueItem::promptId);
    }

    public synchronized List<String> pendingPrompts() {
        return pending.stream().map(QueueItem::promptId).toList();
    }

    public synchronized boolean isFinished(String promptId) {
        return history.containsKey(promptId);
    }

    public List<String> interruptRequests() {
        return List.copyOf(interruptRequests);
    }

    public List<String> interruptedPrompts() {
        return List.copyOf(interruptedPrompts);
    }

    public List<String> deleteRequests() {
        return List.copyOf(deleteRequests);
    }

    public List<ObjectNode> submittedPrompts() {
        return List.copyOf(submitted);
    }

    public int openSockets() {
        return sockets.size();
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }

    // ---- server ----

    private synchronized void startServer() {
        Tomcat server = new Tomcat();
        server.setBaseDir(baseDir.resolve("tomcat").toString());
        server.setPort(port);
        server.getConnector();
        Context context = server.addContext("", baseDir.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // runs after WsSci, which made the websocket container
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(Socket.class, "/ws")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public <T> T getEndpointInstance(Class<T> type) {
                                return type.cast(new Socket());
                            }
                        }).build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }, null);
        Tomcat.addServlet(context, "api", new Api());
        context.addServletMappingDecoded("/", "api");
        try {
            server.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot start the fake ComfyUI on port " + port, e);
        }
        tomcat = server;
        long current = generation;
        executor = new Thread(() -> executeLoop(current), "fake-comfyui-executor");
        executor.setDaemon(true);
        executor.start();
    }

    /** The websocket endpoint: {@code /ws?clientId=}. */
    final class Socket extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            if (refuseSockets) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "refused by the test"));
                } catch (IOException e) {
                    // gone anyway
                }
                return;
            }
            List<String> ids = session.getRequestParameterMap().getOrDefault("clientId", List.of());
            String sid = ids.isEmpty() || ids.get(0).isEmpty() ? UUID.randomUUID().toString().replace("-", "") : ids.get(0);
            session.getUserProperties().put("sid", sid);
            sockets.put(sid, session);
            ObjectNode status = MAPPER.createObjectNode();
            status.putObject("status").putObject("exec_info").put("queue_remaining", queueRemaining());
            status.put("sid", sid);
            send(sid, "status", status);
            String node;
            synchronized (FakeComfyUi.this) {
                node = running != null && running.clientId().equals(sid) ? lastNode : null;
            }
            if (node != null) {
                send(sid, "executing", MAPPER.createObjectNode().put("node", node));
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            sockets.remove((String) session.getUserProperties().get("sid"), session);
        }
    }

    private synchronized int queueRemaining() {
        return pending.size() + (running == null ? 0 : 1);
    }

    private void send(String sid, String type, JsonNode data) {
        Session session = sid == null ? null : sockets.get(sid);
        if (session == null) {
            return;
        }
        ObjectNode message = MAPPER.createObjectNode().put("type", type);
        message.set("data", data);
        synchronized (session) {
            try {
                session.getBasicRemote().sendText(MAPPER.writeValueAsString(message));
            } catch (IOException | IllegalStateException e) {
                // like send_socket_catch_exception: a failed send is only logged by ComfyUI
            }
        }
    }

    private void sendPreview(String sid, byte[] jpeg) {
        Session session = sid == null ? null : sockets.get(sid);
        if (session == null) {
            return;
        }
        ByteBuffer message = ByteBuffer.allocate(8 + jpeg.length).putInt(1).putInt(1).put(jpeg).flip();
        synchronized (session) {
            try {
                session.getBasicRemote().sendBinary(message);
            } catch (IOException | IllegalStateException e) {
                // as above
            }
        }
    }

    /** ComfyUI's HTTP routes. */
    private final class Api extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            if (path.equals("/queue")) {
                json(response, 200, queueJson());
            } else if (path.startsWith("/history/")) {
                json(response, 200, historyOf(path.substring("/history/".length())));
            } else if (path.equals("/system_stats")) {
                json(response, 200, systemStats());
            } else if (path.equals("/view")) {
                view(request, response);
            } else {
                response.sendError(404);
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            switch (request.getRequestURI()) {
                case "/prompt" -> postPrompt(json, response);
                case "/queue" -> {
                    json.path("delete").values().forEach(id -> delete(id.asString()));
                    response.setStatus(200);
                }
                case "/interrupt" -> {
                    interrupt(json.path("prompt_id").asString(""));
                    response.setStatus(200);
                }
                default -> response.sendError(404);
            }
        }
    }

    private void postPrompt(JsonNode body, HttpServletResponse response) throws IOException {
        if (!(body.path("prompt") instanceof ObjectNode prompt)) {
            json(response, 400, error("no_prompt", "No prompt provided", "No prompt provided", MAPPER.createObjectNode()));
            return;
        }
        submitted.add(prompt);
        ObjectNode nodeErrors = MAPPER.createObjectNode();
        List<String> outputs = outputNodes(prompt);
        for (Map.Entry<String, JsonNode> node : prompt.properties()) {
            JsonNode checkpoint = node.getValue().path("inputs").path("ckpt_name");
            if (checkpoint.isString() && !installedModels.isEmpty() && !installedModels.contains(checkpoint.asString())) {
                ObjectNode nodeError = nodeErrors.putObject(node.getKey());
                ObjectNode reason = nodeError.putArray("errors").addObject()
                        .put("type", "value_not_in_list").put("message", "Value not in list")
                        .put("details", "ckpt_name: '" + checkpoint.asString() + "' not in " + installedModels.stream().sorted().toList());
                reason.putObject("extra_info").put("input_name", "ckpt_name").put("received_value", checkpoint.asString());
                outputs.forEach(nodeError.putArray("dependent_outputs")::add);
                nodeError.put("class_type", node.getValue().path("class_type").asString());
            }
        }
        if (outputs.isEmpty()) {
            json(response, 400, error("prompt_no_outputs", "Prompt has no outputs", "", nodeErrors));
            return;
        }
        if (!nodeErrors.isEmpty()) {
            json(response, 400, error("prompt_outputs_failed_validation", "Prompt outputs failed validation", "", nodeErrors));
            return;
        }
        String requested = body.path("prompt_id").asString("");
        String promptId = UUID_TEXT.matcher(requested).matches() ? requested : UUID.randomUUID().toString();
        ObjectNode extraData = body.path("extra_data") instanceof ObjectNode extra ? extra : MAPPER.createObjectNode();
        if (body.has("client_id")) {
            extraData.put("client_id", body.path("client_id").asString());
        }
        queue(prompt, extraData, promptId);
        ObjectNode answer = MAPPER.createObjectNode().put("prompt_id", promptId);
        synchronized (this) {
            answer.put("number", number - 1);
        }
        answer.putObject("node_errors");
        json(response, 200, answer);
    }

    private synchronized String queue(ObjectNode prompt, ObjectNode extraData, String promptId) {
        pending.add(new QueueItem(number++, promptId, prompt, extraData, outputNodes(prompt)));
        notifyAll();
        broadcastStatus();
        return promptId;
    }

    private static ObjectNode error(String type, String message, String details, ObjectNode nodeErrors) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("error").put("type", type).put("message", message).put("details", details).putObject("extra_info");
        body.set("node_errors", nodeErrors);
        return body;
    }

    private synchronized void delete(String promptId) {
        deleteRequests.add(promptId);
        pending.removeIf(item -> item.promptId().equals(promptId));
        broadcastStatus();
    }

    private synchronized void interrupt(String promptId) {
        interruptRequests.add(promptId);
        boolean matches = running != null && (promptId.isEmpty() || !checksInterruptPromptId || running.promptId().equals(promptId));
        if (matches) {
            interruptFlag = true;
        }
    }

    private synchronized ObjectNode queueJson() {
        ObjectNode queue = MAPPER.createObjectNode();
        ArrayNode runningItems = queue.putArray("queue_running");
        if (running != null) {
            runningItems.add(running.toJson());
        }
        ArrayNode pendingItems = queue.putArray("queue_pending");
        pending.forEach(item -> pendingItems.add(item.toJson()));
        return queue;
    }

    private synchronized ObjectNode historyOf(String promptId) {
        ObjectNode answer = MAPPER.createObjectNode();
        ObjectNode entry = history.get(promptId);
        if (entry != null) {
            answer.set(promptId, entry);
        }
        return answer;
    }

    private static ObjectNode systemStats() {
        ObjectNode stats = MAPPER.createObjectNode();
        stats.putObject("system").put("os", "posix").put("comfyui_version", "0.3.60-fake")
                .put("python_version", "fake").put("pytorch_version", "fake");
        stats.putArray("devices").addObject().put("name", "cuda:0 Fake GPU").put("type", "cuda").put("index", 0)
                .put("vram_total", 24L << 30).put("vram_free", 20L << 30)
                .put("torch_vram_total", 0).put("torch_vram_free", 0);
        return stats;
    }

    private void view(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String filename = request.getParameter("filename");
        String subfolder = request.getParameter("subfolder") == null ? "" : request.getParameter("subfolder");
        if (filename == null || filename.startsWith("/") || filename.contains("..") || subfolder.contains("..")) {
            response.sendError(400);
            return;
        }
        Path file = outputDir.resolve(subfolder).resolve(filename);
        if (!Files.isRegularFile(file)) {
            response.sendError(404);
            return;
        }
        response.setContentType(filename.endsWith(".png") ? "image/png" : "application/octet-stream");
        response.setHeader("Content-Disposition", "filename=\"" + filename + "\"");
        Files.copy(file, response.getOutputStream());
    }

    private static void json(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(MAPPER.writeValueAsBytes(body));
    }

    private void broadcastStatus() {
        ObjectNode status = MAPPER.createObjectNode();
        status.putObject("status").putObject("exec_info").put("queue_remaining", queueRemaining());
        sockets.keySet().forEach(sid -> send(sid, "status", status));
    }

    // ---- execution ----

    private void executeLoop(long myGeneration) {
        while (true) {
            QueueItem item;
            Run run;
            synchronized (this) {
                while (generation == myGeneration && (held || pending.isEmpty())) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (generation != myGeneration) {
                    return;
                }
                pending.sort(Comparator.comparingInt(QueueItem::number));
                item = pending.remove(0);
                running = item;
                interruptFlag = false;
                run = scripts.isEmpty() ? Run.success() : scripts.poll();
            }
            broadcastStatus();
            execute(item, run, myGeneration);
        }
    }

    private void execute(QueueItem item, Run run, long myGeneration) {
        String sid = item.clientId();
        String id = item.promptId();
        List<ArrayNode> messages = new ArrayList<>();
        message(sid, messages, "execution_start", MAPPER.createObjectNode().put("prompt_id", id));
        ObjectNode cached = MAPPER.createObjectNode();
        cached.putArray("nodes");
        cached.put("prompt_id", id);
        message(sid, messages, "execution_cached", cached);
        ObjectNode outputs = MAPPER.createObjectNode();
        List<String> executed = new ArrayList<>();
        String outcome = "success";
        for (String node : order(item.prompt())) {
            String classType = item.prompt().path(node).path("class_type").asString();
            synchronized (this) {
                lastNode = node;
            }
            send(sid, "executing", MAPPER.createObjectNode().put("node", node).put("display_node", node).put("prompt_id", id));
            if (SAMPLERS.contains(classType)) {
                outcome = sample(sid, id, node, run, myGeneration);
            }
            if ("success".equals(outcome) && classType.equals(run.failInClass())) {
                outcome = "error";
            }
            if (!"success".equals(outcome)) {
                if (generation != myGeneration) {
                    return;
                }
                finishFailed(item, run, node, classType, outcome, executed, messages);
                return;
            }
            if (classType.startsWith("Save")) {
                ObjectNode output = save(item.prompt(), node, classType);
                outputs.set(node, output);
                send(sid, "executed", MAPPER.createObjectNode().put("node", node).put("display_node", node)
                        .<ObjectNode>set("output", output).put("prompt_id", id));
            }
            executed.add(node);
        }
        if (generation != myGeneration) {
            return;
        }
        message(sid, messages, "execution_success", MAPPER.createObjectNode().put("prompt_id", id));
        done(item, outputs, "success", true, messages);
    }

    /** Sampling steps with progress and a preview each; answers success, interrupted, or lost (restart). */
    private String sample(String sid, String id, String node, Run run, long myGeneration) {
        for (int step = 1; step <= run.steps(); step++) {
            try {
                Thread.sleep(run.stepDelay().toMillis());
            } catch (InterruptedException e) {
                return "lost";
            }
            synchronized (this) {
                if (generation != myGeneration) {
                    return "lost";
                }
                if (interruptFlag) {
                    return "interrupted";
                }
            }
            send(sid, "progress", MAPPER.createObjectNode().put("value", step).put("max", run.steps())
                    .put("prompt_id", id).put("node", node));
            sendPreview(sid, PREVIEW_JPEG);
            if (step == run.dropSocketsAfterStep()) {
                dropSockets();
            }
        }
        return "success";
    }

    private void finishFailed(QueueItem item, Run run, String node, String classType, String outcome,
                              List<String> executed, List<ArrayNode> messages) {
        String sid = item.clientId();
        ObjectNode data = MAPPER.createObjectNode().put("prompt_id", item.promptId()).put("node_id", node).put("node_type", classType);
        executed.forEach(data.putArray("executed")::add);
        if ("interrupted".equals(outcome)) {
            interruptedPrompts.add(item.promptId());
            message(sid, messages, "execution_interrupted", data);
        } else {
            data.put("exception_message", run.exceptionMessage()).put("exception_type", run.exceptionType());
            data.putArray("traceback").add("  File \"execution.py\", line 1, in fake\n");
            data.putObject("current_inputs");
            data.putArray("current_outputs");
            message(sid, messages, "execution_error", data);
        }
        done(item, MAPPER.createObjectNode(), "error", false, messages);
    }

    private void done(QueueItem item, ObjectNode outputs, String status, boolean completed, List<ArrayNode> messages) {
        ObjectNode entry = MAPPER.createObjectNode();
        entry.set("prompt", item.toJson());
        entry.set("outputs", outputs);
        ObjectNode statusNode = entry.putObject("status").put("status_str", status).put("completed", completed);
        ArrayNode list = statusNode.putArray("messages");
        messages.forEach(list::add);
        entry.putObject("meta");
        synchronized (this) {
            history.put(item.promptId(), entry);
            running = null;
            lastNode = null;
        }
        broadcastStatus();
        send(item.clientId(), "executing", MAPPER.createObjectNode().putNull("node").put("prompt_id", item.promptId()));
    }

    private void message(String sid, List<ArrayNode> messages, String type, ObjectNode data) {
        data.put("timestamp", System.currentTimeMillis());
        messages.add(MAPPER.createArrayNode().add(type).add(data));
        send(sid, type, data);
    }

    /** Writes the files a save node makes: PNG images (as many as the latent's batch_size), else small stand-ins. */
    private ObjectNode save(ObjectNode prompt, String node, String classType) {
        String prefix = prompt.path(node).path("inputs").path("filename_prefix").asString("ComfyUI");
        int slash = prefix.lastIndexOf('/');
        String subfolder = slash < 0 ? "" : prefix.substring(0, slash);
        String name = slash < 0 ? prefix : prefix.substring(slash + 1);
        ObjectNode output = MAPPER.createObjectNode();
        String key = classType.equals("SaveAudio") ? "audio" : "images";
        ArrayNode files = output.putArray(key);
        int count = classType.equals("SaveImage") ? Math.max(1, prompt.findValue("batch_size") == null ? 1 : prompt.findValue("batch_size").asInt(1)) : 1;
        for (int i = 0; i < count; i++) {
            String extension = switch (classType) {
                case "SaveImage" -> "png";
                case "SaveAudio" -> "flac";
                case "SaveVideo" -> "mp4";
                default -> "webp";
            };
            String filename = name + "_%05d_.".formatted(number * 10 + i + 1) + extension;
            try {
                Path folder = Files.createDirectories(outputDir.resolve(subfolder));
                Files.write(folder.resolve(filename), extension.equals("png") ? png(i) : ("fake " + extension).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.addObject().put("filename", filename).put("subfolder", subfolder).put("type", "output");
        }
        if (!key.equals("audio") && !classType.equals("SaveImage")) {
            output.putArray("animated").add(true);
        }
        return output;
    }

    private static List<String> outputNodes(ObjectNode prompt) {
        List<String> outputs = new ArrayList<>();
        prompt.properties().forEach(node -> {
            if (node.getValue().path("class_type").asString("").startsWith("Save")) {
                outputs.add(node.getKey());
            }
        });
        return outputs;
    }

    /** The nodes in an order where each runs after the nodes its inputs link to ({@code ["id", slot]}). */
    private static List<String> order(ObjectNode prompt) {
        Set<String> ordered = new LinkedHashSet<>();
        prompt.propertyNames().forEach(node -> visit(prompt, node, ordered, new LinkedHashSet<>()));
        return List.copyOf(ordered);
    }

    private static void visit(ObjectNode prompt, String node, Set<String> ordered, Set<String> visiting) {
        if (ordered.contains(node) || !visiting.add(node)) {
            return;
        }
        for (JsonNode input : prompt.path(node).path("inputs").values()) {
            if (input.isArray() && input.size() == 2 && input.get(0).isString() && prompt.has(input.get(0).asString())) {
                visit(prompt, input.get(0).asString(), ordered, visiting);
            }
        }
        ordered.add(node);
    }

    private static final byte[] PREVIEW_JPEG = image("jpg", 16, Color.ORANGE);

    private static byte[] png(int index) {
        return image("png", 64, Color.getHSBColor(index / 4f, 0.7f, 0.9f));
    }

    private static byte[] image(String format, int size, Color color) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, size, size);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
