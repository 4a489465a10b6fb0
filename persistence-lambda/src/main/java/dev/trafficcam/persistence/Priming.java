package dev.trafficcam.persistence;

import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameImage;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.ModelInfo;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.support.PrimingRequests;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming of the persistence function: reads an event, blurs a person in a small frame and annotates it
 * ({@link FrameImages}, as the deployment is set), and runs the S3 client's upload pipeline up to the point of sending
 * (then stops it), so the snapshot holds those paths warm. It opens no connection, and the database connection, if any,
 * is closed before the snapshot: none is carried across it.
 */
final class Priming {
    private Priming() {}

    static void prime(S3Client s3, String bucket, FrameImages images, DatabaseSession session) throws IOException {
        BufferedImage image = new BufferedImage(96, 72, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        byte[] frame = jpeg.toByteArray();
        List<Detection> detections = List.of(
                new Detection(TrafficClass.CAR, 0.9, new BoundingBox(10, 10, 40, 30)),
                new Detection(TrafficClass.PERSON, 0.8, new BoundingBox(60, 20, 70, 50)));
        PersistenceEvent event;
        try {
            FrameName name = FrameName.parse("Priming Street 1_Leuven_Belgium_12-10-2022_10-51-38.jpg");
            event = PersistenceEvent.detected(
                    FrameIds.forFrame(name.camera(), name.capturedAt(), "0".repeat(64)),
                    Instant.now(),
                    name,
                    detections,
                    new ModelInfo("priming", 1),
                    FrameImage.inline(ImageFormat.JPEG, frame, "0".repeat(64), 96, 72));
        } catch (dev.trafficcam.model.InvalidFrameNameException e) {
            throw new IllegalStateException(e);
        }
        PersistenceEvents.fromJson(PersistenceEvents.toJson(event));
        FrameImages.Stored stored = images.prepare(event, frame);
        byte[] annotated = stored.annotated() != null ? stored.annotated().bytes() : frame;
        PrimingRequests.stopped(() -> s3.putObject(
                b -> b.bucket(bucket)
                        .key("frames/priming.jpg")
                        .contentType("image/jpeg")
                        .overrideConfiguration(o -> o.putHeader(PrimingRequests.HEADER, "1")),
                RequestBody.fromBytes(annotated)));
        session.close();
    }
}
