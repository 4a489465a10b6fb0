package dev.trafficcam.access;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key to the API, {@code <kind>_<id>_<secret>}: a camera's ({@code tcam_}, it posts its frames) or a viewer's
 * ({@code tview_}, it reads the counts). The id (a random UUID, 32 hex digits) names the key in logs and in the
 * database, the secret (32 random bytes, 43 base64url characters) proves it. Only the SHA-256 of the secret is stored.
 * It is sent as {@code Authorization: Bearer <key>}, whose shape API Gateway checks first
 * ({@link dev.trafficcam.model.CameraGrant#KEY_HEADER_PATTERN}).
 *
 * @param kind whose key it is, which its prefix says
 * @param id the key's public id
 * @param secret the 32 secret bytes
 */
public record AccessKey(Kind kind, UUID id, byte[] secret) {
    static final int SECRET_BYTES = 32;
    private static final Pattern TEXT = Pattern.compile("(?:Bearer )?(tcam|tview)_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");

    /** The two kinds of key, told apart by their prefix so that the authorizer knows which table to ask. */
    public enum Kind {
        CAMERA("tcam"),
        VIEWER("tview");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        static Kind ofPrefix(String prefix) {
            return prefix.equals(CAMERA.prefix) ? CAMERA : VIEWER;
        }
    }

    public AccessKey {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a key's secret has " + SECRET_BYTES + " bytes, not " + secret.length);
        }
        secret = secret.clone();
    }

    public static AccessKey generate(Kind kind, SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new AccessKey(kind, UUID.randomUUID(), secret);
    }

    /** The key in a header value ({@code Bearer tcam_...}) or alone; empty if it has not the key's shape. */
    public static Optional<AccessKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String hex = m.group(2);
        UUID id = new UUID(
                Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
        byte[] secret = Base64.getUrlDecoder().decode(m.group(3));
        return secret.length == SECRET_BYTES
                ? Optional.of(new AccessKey(Kind.ofPrefix(m.group(1)), id, secret))
                : Optional.empty();
    }

    /** What the camera or viewer is given, once. */
    public String text() {
        return kind.prefix + "_" + id.toString().replace("-", "") + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public byte[] secretSha256() {
        return sha256(secret);
    }

    /**
     * Whether this key's secret hashes to the stored hash, compared in time that does not depend on where they differ.
     */
    public boolean matches(byte[] storedSha256) {
        return MessageDigest.isEqual(secretSha256(), storedSha256);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessKey k && k.kind == kind && k.id.equals(id) && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Never the secret: keys end up in exception messages and logs by accident. */
    @Override
    public String toString() {
        return "AccessKey[" + kind + " " + id + "]";
    }
}
