package dev.trafficcam.local;

import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.persistence.DatabaseSession;
import dev.trafficcam.persistence.FrameObjects;
import dev.trafficcam.persistence.FrameRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fault injection for tests and demos, off by default: a fraction of persistence runs fail at
 * the S3 step or at the database step, and PostgreSQL can be taken away for a window of time.
 *
 * @param s3Fraction  share of S3 writes that fail (0..1)
 * @param dbFraction  share of database transactions that fail (0..1)
 * @param dbOutage    when (after start) and for how long PostgreSQL is stopped, if at all
 */
public record Faults(double s3Fraction, double dbFraction, Optional<Outage> dbOutage) {
    public static final Faults NONE = new Faults(0, 0, Optional.empty());

    /** PostgreSQL stops {@code after} the stack is ready and comes back {@code duration} later. */
    public record Outage(Duration after, Duration duration) {
    }

    public Faults {
        if (s3Fraction < 0 || s3Fraction > 1 || dbFraction < 0 || dbFraction > 1) {
            throw new IllegalArgumentException("fault fractions must be within 0..1");
        }
    }

    public boolean any() {
        return s3Fraction > 0 || dbFraction > 0 || dbOutage.isPresent();
    }

    public String describe() {
        return "FAULT INJECTION ON: " + Math.round(s3Fraction * 100) + "% of S3 writes and " + Math.round(dbFraction * 100)
                + "% of database transactions fail" + dbOutage.map(o -> "; PostgreSQL goes away " + o.after().toSeconds()
                + " s after start for " + o.duration().toSeconds() + " s").orElse("");
    }

    /** A failure made on purpose. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String message) {
            super(message);
        }
    }

    static FrameObjects objects(S3Client s3, String bucket, double fraction, RandomGenerator random) {
        if (fraction == 0) {
            return new FrameObjects(s3, bucket);
        }
        return new FrameObjects(s3, bucket) {
            @Override
            public void put(String key, byte[] bytes, String contentType) {
                if (random.nextDouble() < fraction) {
                    throw new InjectedFault("injected S3 failure writing " + key);
                }
                super.put(key, bytes, contentType);
            }
        };
    }

    static FrameRepository repository(DatabaseSession session, double fraction, RandomGenerator random) {
        if (fraction == 0) {
            return new FrameRepository(session);
        }
        return new FrameRepository(session) {
            @Override
            public boolean insert(PersistenceEvent event, String originalKey, String annotatedKey) {
                if (random.nextDouble() < fraction) {
                    throw new InjectedFault("injected database failure storing frame " + event.frameId());
                }
                return super.insert(event, originalKey, annotatedKey);
            }
        };
    }
}
