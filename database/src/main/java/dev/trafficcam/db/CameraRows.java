package dev.trafficcam.db;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;

import org.jooq.DSLContext;
import org.jooq.Record;

/** The {@code cameras} table, shared by the functions that add a camera: its first frame, or its first key. */
public final class CameraRows {
    private CameraRows() {}

    /**
     * The camera's id, adding the camera if it is new. Reads first and inserts with ON CONFLICT DO NOTHING, so frames
     * of one camera never wait on a lock of its row.
     */
    public static long idOf(DSLContext db, String address, String city, String country) {
        Record existing = find(db, address, city, country);
        if (existing != null) {
            return existing.get(CAMERAS.ID);
        }
        Record added = db.insertInto(CAMERAS, CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY)
                .values(address, city, country)
                .onConflictDoNothing()
                .returning(CAMERAS.ID)
                .fetchOne();
        if (added != null) {
            return added.get(CAMERAS.ID);
        }
        // added by a concurrent transaction that committed in between
        return find(db, address, city, country).get(CAMERAS.ID);
    }

    /** The camera's row (its id), or null if no frame or key has named it yet. */
    public static Record find(DSLContext db, String address, String city, String country) {
        return db.select(CAMERAS.ID)
                .from(CAMERAS)
                .where(CAMERAS.ADDRESS.eq(address), CAMERAS.CITY.eq(city), CAMERAS.COUNTRY.eq(country))
                .fetchOne();
    }
}
