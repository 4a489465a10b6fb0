package dev.trafficcam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why the image check turned a frame away. The JSON and problem form is the {@link #code()}. */
public enum DistortionReason {
    NOT_AN_IMAGE("not-an-image"),
    UNSUPPORTED_FORMAT("unsupported-format"),
    TRUNCATED("truncated"),
    CORRUPT("corrupt"),
    DIMENSIONS_OUT_OF_BOUNDS("dimensions-out-of-bounds"),
    TOO_MANY_PIXELS("too-many-pixels"),
    BLANK("blank"),
    UNDEREXPOSED("underexposed"),
    OVEREXPOSED("overexposed"),
    BLURRED("blurred");

    private final String code;

    DistortionReason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static DistortionReason fromCode(String code) {
        for (DistortionReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown distortion reason '" + code + "'");
    }
}
