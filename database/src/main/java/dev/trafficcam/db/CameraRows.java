package dev.trafficcam.db;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;

import org.jooq.DSLContext;
import org.jooq.Record;

/** The {@code cameras} table, shared by the functions that add a camera: its first frame, or its first key. */
public final class CameraRows {
    private CameraRows() {}

    /** A camera's id and its time zone, in which its file names give wall-clock time. */
    public record CameraRow(long id, java.time.ZoneId timeZone) {}

    /**
     * The camera's id, adding the camera if it is new. Reads first and inserts with ON CONFLICT DO NOTHING, so frames
     * of one camera never wait on a lock of its row.
     */
    public static long idOf(DSLContext db, String address, String city, String country) {
        return rowOf(db, address, city, country).id();
    }

    /** The camera's id and time zone, adding the camera (in the deployment's default zone) if it is new. */
    public static CameraRow rowOf(DSLContext db, String address, String city, String country) {
        Record existing = find(db, address, city, country);
        if (existing != null) {
            return row(existing);
        }
        Record added = db.insertInto(CAMERAS, CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY)
                .values(address, city, country)
                .onConflictDoNothing()
                .returning(CAMERAS.ID, CAMERAS.TIME_ZONE)
                .fetchOne();
        if (added != null) {
            return row(added);
        }
        // added by a concurrent transaction that committed in between
        return row(find(db, address, city, country));
    }

    /** The camera's id and time zone, if a frame or a key has named it. */
    public static java.util.Optional<CameraRow> known(DSLContext db, String address, String city, String country) {
        return java.util.Optional.ofNullable(find(db, address, city, country)).map(CameraRows::row);
    }

    private static CameraRow row(Record r) {
        return new CameraRow(r.get(CAMERAS.ID), java.time.ZoneId.of(r.get(CAMERAS.TIME_ZONE)));
    }

    /** The camera's row (its id and time zone), or null if no frame or key has named it yet. */
    public static Record find(DSLContext db, String address, String city, String country) {
        return db.select(CAMERAS.ID, CAMERAS.TIME_ZONE)
                .from(CAMERAS)
                .where(CAMERAS.ADDRESS.eq(address), CAMERAS.CITY.eq(city), CAMERAS.COUNTRY.eq(country))
                .fetchOne();
    }
}
