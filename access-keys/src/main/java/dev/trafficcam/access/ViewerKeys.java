package dev.trafficcam.access;

import static dev.trafficcam.db.jooq.Tables.VIEWER_KEYS;

import dev.trafficcam.db.DatabaseSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The viewers' keys in the {@code viewer_keys} table: the people and tools that read the counts (the dashboard, the
 * read API, a BI tool's refresh). A viewer is a name (lower case: a login or an e-mail address) with at most one live
 * key. A viewer key reads and never posts; a camera key the other way round.
 */
public final class ViewerKeys {
    /** The names the table's check constraint accepts, told to the operator before the database refuses one. */
    public static final Pattern VIEWER = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private final KeyTable table;
    private final DatabaseSession session;

    public ViewerKeys(DatabaseSession session, SecureRandom random, Clock clock) {
        this.table = new KeyTable(KeyHolder.VIEWER, session, random, clock);
        this.session = session;
    }

    /** A key just issued (shown this once), and the key it replaced, if any. */
    public record Issued(String viewer, AccessKey key, Instant createdAt, String revokedKeyId) {}

    /** A viewer and its live key, for the operators' list. */
    public record Entry(String viewer, String keyId, Instant keyCreatedAt, Instant lastSeenAt) {}

    /**
     * Issues the viewer's first key.
     *
     * @throws KeyStateException if the viewer already has a live key (rotate it instead)
     */
    public Issued add(String viewer) {
        String name = checked(viewer);
        return table.oneLiveKey(
                () -> session.inTransaction(db -> {
                    liveKey(db, name).ifPresent(live -> {
                        throw table.conflict(
                                "the viewer already has the live key " + live + "; rotate it to issue a new one");
                    });
                    return issue(db, name, null);
                }),
                "");
    }

    /**
     * Issues a new key and revokes the live one, if any, in the same transaction.
     *
     * @throws KeyStateException if the viewer never had a key
     */
    public Issued rotate(String viewer) {
        String name = checked(viewer);
        return table.oneLiveKey(
                () -> session.inTransaction(db -> {
                    if (db.fetchCount(VIEWER_KEYS, VIEWER_KEYS.VIEWER.eq(name)) == 0) {
                        throw table.unknown("there is no viewer " + name + "; add it first");
                    }
                    return issue(db, name, revokeLive(db, name).orElse(null));
                }),
                "");
    }

    /**
     * Revokes the viewer's live key.
     *
     * @throws KeyStateException if the viewer has no live key
     */
    public String revoke(String viewer) {
        String name = checked(viewer);
        return session.inTransaction(
                db -> revokeLive(db, name).orElseThrow(() -> table.unknown("the viewer " + name + " has no live key")));
    }

    /** The viewers with a live key. */
    public List<Entry> list() {
        return session.inTransaction(db -> db.selectFrom(VIEWER_KEYS)
                .where(VIEWER_KEYS.REVOKED_AT.isNull())
                .orderBy(VIEWER_KEYS.VIEWER)
                .fetch(r -> new Entry(
                        r.getViewer(),
                        r.getId().toString(),
                        KeyTable.instant(r.getCreatedAt()),
                        KeyTable.instant(r.getLastSeenAt()))));
    }

    /** The viewer a key belongs to, if it is a live viewer key whose secret matches; marks it seen. */
    public Optional<String> check(AccessKey key) {
        if (key.kind() != AccessKey.Kind.VIEWER) {
            return Optional.empty();
        }
        return session.inTransaction(db -> {
            Record row = db.select(VIEWER_KEYS.VIEWER, VIEWER_KEYS.SECRET_SHA256, VIEWER_KEYS.REVOKED_AT)
                    .from(VIEWER_KEYS)
                    .where(VIEWER_KEYS.ID.eq(key.id()))
                    .fetchOne();
            if (row == null
                    || row.get(VIEWER_KEYS.REVOKED_AT) != null
                    || !key.matches(row.get(VIEWER_KEYS.SECRET_SHA256))) {
                return Optional.empty();
            }
            db.update(VIEWER_KEYS)
                    .set(VIEWER_KEYS.LAST_SEEN_AT, table.now())
                    .where(VIEWER_KEYS.ID.eq(key.id()))
                    .execute();
            return Optional.of(row.get(VIEWER_KEYS.VIEWER));
        });
    }

    /** Whether a name is a viewer's name as the table accepts it. */
    static String checked(String viewer) {
        if (viewer == null || !VIEWER.matcher(viewer).matches()) {
            throw new IllegalArgumentException(
                    "a viewer is named by 1 to 64 lower-case letters, digits and . _ @ -, starting"
                            + " with a letter or digit (a login or an e-mail address), got '" + viewer + "'");
        }
        return viewer;
    }

    private Issued issue(DSLContext db, String viewer, String revokedKeyId) {
        AccessKey key = table.generate();
        OffsetDateTime now = table.now();
        db.insertInto(
                        VIEWER_KEYS,
                        VIEWER_KEYS.ID,
                        VIEWER_KEYS.VIEWER,
                        VIEWER_KEYS.SECRET_SHA256,
                        VIEWER_KEYS.CREATED_AT)
                .values(key.id(), viewer, key.secretSha256(), now)
                .execute();
        return new Issued(viewer, key, now.toInstant(), revokedKeyId);
    }

    private Optional<String> revokeLive(DSLContext db, String viewer) {
        return db.update(VIEWER_KEYS)
                .set(VIEWER_KEYS.REVOKED_AT, table.now())
                .where(VIEWER_KEYS.VIEWER.eq(viewer), VIEWER_KEYS.REVOKED_AT.isNull())
                .returning(VIEWER_KEYS.ID)
                .fetchOptional(VIEWER_KEYS.ID)
                .map(UUID::toString);
    }

    private static Optional<UUID> liveKey(DSLContext db, String viewer) {
        return db.select(VIEWER_KEYS.ID)
                .from(VIEWER_KEYS)
                .where(VIEWER_KEYS.VIEWER.eq(viewer), VIEWER_KEYS.REVOKED_AT.isNull())
                .fetchOptional(VIEWER_KEYS.ID);
    }
}
