package dev.trafficcam.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reading and writing persistence events as JSON, with one named error for events that can never be stored. */
public final class PersistenceEvents {
    private PersistenceEvents() {}

    public static byte[] toJson(PersistenceEvent event) {
        return Json.writeBytes(event);
    }

    /**
     * The length of {@link #toJson}, in bytes, without writing the image out: base64's characters are ASCII that JSON
     * never escapes, so an inline image adds exactly its own length.
     */
    public static long jsonLength(PersistenceEvent event) {
        FrameImage image = event.image();
        if (!image.isInline()) {
            return toJson(event).length;
        }
        FrameImage empty = new FrameImage(
                image.contentType(), image.sizeBytes(), image.sha256(), image.width(), image.height(), "", null);
        return toJson(event.withImage(empty)).length + (long) image.data().length();
    }

    /**
     * Reads an event.
     *
     * @throws InvalidEventException when the text is not JSON, names an unknown schema version, or breaks the event's
     *     rules; retrying cannot help these
     */
    public static PersistenceEvent fromJson(byte[] json) {
        return fromTree(parse(json));
    }

    /**
     * The JSON object of a request to the persistence function (an event, or an operator's lookup).
     *
     * @throws InvalidEventException when the text is not JSON or not an object
     */
    public static JsonNode parse(byte[] json) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new InvalidEventException(
                    "the persistence event is not valid JSON: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                                    ? j.getOriginalMessage()
                                    : e.getMessage()),
                    e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("the persistence event is not a JSON object");
        }
        return tree;
    }

    /** Reads an event from its parsed JSON object; throws as {@link #fromJson} does. */
    public static PersistenceEvent fromTree(JsonNode tree) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new InvalidEventException("the persistence event has no integer schemaVersion");
        }
        if (version.intValue() != PersistenceEvent.SCHEMA_VERSION) {
            throw new InvalidEventException("the persistence event has schemaVersion " + version.intValue()
                    + "; this code reads version " + PersistenceEvent.SCHEMA_VERSION);
        }
        try {
            return Json.mapper().treeToValue(tree, PersistenceEvent.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new InvalidEventException("the persistence event is malformed: " + root.getMessage(), e);
        }
    }
}
