package dev.mediaqueue.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx as a reverse proxy in front of one upstream, run as a child process with a config of
 * its own in a temporary directory: default buffering, HTTP/1.1 upstream keep-alive, and a short
 * {@code proxy_read_timeout} standing in for Cloudflare's 100 s. Stopped by its process id.
 */
final class Nginx implements AutoCloseable {

    static final String INSTALL = "apt-get install -y nginx";

    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static Nginx proxy(String upstreamBaseUrl, Duration readTimeout, Path dir) {
        Path binary = Executables.find("nginx").orElseThrow(() -> new IllegalStateException(
                "The proxy test needs Debian's nginx; install it with: " + INSTALL));
        int port = freePort();
        try {
            for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                // workers may run as another user than the master
                Files.createDirectories(dir.resolve(temp), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
                Files.setPosixFilePermissions(dir.resolve(temp), PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            Path config = Files.writeString(dir.resolve("nginx.conf"), """
                    daemon off;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log info;
                    events { worker_connections 512; }
                    http {
                        access_log %1$s/access.log;
                        client_body_temp_path %1$s/client_body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        server {
                            listen 127.0.0.1:%2$d;
                            location / {
                                proxy_pass %3$s;
                                proxy_http_version 1.1;
                                proxy_set_header Connection "";
                                proxy_read_timeout %4$ds;
                            }
                        }
                    }
                    """.formatted(dir.toAbsolutePath(), port, upstreamBaseUrl, readTimeout.toSeconds()));
            Process process = new ProcessBuilder(binary.toString(), "-e", dir.resolve("error.log").toString(),
                    "-p", dir.toAbsolutePath().toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            Nginx nginx = new Nginx(process, port, dir);
            await("nginx listening").atMost(Duration.ofSeconds(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                            + Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log")));
                }
                return accepts(port);
            });
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** nginx's access log: one line per request with its status. */
    List<String> accessLog() {
        try {
            return Files.readAllLines(dir.resolve("access.log"));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
