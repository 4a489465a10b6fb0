package dev.trafficcam.inference.api;

import java.util.Map;

/** A request that ends in a problem answer; carries the type, a precise detail and extension members. */
public final class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
