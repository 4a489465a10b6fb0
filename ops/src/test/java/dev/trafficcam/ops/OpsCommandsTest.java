package dev.trafficcam.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operators' commands' arguments, help and exit codes, and where the key commands sign. Their calls against a
 * running stack (the routes, the usage keys, the replay, the post-deploy check) are tested end to end in
 * local-pipeline's LocalPipelineEndToEndTest.
 */
class OpsCommandsTest {
    /** Nothing listens on the discard port. */
    private static final String API = "http://127.0.0.1:9";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cameras",
                "cameras add",
                "cameras list",
                "cameras erase",
                "viewers",
                "viewers revoke",
                "replay",
                "post-deploy-check",
                "evaluate"
            })
    void everyCommandAnswersHelpWithItsUsageAndExit0(String command) {
        assertThat(run(append(command.split(" "), "--help"))).isEqualTo(0);
        assertThat(stdout()).contains("Usage: ./run-local " + command);
        assertThat(stderr()).isEmpty();
    }

    @Test
    void theTopLevelListsTheCommandsAndTellsItsVersion() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(stdout()).contains("cameras", "viewers", "replay", "post-deploy-check", "evaluate");
        assertThat(run("--version")).isEqualTo(0);
        // the version is the build's, filtered into the jar's resources
        assertThat(stdout()).matches("(?s)traffic-camera ops \\d+\\.\\d+\\.\\d+.*");
        assertThat(run("cameras", "--version")).isEqualTo(0);
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("name a command");
    }

    @Test
    void badArgumentsExitWith2AndSayWhy() {
        assertThat(run("cameras")).isEqualTo(2);
        assertThat(run("cameras", "add", "only", "two")).isEqualTo(2);
        assertThat(stderr()).contains("cameras: add needs ADDRESS CITY COUNTRY", "Usage: ./run-local cameras add");
        assertThat(run("cameras", "add", "a/b", "Leuven", "Belgium", "--api", API))
                .isEqualTo(2);
        assertThat(stderr()).contains("path separator");
        assertThat(run("cameras", "list", "--api", "ftp://example")).isEqualTo(2);
        assertThat(stderr()).contains("--api must be an http(s) URL");
        assertThat(run("cameras", "erase", "a", "Leuven", "Belgium", "--from", "yesterday", "--to", "2026-11-02T00:00"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--from must be a capture time such as 2026-11-01T00:00");
        assertThat(run(
                        "cameras",
                        "erase",
                        "a",
                        "Leuven",
                        "Belgium",
                        "--from",
                        "2026-11-02T00:00",
                        "--to",
                        "2026-11-01T00:00",
                        "--api",
                        API))
                .isEqualTo(2);
        assertThat(stderr()).contains("--from 2026-11-02T00:00 must be before --to 2026-11-01T00:00");
        assertThat(run("cameras", "erase", "a", "Leuven", "--from", "2026-11-01T00:00", "--to", "2026-11-02T00:00"))
                .isEqualTo(2);
        assertThat(stderr()).contains("erase needs ADDRESS CITY COUNTRY");
        assertThat(run("cameras", "launch")).isEqualTo(2);
        assertThat(stderr()).contains("cameras: unknown command 'launch'");
        assertThat(run("launch")).isEqualTo(2);
        assertThat(stderr()).contains("unknown command 'launch'");
    }

    @Test
    void theViewersCommandSharesTheArgumentsAndExitCodes() {
        assertThat(run("viewers", "add")).isEqualTo(2);
        assertThat(stderr()).contains("viewers: add needs one NAME", "Usage: ./run-local viewers add");
        assertThat(run("viewers", "add", "ana@example.org", "--cameras", "tiensevest Leuven Belgium", "--api=" + API))
                .isEqualTo(2);
        assertThat(stderr()).contains("--cameras takes ADDRESS/CITY/COUNTRY, got 'tiensevest Leuven Belgium'");
        assertThat(run("viewers", "list", "--api")).isEqualTo(2);
        assertThat(stderr()).contains("--api");
        // nothing listens on the discard port: unreachable is 1, with the API named and no stack trace
        assertThat(run("viewers", "add", "ana@example.org", "--api=" + API)).isEqualTo(1);
        assertThat(stderr()).contains("viewers: cannot reach " + API).doesNotContain("\tat ");
    }

    @Test
    void replayAndThePostDeployCheckRefuseMissingOrMalformedValues() {
        assertThat(run("replay", "--queue-url")).isEqualTo(2);
        assertThat(stderr()).contains("replay: ", "--queue-url").doesNotContain("Index 1 out of bounds");
        assertThat(run("replay", "--queue-url", API, "--function-name", "f", "--max", "0"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--max must be at least 1");
        assertThat(run("replay", "--queue-url", API, "--function-name", "f", "--max", "many"))
                .isEqualTo(2);
        assertThat(stderr()).contains("'many'");
        String[] check = {"post-deploy-check", "--api-url", API, "--lookup-function", "f", "--bucket", "b"};
        // the key comes from the environment only, never the command line
        assertThat(run(append(check, "--camera-key", "k"))).isEqualTo(2);
        assertThat(stderr()).contains("Unknown options: '--camera-key'");
        assertThat(run(check)).isEqualTo(2);
        assertThat(stderr()).contains("TRAFFICCAM_CAMERA_KEY is not set");
        System.setProperty(PostDeployCheckCommand.CAMERA_KEY, "tcam_k");
        try {
            assertThat(run(append(check, "--timeout", "abc"))).isEqualTo(2);
            assertThat(stderr()).contains("'abc'").doesNotContain("\tat ");
            assertThat(run(append(check, "--frame", "no/such/frame.jpg"))).isEqualTo(2);
            assertThat(stderr()).contains("cannot read the frame");
        } finally {
            System.clearProperty(PostDeployCheckCommand.CAMERA_KEY);
        }
        assertThat(run("post-deploy-check", "--api-url", API)).isEqualTo(2);
        assertThat(stderr()).contains("Missing required option");
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
        return Ops.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
