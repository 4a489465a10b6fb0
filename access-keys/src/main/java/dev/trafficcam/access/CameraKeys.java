package dev.trafficcam.access;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;
import static dev.trafficcam.db.jooq.Tables.CAMERA_KEYS;

import dev.trafficcam.db.CameraRows;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The cameras' keys in the {@code camera_keys} table: issued, checked, rotated, revoked. A camera has at most one live
 * key (a partial unique index holds it even against two operators at once).
 */
public final class CameraKeys {
    private static final String LIST_AND_ROTATE = "; list the cameras and rotate if needed";

    private final KeyTable table;
    private final DatabaseSession session;

    public CameraKeys(DatabaseSession session, SecureRandom random, Clock clock) {
        this.table = new KeyTable(KeyHolder.CAMERA, session, random, clock);
        this.session = session;
    }

    /** A key just issued: the only time its secret is known; and the key it replaced, if it was a rotation. */
    public record Issued(Camera camera, AccessKey key, Instant createdAt, String revokedKeyId) {}

    /** A camera and its live key, if any, for the operators' list. */
    public record Entry(
            Camera camera, String timeZone, String zones, String keyId, Instant keyCreatedAt, Instant lastSeenAt) {}

    /** Registers a camera (if it is new) in the deployment's default time zone and issues its first key. */
    public Issued add(Camera camera) {
        return add(camera, null);
    }

    /**
     * Registers a camera (if it is new) and issues its first key. With a time zone, the camera's file names are read in
     * it from now on (frames stored before keep the instants they were given).
     *
     * @param timeZone the camera's IANA zone, or null for the deployment's default (or the zone it has)
     * @throws KeyStateException if the camera already has a live key (rotate it instead)
     */
    public Issued add(Camera camera, java.time.ZoneId timeZone) {
        return table.oneLiveKey(
                () -> session.inTransaction(db -> {
                    long cameraId = CameraRows.idOf(db, camera.address(), camera.city(), camera.country());
                    liveKey(db, cameraId).ifPresent(live -> {
                        throw table.conflict("the camera already has the live key " + live.get(CAMERA_KEYS.ID)
                                + "; rotate it to issue a new one");
                    });
                    if (timeZone != null) {
                        db.update(CAMERAS)
                                .set(CAMERAS.TIME_ZONE, timeZone.getId())
                                .where(CAMERAS.ID.eq(cameraId))
                                .execute();
                    }
                    return issue(db, camera, cameraId, null);
                }),
                LIST_AND_ROTATE);
    }

    /**
     * Sets where the camera counts (the whole frame when {@code zones} has none). The authorizer gives them with the
     * camera's key from its next run for that key.
     *
     * @throws KeyStateException if the camera is unknown
     */
    public void setZones(Camera camera, dev.trafficcam.model.CountingZones zones) {
        session.inTransaction(db -> {
            long cameraId = knownCamera(db, camera);
            return db.update(CAMERAS)
                    .set(CAMERAS.COUNTING_ZONES, zones.wholeFrame() ? null : zones.text())
                    .where(CAMERAS.ID.eq(cameraId))
                    .execute();
        });
    }

    /**
     * Issues a new key and revokes the live one in the same transaction.
     *
     * @throws KeyStateException if the camera is unknown
     */
    public Issued rotate(Camera camera) {
        return table.oneLiveKey(
                () -> session.inTransaction(db -> {
                    long cameraId = knownCamera(db, camera);
                    return issue(db, camera, cameraId, revokeLive(db, cameraId).orElse(null));
                }),
                LIST_AND_ROTATE);
    }

    /**
     * Revokes the camera's live key: the authorizer refuses it from its next check.
     *
     * @return the revoked key's id
     * @throws KeyStateException if the camera is unknown or has no live key
     */
    public String revoke(Camera camera) {
        return session.inTransaction(db ->
                revokeLive(db, knownCamera(db, camera)).orElseThrow(() -> table.unknown("the camera has no live key")));
    }

    public List<Entry> list() {
        return session.inTransaction(db -> db.select(
                        CAMERAS.ADDRESS,
                        CAMERAS.CITY,
                        CAMERAS.COUNTRY,
                        CAMERAS.TIME_ZONE,
                        CAMERAS.COUNTING_ZONES,
                        CAMERA_KEYS.ID,
                        CAMERA_KEYS.CREATED_AT,
                        CAMERA_KEYS.LAST_SEEN_AT)
                .from(CAMERAS)
                .leftJoin(CAMERA_KEYS)
                .on(CAMERA_KEYS.CAMERA_ID.eq(CAMERAS.ID), CAMERA_KEYS.REVOKED_AT.isNull())
                .orderBy(CAMERAS.COUNTRY, CAMERAS.CITY, CAMERAS.ADDRESS)
                .fetch(r -> new Entry(
                        new Camera(r.get(CAMERAS.ADDRESS), r.get(CAMERAS.CITY), r.get(CAMERAS.COUNTRY)),
                        r.get(CAMERAS.TIME_ZONE),
                        r.get(CAMERAS.COUNTING_ZONES),
                        r.get(CAMERA_KEYS.ID) == null
                                ? null
                                : r.get(CAMERA_KEYS.ID).toString(),
                        KeyTable.instant(r.get(CAMERA_KEYS.CREATED_AT)),
                        KeyTable.instant(r.get(CAMERA_KEYS.LAST_SEEN_AT)))));
    }

    /**
     * The camera a key belongs to, if the key is known, live and its secret matches; marks it seen. An unknown id and a
     * wrong secret look the same to the caller.
     */
    public Optional<CameraGrant> check(AccessKey key) {
        if (key.kind() != AccessKey.Kind.CAMERA) {
            return Optional.empty();
        }
        return session.inTransaction(db -> {
            Record row = db.select(
                            CAMERA_KEYS.SECRET_SHA256,
                            CAMERA_KEYS.REVOKED_AT,
                            CAMERAS.ADDRESS,
                            CAMERAS.CITY,
                            CAMERAS.COUNTRY,
                            CAMERAS.COUNTING_ZONES)
                    .from(CAMERA_KEYS)
                    .join(CAMERAS)
                    .on(CAMERAS.ID.eq(CAMERA_KEYS.CAMERA_ID))
                    .where(CAMERA_KEYS.ID.eq(key.id()))
                    .fetchOne();
            if (row == null
                    || row.get(CAMERA_KEYS.REVOKED_AT) != null
                    || !key.matches(row.get(CAMERA_KEYS.SECRET_SHA256))) {
                return Optional.empty();
            }
            db.update(CAMERA_KEYS)
                    .set(CAMERA_KEYS.LAST_SEEN_AT, table.now())
                    .where(CAMERA_KEYS.ID.eq(key.id()))
                    .execute();
            return Optional.of(new CameraGrant(
                    key.id().toString(),
                    new Camera(row.get(CAMERAS.ADDRESS), row.get(CAMERAS.CITY), row.get(CAMERAS.COUNTRY)),
                    dev.trafficcam.model.CountingZones.fromText(row.get(CAMERAS.COUNTING_ZONES))));
        });
    }

    private Issued issue(DSLContext db, Camera camera, long cameraId, String revokedKeyId) {
        AccessKey key = table.generate();
        OffsetDateTime now = table.now();
        db.insertInto(
                        CAMERA_KEYS,
                        CAMERA_KEYS.ID,
                        CAMERA_KEYS.CAMERA_ID,
                        CAMERA_KEYS.SECRET_SHA256,
                        CAMERA_KEYS.CREATED_AT)
                .values(key.id(), cameraId, key.secretSha256(), now)
                .execute();
        return new Issued(camera, key, now.toInstant(), revokedKeyId);
    }

    private Optional<String> revokeLive(DSLContext db, long cameraId) {
        return db.update(CAMERA_KEYS)
                .set(CAMERA_KEYS.REVOKED_AT, table.now())
                .where(CAMERA_KEYS.CAMERA_ID.eq(cameraId), CAMERA_KEYS.REVOKED_AT.isNull())
                .returning(CAMERA_KEYS.ID)
                .fetchOptional(CAMERA_KEYS.ID)
                .map(UUID::toString);
    }

    private long knownCamera(DSLContext db, Camera camera) {
        Record row = CameraRows.find(db, camera.address(), camera.city(), camera.country());
        if (row == null) {
            throw table.unknown("there is no camera at " + camera.address() + ", " + camera.city() + ", "
                    + camera.country() + "; add it first");
        }
        return row.get(CAMERAS.ID);
    }

    private static Optional<Record> liveKey(DSLContext db, long cameraId) {
        return db.select(CAMERA_KEYS.ID)
                .from(CAMERA_KEYS)
                .where(CAMERA_KEYS.CAMERA_ID.eq(cameraId), CAMERA_KEYS.REVOKED_AT.isNull())
                .fetchOptional()
                .map(r -> r);
    }
}
