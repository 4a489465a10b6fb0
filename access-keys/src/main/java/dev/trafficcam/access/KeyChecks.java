package dev.trafficcam.access;

import dev.trafficcam.model.CameraGrant;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The key authorizer's checks, which survive a database outage: each key found valid is remembered in the execution
 * environment (its secret's hash and what it was granted), and while the database cannot be reached, a key remembered
 * less than {@code grace} ago is answered as it was then. A key never seen, or seen longer ago, still fails closed (the
 * caller's 503). A key revoked during the outage keeps working until the database answers again or its grace runs out,
 * whichever is first; API Gateway's own cache (an hour) already lets a revoked key work that long.
 *
 * <p>In memory, per environment: Lambda keeps an environment for many invocations, and a camera sends every few
 * seconds, so the environments that serve a camera have seen its key. A new environment during an outage has seen none.
 */
public final class KeyChecks {
    /** Keys remembered per environment at most: a camera fleet, at 100 bytes or so each. */
    static final int MAX_REMEMBERED = 200_000;

    /** What a key was granted: a camera's grant or a viewer, and whether the answer came from memory. */
    public record Verdict(Optional<CameraGrant> camera, Optional<ViewerKeys.Viewer> viewer, boolean remembered) {
        static final Verdict NONE = new Verdict(Optional.empty(), Optional.empty(), false);
    }

    private record Remembered(byte[] secretSha256, Verdict verdict, Instant checkedAt) {}

    private final CameraKeys cameras;
    private final ViewerKeys viewers;
    private final Duration grace;
    private final Clock clock;
    private final Map<UUID, Remembered> remembered = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public KeyChecks(CameraKeys cameras, ViewerKeys viewers, Duration grace, Clock clock) {
        this.cameras = cameras;
        this.viewers = viewers;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * Checks the key against the database, or from memory while the database is away.
     *
     * @throws RuntimeException the database's failure, when the key cannot be answered from memory
     */
    public Verdict check(AccessKey key) {
        Verdict verdict;
        try {
            Optional<CameraGrant> grant = cameras.check(key);
            Optional<ViewerKeys.Viewer> viewer = grant.isPresent() ? Optional.empty() : viewers.check(key);
            verdict = new Verdict(grant, viewer, false);
        } catch (RuntimeException databaseAway) {
            return recalled(key).orElseThrow(() -> databaseAway);
        }
        synchronized (remembered) {
            if (verdict.camera().isPresent() || verdict.viewer().isPresent()) {
                remembered.put(key.id(), new Remembered(key.secretSha256(), verdict, clock.instant()));
            } else {
                remembered.remove(key.id()); // revoked, or never valid: not to be answered from memory
            }
        }
        return verdict;
    }

    private Optional<Verdict> recalled(AccessKey key) {
        Remembered r;
        synchronized (remembered) {
            r = remembered.get(key.id());
        }
        if (r == null
                || !MessageDigest.isEqual(r.secretSha256(), key.secretSha256())
                || !clock.instant().isBefore(r.checkedAt().plus(grace))) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(r.verdict().camera(), r.verdict().viewer(), true));
    }
}
