package dev.trafficcam.loadtests;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.testing.LocalS3;
import dev.trafficcam.persistence.FrameImages;
import dev.trafficcam.persistence.FrameObjects;
import dev.trafficcam.persistence.FramePersistence;
import dev.trafficcam.persistence.FrameRepository;
import dev.trafficcam.persistence.testing.Events;
import dev.trafficcam.support.images.Annotator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Persisting one 768x576 street frame with 8 detections on the local parts: embedded PostgreSQL 17 and s3proxy (in
 * memory), over loopback, warm. First the whole {@link FramePersistence#persist} (idempotency check, annotate, 2 S3
 * puts, one transaction); then a frame whose camera's window has its images already ({@code imageEverySeconds}: the
 * check, the window's claim, the transaction); then each step on its own.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.PersistenceSteps [WARMUP] [MEASURED]</pre>
 */
public final class PersistenceSteps {
    private PersistenceSteps() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        byte[] frame = Events.streetFrame();
        try (LocalS3 localS3 = new LocalS3();
                S3Client s3 = localS3.client()) {
            s3.createBucket(b -> b.bucket("frames"));
            DatabaseSettings database = EmbeddedDatabase.freshDatabase();
            FrameObjects objects = new FrameObjects(s3, "frames");
            try (DatabaseSession session = new DatabaseSession(new DatabaseConnections(database))) {
                FrameRepository repository = new FrameRepository(session);
                FrameImages images = new FrameImages(ImagePrivacy.DEFAULT, new Annotator());
                FramePersistence persistence = new FramePersistence(objects, repository, images);
                // a day's window: after the first, every frame of the camera is stored without images, as five in six
                // are with -c imageEverySeconds=60 and a frame every 10 s
                FramePersistence sampling = new FramePersistence(
                        objects,
                        repository,
                        new FrameImages(ImagePrivacy.DEFAULT.withImageEverySeconds(86_400), new Annotator()));

                Map<String, List<Double>> steps = new LinkedHashMap<>();
                for (String step : List.of(
                        "persist (whole)",
                        "persist, no image",
                        "stored check",
                        "blur + annotate",
                        "put original",
                        "put annotated",
                        "transaction")) {
                    steps.put(step, new ArrayList<>());
                }
                for (int i = 0; i < warmup + measured; i++) {
                    boolean record = i >= warmup;
                    PersistenceEvent whole = Events.detected(frame, Events.EIGHT);
                    long t = System.nanoTime();
                    persistence.persist(whole);
                    add(steps, "persist (whole)", t, record);

                    PersistenceEvent sampledOut = Events.detected(frame, Events.EIGHT);
                    t = System.nanoTime();
                    sampling.persist(sampledOut);
                    add(steps, "persist, no image", t, record);

                    PersistenceEvent event = Events.detected(frame, Events.EIGHT);
                    t = System.nanoTime();
                    repository.storedSha256(event.frameId());
                    add(steps, "stored check", t, record);
                    t = System.nanoTime();
                    FrameImages.Stored stored = images.prepare(event, frame);
                    add(steps, "blur + annotate", t, record);
                    t = System.nanoTime();
                    objects.put(stored.originalKey(), stored.original().bytes(), "image/jpeg");
                    add(steps, "put original", t, record);
                    t = System.nanoTime();
                    objects.put(stored.annotatedKey(), stored.annotated().bytes(), "image/jpeg");
                    add(steps, "put annotated", t, record);
                    t = System.nanoTime();
                    repository.insert(event, stored);
                    add(steps, "transaction", t, record);
                }
                System.out.printf(
                        "persisting a 768x576 frame with 8 detections, warm, embedded PostgreSQL 17 + s3proxy on loopback;"
                                + " %d warm-up + %d measured, JDK %s%n",
                        warmup, measured, Runtime.version());
                steps.forEach((step, ms) -> System.out.printf("  %-16s %s%n", step, new Percentiles(ms).summary()));
            }
        }
        System.exit(0); // embedded PostgreSQL and s3proxy leave non-daemon threads
    }

    private static void add(Map<String, List<Double>> steps, String step, long start, boolean record) {
        if (record) {
            steps.get(step).add((System.nanoTime() - start) / 1e6);
        }
    }
}
