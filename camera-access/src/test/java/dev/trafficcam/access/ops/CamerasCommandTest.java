package dev.trafficcam.access.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The cameras command's arguments and where it signs. Its calls against a running stack (the routes, the usage keys)
 * are tested end to end in local-stack's LocalStackEndToEndTest.
 */
class CamerasCommandTest {
    private static final String API = "http://127.0.0.1:9";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badArgumentsExitWith2AndSayWhy() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("add", "only", "two")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs ADDRESS CITY COUNTRY");
        assertThat(run("add", "a/b", "Leuven", "Belgium", "--api", API)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("path separator");
        assertThat(run("list", "--api", "ftp://example")).isEqualTo(2);
        assertThat(run("launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'launch'");
    }

    @Test
    void theViewersCommandSharesTheArgumentsAndExitCodes() {
        ViewersCommand viewers = new ViewersCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(viewers.run(new String[] {"add"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("viewers: add needs one NAME", "usage: viewers add NAME");
        assertThat(viewers.run(new String[] {"list", "--api"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--api needs a URL");
        // nothing listens on the discard port: unreachable is 1, with the API named
        assertThat(viewers.run(new String[] {"add", "ana@example.org", "--api=" + API}))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("viewers: cannot reach " + API);
    }

    @Test
    void onlyLoopbackGoesUnsignedAndTheRegionComesFromTheExecuteApiHost() {
        assertThat(CameraAdminClient.loopback(URI.create("http://127.0.0.1:8080/admin/cameras")))
                .isTrue();
        assertThat(CameraAdminClient.loopback(URI.create("http://[::1]:8080/admin/cameras")))
                .isTrue();
        assertThat(CameraAdminClient.loopback(
                        URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/admin/cameras")))
                .isFalse();
        assertThat(CameraAdminClient.region(
                        URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/admin/cameras")))
                .isEqualTo("eu-west-1");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new CamerasCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }
}
