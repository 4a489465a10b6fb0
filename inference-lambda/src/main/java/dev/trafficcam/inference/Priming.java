package dev.trafficcam.inference;

import dev.trafficcam.inference.api.FrameAnswer;
import dev.trafficcam.inference.check.ImageChecker;
import dev.trafficcam.inference.detector.ObjectDetectionAnswer;
import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameImage;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.ModelInfo;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.support.PrimingRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * SnapStart priming: runs each code path of a request once without calling AWS, so the snapshot holds its classes
 * loaded and linked. The image check on a tiny embedded frame, the JSON of events, answers and model replies, and each
 * SDK client's request pipeline (marshalling, endpoint rules, signing) up to the point of sending, where
 * {@link PrimingRequests#STOP_BEFORE_SENDING} ends the priming request: no connection is opened, so none is carried
 * across the snapshot.
 *
 * <p>Measured (docs/PERFORMANCE.md): without a snapshot, priming at start-up only moves the work from the first request
 * to start-up, so it runs only in the checkpoint hook.
 */
final class Priming {
    private Priming() {}

    static void prime(
            ImageChecker checker,
            SageMakerRuntimeClient sageMaker,
            String endpoint,
            LambdaClient lambda,
            String function) {
        byte[] frame = sampleFrame();
        checker.check(frame);
        ObjectDetectionAnswer.parse(
                "[{\"score\":0.9,\"label\":\"car\",\"box\":{\"xmin\":1,\"ymin\":2,\"xmax\":3,\"ymax\":4}}]"
                        .getBytes(StandardCharsets.UTF_8));
        PersistenceEvent event = sampleEvent();
        byte[] json = PersistenceEvents.toJson(event);
        Json.write(new FrameAnswer(
                event.frameId(),
                event.camera(),
                event.capturedAt(),
                event.detections(),
                event.counts(),
                event.model()));
        PrimingRequests.stopped(() -> sageMaker.invokeEndpoint(b -> b.endpointName(endpoint)
                .contentType(ImageFormat.JPEG.mediaType())
                .accept("application/json")
                .body(SdkBytes.fromByteArrayUnsafe(frame))
                .overrideConfiguration(o -> o.putHeader(PrimingRequests.HEADER, "1"))));
        PrimingRequests.stopped(() -> lambda.invoke(b -> b.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArrayUnsafe(json))
                .overrideConfiguration(o -> o.putHeader(PrimingRequests.HEADER, "1"))));
    }

    static byte[] sampleFrame() {
        try (InputStream in = Priming.class.getResourceAsStream("/priming/frame.jpg")) {
            if (in == null) {
                throw new IllegalStateException("the priming frame is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PersistenceEvent sampleEvent() {
        try {
            FrameName name = FrameName.parse("Priming Street 1_Leuven_Belgium_12-10-2022_10-51-38.jpg");
            return PersistenceEvent.detected(
                    FrameIds.forFrame(name.camera(), name.capturedAt(), "0".repeat(64)),
                    Instant.now(),
                    name,
                    List.of(new Detection(TrafficClass.CAR, 0.9, new BoundingBox(1, 2, 3, 4))),
                    new ModelInfo("priming", 1),
                    FrameImage.inline(ImageFormat.JPEG, new byte[] {1, 2, 3}, "0".repeat(64), 96, 72));
        } catch (InvalidFrameNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
