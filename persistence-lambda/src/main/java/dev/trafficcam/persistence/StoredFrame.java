package dev.trafficcam.persistence;

import java.util.UUID;

/**
 * A frame as the database has it, for an operator's lookup.
 *
 * @param status DETECTED or DISTORTED
 * @param originalKey the original's object key ({@code frames/} or {@code distorted/})
 * @param annotatedKey the annotated copy's key, or null for a distorted frame
 * @param detections how many detection rows it has
 */
public record StoredFrame(UUID frameId, String status, String originalKey, String annotatedKey, int detections) {}
