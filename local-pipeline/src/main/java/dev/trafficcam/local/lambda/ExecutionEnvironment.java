package dev.trafficcam.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One Lambda execution environment: a JVM process running the function's deployed code under AWS's runtime interface
 * client, and the Runtime API it talks to (on its own loopback port, as each Lambda sandbox has its own). The endpoints
 * are those the client calls (aws-lambda-java-runtime-interface-client, {@code LambdaRuntimeApiClientImpl} and the
 * native client of aws-lambda-cpp):
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: the next event, with the headers
 *       {@code Lambda-Runtime-Aws-Request-Id}, {@code -Deadline-Ms}, {@code -Invoked-Function-Arn} and
 *       {@code -Trace-Id} (the native client crashes the JVM without the trace id);
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code .../error};
 *   <li>{@code POST /2018-06-01/runtime/init/error};
 *   <li>SnapStart: {@code GET /2018-06-01/runtime/restore/next} (after the {@code beforeCheckpoint} hooks ran;
 *       answering it is the restore, then {@code afterRestore} runs) and {@code POST
 *       /2018-06-01/runtime/restore/error}.
 * </ul>
 *
 * Init ends when the client first asks for the next event. A time-out kills the process, as Lambda discards the
 * environment of a timed-out invocation.
 */
final class ExecutionEnvironment implements AutoCloseable {
    private static final String API = "/2018-06-01/runtime/";

    /** What the environment answered: the function's payload, or its error. */
    record Answer(byte[] payload, boolean error) {}

    private record Pending(String requestId, byte[] payload, long deadlineMs, CompletableFuture<Answer> answer) {}

    private final String label;
    private final HttpServer runtimeApi;
    private final ExecutorService apiThreads;
    private final LinkedBlockingQueue<Pending> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<byte[]> initialized = new CompletableFuture<>();
    private final String functionArn;
    private volatile Pending current;
    private volatile boolean restored;
    private volatile Process process;
    private volatile boolean closed;
    private long initMillis;

    private ExecutionEnvironment(String label, String functionArn) throws IOException {
        this.label = label;
        this.functionArn = functionArn;
        runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        apiThreads = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name(label + "-runtime-api-", 0).factory());
        runtimeApi.setExecutor(apiThreads);
        runtimeApi.createContext(API, this::handle);
        runtimeApi.start();
    }

    /**
     * Starts the process and waits for its init to end.
     *
     * @param command the JVM command line (the runtime's launch command, without the environment)
     * @param environment the whole process environment but {@code AWS_LAMBDA_RUNTIME_API}
     * @throws FunctionError when init fails (a constructor or a SnapStart hook threw, the process exited) or takes
     *     longer than {@code initTimeout}
     */
    static ExecutionEnvironment start(
            String label,
            String functionArn,
            List<String> command,
            Map<String, String> environment,
            java.nio.file.Path taskRoot,
            Duration initTimeout,
            Consumer<String> log)
            throws IOException, FunctionError {
        ExecutionEnvironment env = new ExecutionEnvironment(label, functionArn);
        long start = System.nanoTime();
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
            builder.environment().clear(); // Lambda's environment only: no key variables, nothing of this shell
            builder.environment().putAll(environment);
            builder.environment()
                    .put(
                            "AWS_LAMBDA_RUNTIME_API",
                            "127.0.0.1:" + env.runtimeApi.getAddress().getPort());
            env.process = builder.start();
            Thread.ofVirtual().name(label + "-output").start(() -> env.copyOutput(log));
            env.process.onExit().thenRun(env::exited);
            env.initialized.get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
            env.initMillis = Math.round((System.nanoTime() - start) / 1e6);
            return env;
        } catch (TimeoutException e) {
            env.close();
            throw new FunctionError("Runtime.InitTimeout", "init did not end within " + initTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            env.close();
            throw e.getCause() instanceof FunctionError error
                    ? error
                    : new FunctionError("Runtime.Unknown", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            env.close();
            throw new FunctionError("Runtime.Unknown", "interrupted during init");
        } catch (IOException | RuntimeException e) {
            env.close();
            throw e;
        }
    }

    long initMillis() {
        return initMillis;
    }

    /** Whether the SnapStart runtime hooks ran: the client asked to be restored after {@code beforeCheckpoint}. */
    boolean restored() {
        return restored;
    }

    /** Fault injection: the process dies at once (SIGKILL), as when Lambda's host fails under it. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    boolean alive() {
        Process p = process;
        return !closed && p != null && p.isAlive();
    }

    /** Runs one invocation; on a time-out the process is killed and the environment is gone. */
    Answer invoke(String requestId, byte[] payload, Duration timeout) throws FunctionError {
        Pending pending = new Pending(
                requestId, payload, System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        events.add(pending);
        try {
            return pending.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new FunctionError(
                    "Sandbox.Timedout",
                    "RequestId: " + requestId + " Error: Task timed out after "
                            + String.format("%.2f", timeout.toMillis() / 1000.0) + " seconds");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof FunctionError error
                    ? error
                    : new FunctionError("Runtime.Unknown", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionError("Runtime.Unknown", "interrupted");
        } finally {
            events.remove(pending);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(API.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && path.equals("invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(path, new Answer(body, false));
                exchange.sendResponseHeaders(202, -1);
            } else if ("POST".equals(method) && path.startsWith("invocation/") && path.endsWith("/error")) {
                complete(path, new Answer(body, true));
                exchange.sendResponseHeaders(202, -1);
            } else if ("POST".equals(method) && (path.equals("init/error") || path.equals("restore/error"))) {
                initialized.completeExceptionally(new FunctionError(
                        body, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                exchange.sendResponseHeaders(202, -1);
            } else if ("GET".equals(method) && path.equals("restore/next")) {
                restored = true; // the snapshot would be taken here; the restore follows at once
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** Long poll: init is over when the client first asks; the answer is the next event. */
    private void next(HttpExchange exchange) throws IOException {
        initialized.complete(null);
        Pending pending = null;
        try {
            while (pending == null && !closed) {
                pending = events.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            exchange.sendResponseHeaders(410, -1); // shutting down; the process is being stopped
            return;
        }
        current = pending;
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", String.valueOf(pending.deadlineMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set(
                "Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-"
                        + pending.requestId().replace("-", "").substring(0, 24) + ";Parent=0000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, pending.payload().length == 0 ? -1 : pending.payload().length);
        exchange.getResponseBody().write(pending.payload());
    }

    private void complete(String path, Answer answer) {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        Pending pending = current;
        if (pending != null && pending.requestId().equals(requestId)) {
            current = null;
            pending.answer().complete(answer);
        }
    }

    private void exited() {
        int code = process.exitValue();
        FunctionError error = new FunctionError("Runtime.ExitError", "Runtime exited with error: exit status " + code);
        initialized.completeExceptionally(error);
        Pending pending = current;
        if (pending != null) {
            pending.answer()
                    .completeExceptionally(new FunctionError(
                            "Runtime.ExitError",
                            "RequestId: " + pending.requestId() + " Error: Runtime exited with error: exit status "
                                    + code));
        }
    }

    private void copyOutput(Consumer<String> log) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    log.accept(label + " " + line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runtimeApi.stop(0);
        apiThreads.shutdownNow();
    }
}
