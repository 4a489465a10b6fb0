package dev.trafficcam.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.Migrations;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import dev.trafficcam.model.Camera;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key checks through a database outage, on PostgreSQL: the authorizer signs in as the application user, and the outage
 * is that user's logins refused and its connection dropped, so every query fails as it would against an unreachable
 * Aurora.
 */
class KeyChecksTest {
    private static final Camera LEUVEN = new Camera("tiensevest", "Leuven", "Belgium");
    private static final Camera GHENT = new Camera("Korenmarkt", "Gent", "Belgium");
    private static final Duration GRACE = Duration.ofMinutes(15);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private DatabaseSettings admin;
    private DatabaseSession session;
    private CameraKeys cameras;
    private ViewerKeys viewers;
    private KeyChecks checks;

    @BeforeEach
    void database() {
        admin = EmbeddedDatabase.freshDatabase();
        session = new DatabaseSession(
                new DatabaseConnections(EmbeddedDatabase.signedInAs(admin, "traffic_keys", Migrations::ensureKeyKeeper))
                        .withTimeouts(new DatabaseConnections.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))));
        cameras = new CameraKeys(session, new SecureRandom(), clock);
        viewers = new ViewerKeys(session, new SecureRandom(), clock);
        checks = new KeyChecks(cameras, viewers, GRACE, clock);
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        // roles belong to the whole server, which the other tests of this JVM share
        try (Connection c = new DatabaseConnections(admin).open();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE traffic_keys LOGIN");
        }
    }

    /** The authorizer's user can no longer log in, and its open connection is gone. */
    private void databaseAway() throws Exception {
        try (Connection c = new DatabaseConnections(admin).open();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE traffic_keys NOLOGIN");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'traffic_keys'");
        }
    }

    @Test
    void aKeySeenBeforeAnOutageKeepsItsAnswerForTheGraceAndAnUnseenOneFailsClosed() throws Exception {
        AccessKey leuven = cameras.add(LEUVEN).key();
        AccessKey ghent = cameras.add(GHENT).key(); // valid, but never checked by this environment
        AccessKey viewer = viewers.add("ana@example.org").key();
        assertThat(checks.check(leuven).camera()).map(g -> g.camera()).contains(LEUVEN);
        assertThat(checks.check(leuven).remembered()).isFalse();
        assertThat(checks.check(viewer).viewer()).isPresent();

        databaseAway();

        KeyChecks.Verdict during = checks.check(leuven);
        assertThat(during.remembered()).isTrue();
        assertThat(during.camera()).map(g -> g.camera()).contains(LEUVEN);
        assertThat(checks.check(viewer).viewer()).map(ViewerKeys.Viewer::name).contains("ana@example.org");
        assertThatThrownBy(() -> checks.check(ghent))
                .as("never seen: fails closed")
                .isInstanceOf(RuntimeException.class);
        AccessKey forged = new AccessKey(AccessKey.Kind.CAMERA, leuven.id(), new byte[32]);
        assertThatThrownBy(() -> checks.check(forged))
                .as("its id with another secret")
                .isInstanceOf(RuntimeException.class);

        now.set(now.get().plus(GRACE));
        assertThatThrownBy(() -> checks.check(leuven)).as("after the grace").isInstanceOf(RuntimeException.class);
    }

    @Test
    void aKeyTheDatabaseRefusedIsNotAnsweredFromMemory() throws Exception {
        CameraKeys.Issued issued = cameras.add(LEUVEN);
        assertThat(checks.check(issued.key()).camera()).isPresent();
        cameras.revoke(LEUVEN);
        assertThat(checks.check(issued.key()).camera())
                .as("revoked, and the database says so")
                .isEmpty();

        databaseAway();

        assertThatThrownBy(() -> checks.check(issued.key())).isInstanceOf(RuntimeException.class);
    }
}
