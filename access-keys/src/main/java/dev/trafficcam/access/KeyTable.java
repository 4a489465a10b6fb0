package dev.trafficcam.access;

import dev.trafficcam.db.DatabaseSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/**
 * What the two key tables ({@code camera_keys}, {@code viewer_keys}) share: the session, new keys' randomness, the
 * clock, and the one-live-key rule, which a partial unique index holds even against two operators at once.
 */
final class KeyTable {
    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final KeyHolder holder;
    private final DatabaseSession session;
    private final SecureRandom random;
    private final Clock clock;

    KeyTable(KeyHolder holder, DatabaseSession session, SecureRandom random, Clock clock) {
        this.holder = holder;
        this.session = session;
        this.random = random;
        this.clock = clock;
    }

    DatabaseSession session() {
        return session;
    }

    AccessKey generate() {
        return AccessKey.generate(holder == KeyHolder.CAMERA ? AccessKey.Kind.CAMERA : AccessKey.Kind.VIEWER, random);
    }

    /** Two operators issuing a key for one holder at once: the unique index lets one through, the other is told. */
    <T> T oneLiveKey(Supplier<T> issuing, String advice) {
        try {
            return issuing.get();
        } catch (DataAccessException e) {
            if (UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw conflict("another key was issued for the " + holder.word() + " at the same time" + advice);
            }
            throw e;
        }
    }

    /** The holder is in the wrong state for this (409). */
    KeyStateException conflict(String message) {
        return new KeyStateException(holder, message, true);
    }

    /** There is no such holder or key (404). */
    KeyStateException unknown(String message) {
        return new KeyStateException(holder, message, false);
    }

    OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
