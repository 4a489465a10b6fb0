package dev.trafficcam.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the camera authorizer grants a request: the key that was shown and the camera it belongs to. API Gateway hands
 * the authorizer's {@code context} to the function behind it as {@code requestContext.authorizer}, values as strings
 * (API Gateway developer guide, "Output from an API Gateway Lambda authorizer": context values are strings, numbers or
 * booleans, never objects), so the camera travels as three flat members.
 *
 * @param keyId the key's public id, logged with every request
 * @param camera the camera the key was issued to
 * @param zones where the camera counts: they travel with its identity, so the inference function learns them without a
 *     database round trip per frame; as text, since a context value may not be a list
 */
public record CameraGrant(String keyId, Camera camera, CountingZones zones) {
    public CameraGrant {
        zones = zones == null ? CountingZones.WHOLE_FRAME : zones;
    }

    public CameraGrant(String keyId, Camera camera) {
        this(keyId, camera, CountingZones.WHOLE_FRAME);
    }

    /**
     * The {@code Authorization} header a camera sends, {@code Bearer tcam_<32 hex id>_<43 base64url secret>}, or a
     * viewer, {@code Bearer tview_...}: the authorizer's identity validation expression, so API Gateway answers
     * anything else 401 without running the authorizer.
     */
    public static final String KEY_HEADER_PATTERN = "^Bearer (tcam|tview)_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$";

    public static final String KEY_ID = "keyId";
    public static final String ADDRESS = "cameraAddress";
    public static final String CITY = "cameraCity";
    public static final String COUNTRY = "cameraCountry";
    public static final String ZONES = "countingZones";

    /**
     * The value of the camera's API Gateway API key in the cameras' usage plan, which the authorizer returns as
     * {@code usageIdentifierKey} (API key source AUTHORIZER): the key id's 32 hex digits. Not a secret: the camera
     * never sends it; it only names whose usage and throttle a request counts to.
     */
    public String usageKey() {
        return usageKey(keyId);
    }

    public static String usageKey(String keyId) {
        return keyId.replace("-", "");
    }

    /** The authorizer's {@code context}. */
    public Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(KEY_ID, keyId);
        context.put(ADDRESS, camera.address());
        context.put(CITY, camera.city());
        context.put(COUNTRY, camera.country());
        if (!zones.wholeFrame()) {
            context.put(ZONES, zones.text());
        }
        return context;
    }

    /** The grant in a request's {@code requestContext.authorizer}, if the authorizer gave one. */
    public static Optional<CameraGrant> from(Map<String, ?> authorizer) {
        if (authorizer == null) {
            return Optional.empty();
        }
        Object keyId = authorizer.get(KEY_ID);
        Object address = authorizer.get(ADDRESS);
        Object city = authorizer.get(CITY);
        Object country = authorizer.get(COUNTRY);
        if (keyId == null || address == null || city == null || country == null) {
            return Optional.empty();
        }
        Object zones = authorizer.get(ZONES);
        return Optional.of(new CameraGrant(
                keyId.toString(),
                new Camera(address.toString(), city.toString(), country.toString()),
                CountingZones.fromText(zones == null ? null : zones.toString())));
    }
}
