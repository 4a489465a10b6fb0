package dev.trafficcam.access;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;
import static dev.trafficcam.db.jooq.Tables.VIEWER_KEYS;

import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.ViewerScope;
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
 * key. A viewer key reads and never posts; a camera key the other way round. A key may be limited to some cameras and
 * to counts only ({@link ViewerScope}), which the authorizer enforces.
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

    /** A key just issued (shown this once), what it may read, and the key it replaced, if any. */
    public record Issued(String viewer, AccessKey key, Instant createdAt, String revokedKeyId, ViewerScope scope) {}

    /** A viewer and its live key, for the operators' list. */
    public record Entry(String viewer, String keyId, Instant keyCreatedAt, Instant lastSeenAt, ViewerScope scope) {}

    /** A live viewer key's holder and what it may read. */
    public record Viewer(String name, ViewerScope scope) {}

    /** Issues the viewer's first key, for every camera and their images. */
    public Issued add(String viewer) {
        return add(viewer, List.of(), true);
    }

    /**
     * Issues the viewer's first key, limited to these cameras (none: every camera) and, without images, to counts.
     *
     * @throws KeyStateException if the viewer already has a live key (rotate it instead), or a camera does not exist
     */
    public Issued add(String viewer, List<Camera> cameras, boolean images) {
        String name = checked(viewer);
        return table.oneLiveKey(
                () -> session.inTransaction(db -> {
                    liveKey(db, name).ifPresent(live -> {
                        throw table.conflict(
                                "the viewer already has the live key " + live + "; rotate it to issue a new one");
                    });
                    return issue(db, name, null, scope(db, cameras, images));
                }),
                "");
    }

    /** The cameras' ids, each of which must exist. */
    private static ViewerScope scope(DSLContext db, List<Camera> cameras, boolean images) {
        if (cameras.isEmpty()) {
            return new ViewerScope(Optional.empty(), images);
        }
        List<Long> ids = new java.util.ArrayList<>();
        for (Camera camera : cameras) {
            ids.add(db.select(CAMERAS.ID)
                    .from(CAMERAS)
                    .where(
                            CAMERAS.ADDRESS.eq(camera.address()),
                            CAMERAS.CITY.eq(camera.city()),
                            CAMERAS.COUNTRY.eq(camera.country()))
                    .fetchOptional(CAMERAS.ID)
                    .orElseThrow(() -> new KeyStateException(
                            KeyHolder.CAMERA,
                            "there is no camera " + camera.address() + ", " + camera.city() + ", " + camera.country()
                                    + " to limit the viewer to",
                            false)));
        }
        return ViewerScope.of(ids, images);
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
                    // the new key reads what the viewer's latest key read
                    ViewerScope scope = db.select(VIEWER_KEYS.CAMERA_IDS, VIEWER_KEYS.IMAGES)
                            .from(VIEWER_KEYS)
                            .where(VIEWER_KEYS.VIEWER.eq(name))
                            .orderBy(VIEWER_KEYS.CREATED_AT.desc())
                            .limit(1)
                            .fetchOptional(r -> scope(r.value1(), r.value2()))
                            .orElseThrow(() -> table.unknown("there is no viewer " + name + "; add it first"));
                    return issue(db, name, revokeLive(db, name).orElse(null), scope);
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
                        KeyTable.instant(r.getLastSeenAt()),
                        scope(r.getCameraIds(), r.getImages()))));
    }

    private static ViewerScope scope(Long[] cameraIds, Boolean images) {
        return ViewerScope.of(cameraIds == null ? null : List.of(cameraIds), images == null || images);
    }

    /**
     * The viewer a key belongs to and what it may read, if it is a live viewer key whose secret matches; marks it seen.
     */
    public Optional<Viewer> check(AccessKey key) {
        if (key.kind() != AccessKey.Kind.VIEWER) {
            return Optional.empty();
        }
        return session.inTransaction(db -> {
            Record row = db.select(
                            VIEWER_KEYS.VIEWER,
                            VIEWER_KEYS.SECRET_SHA256,
                            VIEWER_KEYS.REVOKED_AT,
                            VIEWER_KEYS.CAMERA_IDS,
                            VIEWER_KEYS.IMAGES)
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
            return Optional.of(new Viewer(
                    row.get(VIEWER_KEYS.VIEWER), scope(row.get(VIEWER_KEYS.CAMERA_IDS), row.get(VIEWER_KEYS.IMAGES))));
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

    private Issued issue(DSLContext db, String viewer, String revokedKeyId, ViewerScope scope) {
        AccessKey key = table.generate();
        OffsetDateTime now = table.now();
        db.insertInto(VIEWER_KEYS)
                .set(VIEWER_KEYS.ID, key.id())
                .set(VIEWER_KEYS.VIEWER, viewer)
                .set(VIEWER_KEYS.SECRET_SHA256, key.secretSha256())
                .set(VIEWER_KEYS.CREATED_AT, now)
                .set(
                        VIEWER_KEYS.CAMERA_IDS,
                        scope.cameras().map(c -> c.toArray(Long[]::new)).orElse(null))
                .set(VIEWER_KEYS.IMAGES, scope.images())
                .execute();
        return new Issued(viewer, key, now.toInstant(), revokedKeyId, scope);
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
