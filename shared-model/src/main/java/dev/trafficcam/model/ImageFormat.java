package dev.trafficcam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The image formats a camera may send, with their media type and canonical file extension. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png");

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    @JsonValue
    public String mediaType() {
        return mediaType;
    }

    /** The extension used in S3 keys, without the dot. */
    public String extension() {
        return extension;
    }

    /**
     * The format named by a {@code Content-Type} header value; parameters such as {@code ; charset=...} are ignored and
     * case does not matter.
     */
    public static Optional<ImageFormat> fromMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType)
                .strip()
                .toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.mediaType.equals(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format of a file extension ({@code jpg}, {@code jpeg} or {@code png}, any case, no dot). */
    public static Optional<ImageFormat> fromExtension(String extension) {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> Optional.of(JPEG);
            case "png" -> Optional.of(PNG);
            default -> Optional.empty();
        };
    }

    @JsonCreator
    static ImageFormat fromJson(String mediaType) {
        return fromMediaType(mediaType)
                .orElseThrow(() -> new IllegalArgumentException("unsupported image media type: " + mediaType));
    }
}
