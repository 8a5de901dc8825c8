package dev.mediaqueue.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what a well-behaved client library refuses to send
 * (CR or LF in a header value, a bare NUL, a forged length, a method that is no token) goes out as it is.
 */
final class RawHttp {

    /** A response as read off the wire; {@code status} -1 when the server answered nothing readable. */
    record Response(int status, List<String> headers, String body) {

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst().orElse(null);
        }
    }

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends the request head (CRLF line ends added; {@code Host}, {@code Content-Length} when the lines frame no
     * body, and {@code Connection: close} appended) and the body.
     */
    Response send(String method, String target, List<String> headerLines, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        boolean hasHost = headerLines.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("host:"));
        if (!hasHost) {
            request.write(("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String line : headerLines) {
            request.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        boolean framed = headerLines.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .anyMatch(h -> h.startsWith("content-length:") || h.startsWith("transfer-encoding:"));
        if (body != null && !framed) {
            request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        request.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            request.write(body);
        }
        return exchange(request.toByteArray(), method.equals("HEAD"));
    }

    /** Sends exactly these bytes and reads one answer (a server may keep the connection open after it). */
    Response exchange(byte[] request, boolean head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything (an oversized body): read what it said
            }
            return read(socket.getInputStream(), head);
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                if (isComplete(bytes.toByteArray(), head)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    // an event stream that stays open: its heartbeats would keep every single read in time
                    throw new SocketTimeoutException();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no complete answer within " + ANSWER_TIMEOUT.toSeconds() + " s ("
                    + bytes.size() + " bytes read)", e);
        } catch (IOException e) {
            // a reset after the answer was sent: keep what arrived
        }
        return parse(bytes.toByteArray(), head);
    }

    /** Whether the bytes hold a whole answer: head, then the body its framing announces. */
    private static boolean isComplete(byte[] raw, boolean head) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String lowerHead = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (head || lowerHead.matches("(?s)http/1\\.1 (1\\d\\d|204|304).*")) {
            return true;
        }
        Matcher length = Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lowerHead);
        if (length.find()) {
            return raw.length - end - 4 >= Long.parseLong(length.group(1));
        }
        if (lowerHead.contains("\r\ntransfer-encoding: chunked")) {
            return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).startsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Response parse(byte[] raw, boolean head) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Response(-1, List.of(), text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        List<String> headers = List.of(lines).subList(1, lines.length);
        if (head) {
            return new Response(status, headers, "");
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        Response response = new Response(status, headers, "");
        if ("chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
