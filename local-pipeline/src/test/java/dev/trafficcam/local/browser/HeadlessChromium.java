package dev.trafficcam.local.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trafficcam.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol (a WebSocket on loopback, JSON messages
 * {@code {"id","method","params"}} answered by id): navigate, type, evaluate JavaScript in the page, take a screenshot.
 * Only the few protocol methods the dashboard test needs; no driver, no library.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> consoleErrors = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Where Debian installs it; the CI script installs the package. */
    public static Path executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException(
                "no chromium: install Debian's package (apt-get install chromium); .ci/run does");
    }

    public static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(
                        executable().toString(),
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--disable-extensions",
                        "--disable-background-networking",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "--window-size=" + width + "," + height,
                        "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String browserSocket = null;
        BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder said = new StringBuilder();
        String line;
        while (browserSocket == null && System.nanoTime() < deadline && (line = err.readLine()) != null) {
            said.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserSocket = m.group(1);
            }
        }
        if (browserSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not open its DevTools port: " + said);
        }
        // keep reading its stderr so that it never blocks on a full pipe
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> {}));
        URI browser = URI.create(browserSocket);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = Json.mapper()
                .readTree(http.send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://" + browser.getHost() + ":" + browser.getPort() + "/json/list"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        String pageSocket = null;
        for (JsonNode target : targets) {
            if (target.path("type").asText().equals("page")) {
                pageSocket = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium has no page to drive: " + targets);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            self[0].receive(message.toString());
                            message.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(process, profile, socket);
        self[0].call("Runtime.enable", Map.of());
        self[0].call("Page.enable", Map.of());
        return self[0];
    }

    private void receive(String text) {
        try {
            JsonNode message = Json.mapper().readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> waiting =
                        pending.remove(message.path("id").asInt());
                if (waiting != null) {
                    waiting.complete(message);
                }
            } else if (message.path("method").asText().equals("Runtime.exceptionThrown")) {
                synchronized (consoleErrors) {
                    consoleErrors.add(
                            message.path("params").path("exceptionDetails").toString());
                }
            }
        } catch (IOException e) {
            // not JSON: not the protocol
        }
    }

    /** One protocol call; its result, or an error naming what the browser said. */
    public JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", Json.mapper().valueToTree(params));
        socket.sendText(message.toString(), true).join();
        JsonNode reply;
        try {
            reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer in " + CALL_TIMEOUT.toSeconds() + " s", e);
        }
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.path("error"));
        }
        return reply.path("result");
    }

    public void navigate(String url) {
        call("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete'", "the page to load");
    }

    /** The value of a JavaScript expression in the page (awaited if it is a promise). */
    public JsonNode evaluate(String expression) {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(
                    "the page threw on '" + expression + "': " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until the expression is true, for at most 30 s, polling every 100 ms. */
    public void waitFor(String expression, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (evaluate("Boolean(" + expression + ")").asBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("the page did not show " + what + " within 30 s; it shows: "
                + evaluate("document.body.innerText").asText());
    }

    /** Types text into the element the selector names, as a keyboard would (focus, then insert). */
    public void type(String selector, String text) {
        evaluate("document.querySelector(" + Json.write(selector) + ").focus()");
        call("Input.insertText", Map.of("text", text));
    }

    /** Clicks the element the selector names at its centre, with the mouse. */
    public void click(String selector) {
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + Json.write(selector)
                + "); e.scrollIntoView({block: 'center'});"
                + " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call(
                    "Input.dispatchMouseEvent",
                    Map.of(
                            "type",
                            type,
                            "x",
                            box.path("x").asDouble(),
                            "y",
                            box.path("y").asDouble(),
                            "button",
                            "left",
                            "clickCount",
                            1));
        }
    }

    /** A PNG of the whole page. */
    public void screenshot(Path file) throws IOException {
        JsonNode metrics = call("Page.getLayoutMetrics", Map.of());
        JsonNode size = metrics.path("cssContentSize");
        Map<String, Object> clip = Map.of(
                "x",
                0,
                "y",
                0,
                "width",
                size.path("width").asDouble(),
                "height",
                size.path("height").asDouble(),
                "scale",
                1);
        JsonNode shot =
                call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Uncaught JavaScript errors the page had so far. */
    public List<String> pageErrors() {
        synchronized (consoleErrors) {
            return List.copyOf(consoleErrors);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser goes anyway
        }
        // Chromium's helpers (zygote, network service) outlive the browser by a moment and keep
        // writing into the profile; stop them too, or the clean-up races their last writes
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
            try {
                helper.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone already, or stuck: the profile is a temporary directory either way
            }
        }
        deleteProfile();
    }

    private void deleteProfile() throws IOException {
        Files.walkFileTree(profile, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // a file Chromium renamed or removed between the listing and the visit
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException late) {
                    // something wrote after the walk; leave the rest to the system's temporary clean-up
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
