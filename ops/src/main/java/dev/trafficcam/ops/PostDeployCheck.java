package dev.trafficcam.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import dev.trafficcam.persistence.FrameLookupHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * After a deploy: does a frame go all the way through? Posts one frame to the API as a camera does, then asks the frame
 * lookup function (synchronously, {@code {"frameId": ...}}, {@link FrameLookupHandler}) until the frame's row is there,
 * then looks for its objects in the bucket, printing what it finds at each step. The function is asked rather than the
 * database because Aurora is reachable only inside the VPC.
 *
 * <p>{@code ./post-deploy-check} takes its target from the stack's outputs; {@code ./run-local post-deploy-check} takes
 * it from its arguments ({@link PostDeployCheckCommand}).
 */
public final class PostDeployCheck {
    /** The camera the check's frames are stored under, so that they can be told apart (and deleted). */
    public static final String CAMERA = "post-deploy check";
    /** The viewer that reads the check's frame back (a viewer's name is a login: no spaces). */
    public static final String VIEWER = "post-deploy-check";

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("dd-MM-uuuu_HH-mm-ss", Locale.ROOT);

    /**
     * The deployment under check, as the stack's outputs name it.
     *
     * @param framesUrl the {@code ApiUrl} output: frames are posted to {@code <framesUrl>/<fileName>}
     * @param cameraKey the key of the camera {@link #CAMERA} (Leuven, Belgium), as {@code cameras add} printed it
     * @param viewerKey a viewer key that reads the frame back through the read API, or null to skip that step
     * @param lookupFunction the {@code FrameLookupFunctionName} output
     * @param bucket the {@code FramesBucket} output
     */
    public record Target(URI framesUrl, String cameraKey, String lookupFunction, String bucket, String viewerKey) {
        public Target(URI framesUrl, String cameraKey, String lookupFunction, String bucket) {
            this(framesUrl, cameraKey, lookupFunction, bucket, null);
        }

        @Override
        public String toString() {
            // the keys are secrets: never in a log line or an exception
            return "Target[" + framesUrl + ", " + lookupFunction + ", " + bucket + "]";
        }
    }

    /** One step's result. */
    public record Step(String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "ok    " : "FAILED") + "  " + name + ": " + detail;
        }
    }

    /** All steps; the check passed when each did. */
    public record Report(String frameId, List<Step> steps) {
        public boolean passed() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
        }
    }

    private final HttpClient http;
    private final LambdaClient lambda;
    private final S3Client s3;
    private final Duration timeout;
    private final Duration pollEvery;
    private final Clock clock;
    private final Consumer<String> out;

    public PostDeployCheck(
            HttpClient http,
            LambdaClient lambda,
            S3Client s3,
            Duration timeout,
            Duration pollEvery,
            Clock clock,
            Consumer<String> out) {
        this.http = http;
        this.lambda = lambda;
        this.s3 = s3;
        this.timeout = timeout;
        this.pollEvery = pollEvery;
        this.clock = clock;
        this.out = out;
    }

    /** A camera's file name for a frame taken now: {@code post-deploy check_Leuven_Belgium_<date>_<time>.jpg}. */
    public String fileName(String extension) {
        return CAMERA + "_Leuven_Belgium_"
                + LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(NAME_TIME) + "." + extension;
    }

    public Report run(Target target, byte[] frame, String contentType, String fileName) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        JsonNode answer = post(target, frame, contentType, fileName, steps);
        if (answer == null) {
            return report(null, steps);
        }
        String frameId = answer.path("frameId").asText();
        int detections = answer.path("detections").size();
        JsonNode stored = awaitRow(target, frameId, steps);
        if (stored == null) {
            return report(frameId, steps);
        }
        step(
                steps,
                "rows",
                stored.path("detections").asInt() == detections,
                stored.path("status").asText() + ", "
                        + stored.path("detections").asInt() + " detection rows (the answer had " + detections + ")");
        object(target, stored.path("originalKey").asText(null), "original", steps);
        if (stored.path("status").asText().equals("DETECTED")) {
            object(target, stored.path("annotatedKey").asText(null), "annotated copy", steps);
        }
        if (target.viewerKey() != null) {
            readBack(target, frameId, steps);
        }
        return report(frameId, steps);
    }

    /** A viewer reads the stored frame back through the read API, as the dashboard would. */
    private void readBack(Target target, String frameId, List<Step> steps) throws InterruptedException {
        String base = target.framesUrl().toString().replaceAll("/+$", "").replaceAll("/frames$", "");
        URI uri = URI.create(base + "/frames/" + frameId);
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + target.viewerKey())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = readJson(response.body());
            boolean same = response.statusCode() == 200
                    && body != null
                    && frameId.equals(body.path("frameId").asText());
            step(
                    steps,
                    "read side",
                    same,
                    same
                            ? "a viewer key reads it back: GET " + uri.getPath() + " answered 200"
                            : "GET " + uri.getPath() + " answered HTTP " + response.statusCode() + " "
                                    + abbreviate(response.body()));
        } catch (IOException e) {
            step(steps, "read side", false, "the read API could not be reached: " + e);
        }
    }

    private JsonNode post(Target target, byte[] frame, String contentType, String fileName, List<Step> steps)
            throws InterruptedException {
        URI uri = URI.create(target.framesUrl().toString().replaceAll("/+$", "") + "/"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
        out.accept("posting " + frame.length + " bytes to " + uri);
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", contentType)
                            .header("Authorization", "Bearer " + target.cameraKey())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(frame))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            step(steps, "answer", false, "the API could not be reached: " + e);
            return null;
        }
        JsonNode body = readJson(response.body());
        if (response.statusCode() != 200
                || body == null
                || !body.path("frameId").isTextual()) {
            step(steps, "answer", false, "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
            return null;
        }
        step(
                steps,
                "answer",
                true,
                "HTTP 200 in " + response.headers().firstValue("Server-Timing").orElse("(no Server-Timing)")
                        + ", frame " + body.path("frameId").asText() + ", counts " + body.path("counts"));
        return body;
    }

    /** Asks the persistence function until the row is there, the function fails, or the time is up. */
    private JsonNode awaitRow(Target target, String frameId, List<Step> steps) throws InterruptedException {
        out.accept("waiting up to " + timeout.toSeconds() + " s for frame " + frameId + " to be stored");
        long deadline = System.nanoTime() + timeout.toNanos();
        int asked = 0;
        while (true) {
            asked++;
            InvokeResponse response = lambda.invoke(b -> b.functionName(target.lookupFunction())
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(Json.write(Map.of(FrameLookupHandler.FRAME_ID, frameId)))));
            String payload =
                    response.payload() == null ? "" : response.payload().asUtf8String();
            if (response.functionError() != null) {
                step(
                        steps,
                        "row",
                        false,
                        "the lookup failed (" + response.functionError() + "): " + abbreviate(payload));
                return null;
            }
            JsonNode answer = readJson(payload);
            if (answer != null && answer.path("found").asBoolean()) {
                step(steps, "row", true, "stored (asked " + asked + (asked == 1 ? " time)" : " times)"));
                return answer;
            }
            if (System.nanoTime() + pollEvery.toNanos() > deadline) {
                step(
                        steps,
                        "row",
                        false,
                        "not stored after " + timeout.toSeconds() + " s (asked " + asked
                                + " times): see the persistence function's log and the failure queue");
                return null;
            }
            Thread.sleep(pollEvery);
        }
    }

    private void object(Target target, String key, String what, List<Step> steps) {
        if (key == null || key.isBlank()) {
            step(steps, what, false, "the row names no key");
            return;
        }
        try {
            HeadObjectResponse head =
                    s3.headObject(b -> b.bucket(target.bucket()).key(key));
            step(
                    steps,
                    what,
                    head.contentLength() != null && head.contentLength() > 0,
                    "s3://" + target.bucket() + "/" + key + ", " + head.contentLength() + " bytes, "
                            + head.contentType());
        } catch (NoSuchKeyException e) {
            step(steps, what, false, "s3://" + target.bucket() + "/" + key + " does not exist");
        } catch (S3Exception e) {
            step(
                    steps,
                    what,
                    false,
                    "s3://" + target.bucket() + "/" + key + ": HTTP " + e.statusCode() + " "
                            + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getMessage()));
        }
    }

    private void step(List<Step> steps, String name, boolean passed, String detail) {
        Step step = new Step(name, passed, detail);
        steps.add(step);
        out.accept(step.toString());
    }

    private Report report(String frameId, List<Step> steps) {
        Report report = new Report(frameId, List.copyOf(steps));
        out.accept(report.passed() ? "post-deploy check passed" : "post-deploy check FAILED");
        return report;
    }

    private static JsonNode readJson(String text) {
        try {
            return text == null || text.isBlank() ? null : Json.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
