package dev.trafficcam.local;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Fault injection for tests and demos, off by default: a fraction of persistence runs fail at the S3 step or at the
 * database step, and PostgreSQL can be taken away for a window of time.
 *
 * @param s3Fraction share of S3 writes that fail (0..1)
 * @param dbFraction share of database transactions that fail (0..1)
 * @param dbOutage when (after start) and for how long PostgreSQL is stopped, if at all
 */
public record Faults(double s3Fraction, double dbFraction, Optional<Outage> dbOutage) {
    public static final Faults NONE = new Faults(0, 0, Optional.empty());

    /** PostgreSQL stops {@code after} the stack is ready and comes back {@code duration} later. */
    public record Outage(Duration after, Duration duration) {}

    public Faults {
        if (s3Fraction < 0 || s3Fraction > 1 || dbFraction < 0 || dbFraction > 1) {
            throw new IllegalArgumentException("fault fractions must be within 0..1");
        }
    }

    public boolean any() {
        return s3Fraction > 0 || dbFraction > 0 || dbOutage.isPresent();
    }

    public String describe() {
        return "FAULT INJECTION ON: " + Math.round(s3Fraction * 100) + "% of S3 writes and "
                + Math.round(dbFraction * 100)
                + "% of database transactions fail"
                + dbOutage.map(o -> "; PostgreSQL goes away " + o.after().toSeconds() + " s after start for "
                                + o.duration().toSeconds() + " s")
                        .orElse("");
    }

    /**
     * The S3 API's store, failing that share of the persistence function's writes (original, annotated and distorted
     * copies) with 403 AccessDenied, which the SDK does not retry: each one fails the function's attempt, as an S3
     * outage or a broken policy would.
     */
    static BlobStore objects(BlobStore store, double fraction, RandomGenerator random) {
        if (fraction == 0) {
            return store;
        }
        return new ForwardingBlobStore(store) {
            @Override
            public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
                String key = request.key();
                boolean persisted =
                        key.startsWith("frames/") || key.startsWith("annotated/") || key.startsWith("distorted/");
                if (persisted && random.nextDouble() < fraction) {
                    throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED, "fault injected writing " + key);
                }
                return super.putBlob(request, content);
            }
        };
    }

    /**
     * Makes PostgreSQL itself fail that share of frame inserts (a trigger that raises), so that the persistence
     * function's transaction rolls back as it would on a real database error. With 0 the trigger is dropped, so a stack
     * started without faults has none.
     */
    static void database(DataSource database, double fraction) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            if (fraction == 0) {
                s.execute("drop trigger if exists local_fault_injection on frames");
                s.execute("drop function if exists local_fault_injection()");
                return;
            }
            s.execute("""
                    create or replace function local_fault_injection() returns trigger language plpgsql as $$
                    begin
                      if random() < %s then
                        raise exception 'fault injected: database failure storing frame %%', new.id;
                      end if;
                      return new;
                    end $$""".formatted(fraction));
            s.execute("drop trigger if exists local_fault_injection on frames");
            s.execute(
                    "create trigger local_fault_injection before insert on frames for each row execute function local_fault_injection()");
        }
    }
}
