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

/** Persistence events as the inference Lambda makes them, around the real test frame. */
public final class Events {
    public static final String NAME = "tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg";

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

    private Events() {
    }

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
        return PersistenceEvent.detected(FrameIds.newFrameId(), Instant.now().truncatedTo(ChronoUnit.MICROS), name(NAME),
                detections, new ModelInfo("traffic-detector", 640),
                FrameImage.inline(ImageFormat.JPEG, frame, Checksums.sha256Hex(frame), 768, 576));
    }

    public static PersistenceEvent distorted(byte[] bytes, ImageFormat format, DistortionReason reason) {
        String fileName = NAME.replace(".jpg", "." + format.extension());
        return PersistenceEvent.distorted(FrameIds.newFrameId(), Instant.now().truncatedTo(ChronoUnit.MICROS), name(fileName),
                new Distortion(reason, "measured for the test"), FrameImage.inline(format, bytes, Checksums.sha256Hex(bytes), null, null));
    }
}
