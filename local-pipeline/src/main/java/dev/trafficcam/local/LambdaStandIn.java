package dev.trafficcam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Answers the Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) by running the deployed
 * functions in their execution environments ({@code lambda.DeployedFunction}). {@code RequestResponse} runs at once and
 * answers with the payload (or {@code X-Amz-Function-Error}). {@code Event} is queued (202) and run by a bounded pool,
 * like reserved concurrency; a failed event is retried twice after the configured delays, and then its on-failure
 * destination record (as AWS writes it: version, timestamp, requestContext with condition {@code RetriesExhausted},
 * requestPayload, responseContext, responsePayload) is handed to the failure destination.
 */
final class LambdaStandIn implements AutoCloseable {
    static final String PATH = "/2015-03-31/functions/";
    private static final int QUEUE_LIMIT = 10_000;

    /** A function: event JSON in, answer JSON out; an exception is a function error. */
    interface Function {
        byte[] invoke(byte[] payload) throws Exception;
    }

    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injectedFailures = new ConcurrentHashMap<>();
    private final AtomicInteger refusedEvents = new AtomicInteger();
    private final AtomicInteger destinationDeliveryFailures = new AtomicInteger();
    private final ExecutorService pool;
    private final ScheduledExecutorService retries;
    private final List<Duration> retryDelays;
    private final Consumer<byte[]> onFailure;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean eventsBeforeAccepting;

    /**
     * @param concurrency how many events run at once (reserved concurrency)
     * @param retryDelays the waits before the retries (AWS: 2 retries, about 1 and 2 minutes)
     * @param onFailure where the on-failure destination record goes (the failure queue)
     */
    LambdaStandIn(int concurrency, List<Duration> retryDelays, Consumer<byte[]> onFailure) {
        this.pool = new ThreadPoolExecutor(
                concurrency,
                concurrency,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE_LIMIT),
                Thread.ofPlatform().name("lambda-async-", 0).factory());
        this.retries = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lambda-retry").factory());
        this.retryDelays = List.copyOf(retryDelays);
        this.onFailure = onFailure;
    }

    /**
     * The single-function architecture ({@code LocalPipeline.Architecture.SINGLE_FUNCTION}): an asynchronous event's
     * first attempt runs before it is accepted, so the invoker waits for it. A failed attempt is retried as usual.
     */
    void runEventsBeforeAccepting(boolean on) {
        eventsBeforeAccepting = on;
    }

    void register(String name, Function function) {
        functions.put(name, function);
    }

    /** Fault injection: the next {@code count} invocations of the function fail before running it. */
    void failNext(String name, int count) {
        injectedFailures.computeIfAbsent(name, n -> new AtomicInteger()).addAndGet(count);
    }

    /**
     * Fault injection: the next {@code count} asynchronous invokes are refused with 429, as Lambda does when its
     * asynchronous queue is throttled; the caller falls back to the failure queue.
     */
    void refuseNextEvents(int count) {
        refusedEvents.addAndGet(count);
    }

    /**
     * On-failure records the failure destination did not take (Lambda's {@code DestinationDeliveryFailures}): the
     * record, and its event, is lost.
     */
    int destinationDeliveryFailures() {
        return destinationDeliveryFailures.get();
    }

    /** Events accepted and not yet finished (run, retried or sent to the failure destination). */
    int inFlight() {
        return inFlight.get();
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(PATH) || !path.endsWith("/invocations")) {
            HttpExchanges.awsError(exchange, 404, "UnknownOperationException", "no such operation: " + path);
            return;
        }
        String name = path.substring(PATH.length(), path.length() - "/invocations".length());
        name = name.contains(":function:") ? name.substring(name.indexOf(":function:") + 10) : name;
        Function function = functions.get(name);
        if (function == null) {
            HttpExchanges.awsError(exchange, 404, "ResourceNotFoundException", "Function not found: " + name);
            return;
        }
        byte[] payload = exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        String requestId = UUID.randomUUID().toString();
        if ("DryRun".equals(type)) {
            HttpExchanges.send(exchange, 204, Map.of("x-amzn-RequestId", requestId), new byte[0]);
        } else if ("Event".equals(type)) {
            if (payload.length > EventLimits.ASYNC_PAYLOAD_LIMIT) {
                // Lambda refuses an asynchronous payload over its limit (Invoke API reference, errors:
                // RequestTooLargeException,
                // 413); the limit is "1 MB", read here as the smaller 1,000,000 bytes (EventLimits)
                HttpExchanges.awsError(
                        exchange,
                        413,
                        "RequestTooLargeException",
                        "Request must be smaller than " + EventLimits.ASYNC_PAYLOAD_LIMIT
                                + " bytes for the InvokeFunction operation");
                return;
            }
            if (refusedEvents.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                HttpExchanges.awsError(exchange, 429, "TooManyRequestsException", "Rate Exceeded. (fault injected)");
                return;
            }
            try {
                inFlight.incrementAndGet();
                String functionName = name;
                if (eventsBeforeAccepting) {
                    runEvent(functionName, function, payload, requestId, 1);
                } else {
                    pool.execute(() -> runEvent(functionName, function, payload, requestId, 1));
                }
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                HttpExchanges.awsError(exchange, 429, "TooManyRequestsException", "Rate Exceeded.");
                return;
            }
            HttpExchanges.send(exchange, 202, Map.of("x-amzn-RequestId", requestId), new byte[0]);
        } else {
            try {
                byte[] answer = run(name, function, payload);
                HttpExchanges.send(
                        exchange,
                        200,
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "x-amzn-RequestId",
                                requestId,
                                "X-Amz-Executed-Version",
                                "$LATEST"),
                        answer);
            } catch (Exception e) {
                HttpExchanges.send(
                        exchange,
                        200,
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "x-amzn-RequestId",
                                requestId,
                                "X-Amz-Function-Error",
                                "Unhandled"),
                        errorPayload(e));
            }
        }
    }

    private byte[] run(String name, Function function, byte[] payload) throws Exception {
        AtomicInteger failures = injectedFailures.get(name);
        if (failures != null && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new InjectedFault("fault injected into " + name);
        }
        return function.invoke(payload);
    }

    private void runEvent(String name, Function function, byte[] payload, String requestId, int attempt) {
        try {
            run(name, function, payload);
            inFlight.decrementAndGet();
        } catch (Exception e) {
            if (attempt <= retryDelays.size()) {
                Duration delay = retryDelays.get(attempt - 1);
                retries.schedule(
                        () -> {
                            try {
                                pool.execute(() -> runEvent(name, function, payload, requestId, attempt + 1));
                            } catch (RejectedExecutionException rejected) {
                                giveUp(name, payload, requestId, attempt, rejected);
                            }
                        },
                        delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                giveUp(name, payload, requestId, attempt, e);
            }
        }
    }

    private void giveUp(String name, byte[] payload, String requestId, int attempts, Exception last) {
        try {
            onFailure.accept(onFailureRecord(name, payload, requestId, attempts, last));
        } catch (RuntimeException undelivered) {
            // as Lambda: the record is dropped and counted, nothing else tells (EventLimits)
            destinationDeliveryFailures.incrementAndGet();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The record AWS sends to an asynchronous invocation's on-failure destination. */
    static byte[] onFailureRecord(String name, byte[] payload, String requestId, int attempts, Exception last) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        record.put(
                "requestContext",
                Map.of(
                        "requestId",
                        requestId,
                        "functionArn",
                        "arn:aws:lambda:eu-west-1:000000000000:function:" + name + ":$LATEST",
                        "condition",
                        "RetriesExhausted",
                        "approximateInvokeCount",
                        attempts));
        JsonNode request;
        try {
            request = Json.mapper().readTree(payload);
        } catch (IOException e) {
            request = Json.mapper()
                    .getNodeFactory()
                    .textNode(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        }
        record.put("requestPayload", request);
        record.put(
                "responseContext",
                Map.of("statusCode", 200, "executedVersion", "$LATEST", "functionError", "Unhandled"));
        try {
            record.put("responsePayload", Json.mapper().readTree(errorPayload(last)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Json.writeBytes(record);
    }

    private static byte[] errorPayload(Exception e) {
        if (e instanceof dev.trafficcam.local.lambda.FunctionError functionError) {
            return functionError.payload(); // what the function's runtime reported
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorMessage", String.valueOf(e.getMessage()));
        error.put("errorType", e.getClass().getName());
        return Json.writeBytes(error);
    }

    /** A failure the stand-in made on purpose. */
    static final class InjectedFault extends Exception {
        InjectedFault(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
