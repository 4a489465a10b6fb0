package dev.trafficcam.persistence.testing;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Checksums;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.Distortion;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameImage;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.ModelInfo;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.TrafficClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Persistence events as the inference Lambda makes them, around the real test frame. Each call is a new frame: its
 * capture time is one second after the last one's, so its id differs (frame ids come from camera, capture time and
 * bytes).
 */
public final class Events {
    public static final String NAME = "tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg";
    private static final java.util.concurrent.atomic.AtomicInteger CAPTURES =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Eight detections spread over the 768x576 frame, best first. */
    public static final List<Detection> EIGHT = List.of(
            new Detection(TrafficClass.CAR, 0.95, new BoundingBox(40, 300, 260, 420)),
            new Detection(TrafficClass.PERSON, 0.91, new BoundingBox(300, 100, 340, 220)),
            new Detection(TrafficClass.PERSON, 0.88, new BoundingBox(360, 120, 400, 240)),
            new Detection(TrafficClass.TRUCK, 0.80, new BoundingBox(500, 250, 760, 500)),
            new Detection(TrafficClass.PERSON, 0.70, new BoundingBox(420, 140, 455, 250)),
            new Detection(TrafficClass.BICYCLE, 0.62, new BoundingBox(600, 60, 660, 120)),
            new Detection(TrafficClass.BUS, 0.55, new BoundingBox(0, 0, 120, 80)),
            new Detection(TrafficClass.MOTORCYCLE, 0.51, new BoundingBox(200, 450, 260, 520)));

    private Events() {}

    public static byte[] streetFrame() {
        try (InputStream in = Events.class.getResourceAsStream("/frames/street_frame_220.jpg")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FrameName name(String fileName) {
        try {
            return FrameName.parse(fileName);
        } catch (InvalidFrameNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static PersistenceEvent detected(byte[] frame, List<Detection> detections) {
        FrameName name = nextName(ImageFormat.JPEG);
        String sha256 = Checksums.sha256Hex(frame);
        return PersistenceEvent.detected(
                FrameIds.forFrame(name.camera(), name.capturedAt(), sha256),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                name,
                detections,
                new ModelInfo("traffic-detector", 640),
                FrameImage.inline(ImageFormat.JPEG, frame, sha256, 768, 576));
    }

    /** A detected frame under this file name (another camera, another format), 768x576. */
    public static PersistenceEvent detected(byte[] frame, List<Detection> detections, String fileName) {
        return detected(frame, detections, fileName, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** A detected frame under this file name, arriving at {@code receivedAt}. */
    public static PersistenceEvent detected(
            byte[] frame, List<Detection> detections, String fileName, Instant receivedAt) {
        FrameName name = name(fileName);
        String sha256 = Checksums.sha256Hex(frame);
        return PersistenceEvent.detected(
                FrameIds.forFrame(name.camera(), name.capturedAt(), sha256),
                receivedAt,
                name,
                detections,
                new ModelInfo("traffic-detector", 640),
                FrameImage.inline(name.format(), frame, sha256, 768, 576));
    }

    public static PersistenceEvent distorted(byte[] bytes, ImageFormat format, DistortionReason reason) {
        FrameName name = nextName(format);
        String sha256 = Checksums.sha256Hex(bytes);
        return PersistenceEvent.distorted(
                FrameIds.forFrame(name.camera(), name.capturedAt(), sha256),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                name,
                new Distortion(reason, "measured for the test"),
                FrameImage.inline(format, bytes, sha256, null, null));
    }

    /** {@link #NAME} at the next capture second. */
    private static FrameName nextName(ImageFormat format) {
        java.time.LocalDateTime at = name(NAME).capturedAt().plusSeconds(CAPTURES.getAndIncrement());
        return name("tiensevest_Leuven_Belgium_"
                + at.format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-uuuu_HH-mm-ss")) + "."
                + format.extension());
    }
}
