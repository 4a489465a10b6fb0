package dev.trafficcam.inference;

import dev.trafficcam.inference.api.FrameAnswer;
import dev.trafficcam.inference.api.ProblemException;
import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.inference.check.CheckResult;
import dev.trafficcam.inference.check.ImageChecker;
import dev.trafficcam.inference.check.ImageHeader;
import dev.trafficcam.inference.detector.DetectionFilter;
import dev.trafficcam.inference.detector.ModelCallException;
import dev.trafficcam.inference.detector.ObjectDetector;
import dev.trafficcam.inference.handoff.ClaimCheckStore;
import dev.trafficcam.inference.handoff.FrameHandoff;
import dev.trafficcam.inference.handoff.HandoffFailedException;
import dev.trafficcam.inference.handoff.HandoffRoute;
import dev.trafficcam.model.Checksums;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameImage;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.ModelInfo;
import dev.trafficcam.model.PersistenceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The inference path for one frame: image check, then the model, then the hand-off of the persistence event, each stage
 * timed. A distorted frame skips the model but is handed off all the same. A frame too large to ride inline in the
 * event is uploaded as a claim check in parallel with the model call, so that it adds no latency.
 */
public final class FrameInference {
    private final ImageChecker checker;
    private final ObjectDetector detector;
    private final DetectionFilter filter;
    private final ClaimCheckStore claimChecks;
    private final FrameHandoff handoff;
    private final int inlineImageMaxBytes;
    private final Duration claimCheckTimeout;
    private final Executor executor;
    private final Clock clock;

    public FrameInference(
            ImageChecker checker,
            ObjectDetector detector,
            DetectionFilter filter,
            ClaimCheckStore claimChecks,
            FrameHandoff handoff,
            int inlineImageMaxBytes,
            Duration claimCheckTimeout,
            Executor executor,
            Clock clock) {
        this.checker = checker;
        this.detector = detector;
        this.filter = filter;
        this.claimChecks = claimChecks;
        this.handoff = handoff;
        this.inlineImageMaxBytes = inlineImageMaxBytes;
        this.claimCheckTimeout = claimCheckTimeout;
        this.executor = executor;
        this.clock = clock;
    }

    public FrameOutcome process(FrameRequest request, Timings timings) {
        Instant receivedAt = clock.instant();
        FrameName name = request.name();
        byte[] bytes = request.bytes();

        long start = System.nanoTime();
        CheckResult check = checker.check(bytes);
        String sha256 = Checksums.sha256Hex(bytes);
        // the same frame sent again gets the same id, and so is stored and counted once
        UUID frameId = FrameIds.forFrame(name.camera(), name.capturedAt(), sha256);
        timings.addCheck(System.nanoTime() - start);

        ImageHeader header = check.header();
        Integer width = header == null ? null : header.width();
        Integer height = header == null ? null : header.height();
        ImageFormat format = name.format();

        if (check instanceof CheckResult.Distorted distorted) {
            FrameImage image = bytes.length <= inlineImageMaxBytes
                    ? FrameImage.inline(format, bytes, sha256, width, height)
                    : FrameImage.claimCheck(
                            format, bytes.length, sha256, width, height, putClaimCheck(frameId, bytes, format));
            PersistenceEvent event = fitting(
                    PersistenceEvent.distorted(frameId, receivedAt, name, distorted.distortion(), image), bytes);
            HandoffRoute route = handOff(event, timings);
            return new FrameOutcome.Distorted(frameId, name.camera(), distorted.distortion(), route);
        }

        CompletableFuture<String> claimCheck = bytes.length > inlineImageMaxBytes
                ? CompletableFuture.supplyAsync(() -> claimChecks.put(frameId, bytes, format), executor)
                : null;

        List<ModelDetection> found;
        start = System.nanoTime();
        try {
            found = detector.detect(bytes, format);
        } catch (ModelCallException e) {
            // the camera learns what to do; the endpoint's name and its error stay in the log (through the cause)
            throw new ProblemException(
                    e.timedOut() ? ProblemType.MODEL_TIMEOUT : ProblemType.MODEL_FAILURE,
                    e.timedOut()
                            ? "the detector did not answer in time; send the frame again in a few seconds"
                            : "the detector could not process the frame; send it again in a few seconds",
                    Map.of("frameId", frameId.toString()),
                    e);
        } finally {
            timings.addModel(System.nanoTime() - start);
        }
        long latencyMs = Math.round(timings.modelMs());
        // every detection is listed and stored; those outside the camera's counting zones are not counted
        List<Detection> detections = request.zones().mark(filter.apply(found, width, height), width, height);

        FrameImage image = claimCheck != null
                ? FrameImage.claimCheck(
                        format, bytes.length, sha256, width, height, awaitClaimCheck(claimCheck, frameId))
                : FrameImage.inline(format, bytes, sha256, width, height);
        ModelInfo model = new ModelInfo(detector.name(), latencyMs);
        PersistenceEvent event = fitting(
                PersistenceEvent.detected(frameId, receivedAt, name, detections, model, image)
                        .withPeople(filter.people(found, width, height)),
                bytes);
        HandoffRoute route = handOff(event, timings);
        return new FrameOutcome.Answered(
                new FrameAnswer(frameId, name.camera(), name.capturedAt(), detections, event.counts(), model), route);
    }

    /**
     * The event as it can travel: an inline one that is larger than an asynchronous invoke takes (a frame just under
     * the inline limit with many detections) has its image moved to a claim check. Measured exactly, not estimated, so
     * that the on-failure record always fits the failure queue ({@link EventLimits}).
     */
    private PersistenceEvent fitting(PersistenceEvent event, byte[] bytes) {
        if (!event.image().isInline() || EventLimits.fitsAsyncInvoke(event)) {
            return event;
        }
        return event.withImage(event.image()
                .asClaimCheck(
                        putClaimCheck(event.frameId(), bytes, event.image().contentType())));
    }

    private HandoffRoute handOff(PersistenceEvent event, Timings timings) {
        long start = System.nanoTime();
        try {
            return handoff.handOff(event);
        } catch (HandoffFailedException e) {
            throw unavailable(event.frameId(), e.getMessage(), e);
        } finally {
            timings.addHandoff(System.nanoTime() - start);
        }
    }

    private String putClaimCheck(UUID frameId, byte[] bytes, ImageFormat format) {
        try {
            return claimChecks.put(frameId, bytes, format);
        } catch (RuntimeException e) {
            throw unavailable(frameId, "the frame could not be uploaded as a claim check: " + e.getMessage(), e);
        }
    }

    private String awaitClaimCheck(CompletableFuture<String> upload, UUID frameId) {
        try {
            return upload.get(claimCheckTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(
                    frameId,
                    "the frame could not be uploaded as a claim check: "
                            + e.getCause().getMessage(),
                    e);
        } catch (TimeoutException e) {
            upload.cancel(true);
            throw unavailable(
                    frameId, "the claim-check upload did not finish in " + claimCheckTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(frameId, "interrupted while uploading the claim check", e);
        }
    }

    private static ProblemException unavailable(UUID frameId, String why, Throwable cause) {
        // the camera learns what to do; the log (through the cause) learns why
        return new ProblemException(
                ProblemType.HANDOFF_UNAVAILABLE,
                "the frame could not be queued for storage; send it again in a few seconds",
                Map.of("frameId", frameId.toString()),
                new HandoffFailedException(why, cause));
    }
}
