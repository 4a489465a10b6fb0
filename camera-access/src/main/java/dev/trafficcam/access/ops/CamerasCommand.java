package dev.trafficcam.access.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Ops' camera commands, against a running stack's API ({@link CameraAdminClient}: in AWS the stack's {@code ApiBaseUrl}
 * output, signed with your AWS credentials; locally {@code http://127.0.0.1:8080}):
 *
 * <pre>
 * cameras add ADDRESS CITY COUNTRY [--api URL]     registers a camera; its key alone on the last line
 * cameras list [--api URL]                         cameras, their key ids, last seen
 * cameras revoke ADDRESS CITY COUNTRY [--api URL]  the key stops working within the authorizer's cache time
 * cameras rotate ADDRESS CITY COUNTRY [--api URL]  a new key (last line), the old one revoked
 * </pre>
 *
 * Exit codes: 0 done, 1 refused or failed (the problem's detail on stderr), 2 bad arguments.
 */
public final class CamerasCommand extends OpsCommand {
    public static final String DEFAULT_API = "http://127.0.0.1:8080";
    private static final String USAGE = """
            usage: cameras add ADDRESS CITY COUNTRY [--api URL]
                   cameras list [--api URL]
                   cameras revoke ADDRESS CITY COUNTRY [--api URL]
                   cameras rotate ADDRESS CITY COUNTRY [--api URL]
            --api is the stack's API: the ApiBaseUrl output in AWS (calls are signed with your AWS
            credentials), default\s""" + DEFAULT_API;

    public CamerasCommand(PrintStream out, PrintStream err) {
        super("cameras", USAGE, out, err);
    }

    public static void main(String[] args) {
        System.exit(new CamerasCommand(System.out, System.err).run(args));
    }

    @Override
    int run(String command, List<String> words, CameraAdminClient client) throws IOException, InterruptedException {
        try {
            return switch (command) {
                case "list" -> words.isEmpty() ? list(client) : usage("list takes no camera");
                case "add", "rotate", "revoke" ->
                    words.size() == 3
                            ? change(command, client, camera(words))
                            : usage(command + " needs ADDRESS CITY COUNTRY (quote a part with spaces), got "
                                    + words.size() + " word(s)");
                default -> usage("unknown command '" + command + "'");
            };
        } catch (InvalidFrameNameException e) {
            return usage(e.getMessage());
        }
    }

    private static Camera camera(List<String> words) throws InvalidFrameNameException {
        return FrameName.camera(words.get(0), words.get(1), words.get(2));
    }

    private int list(CameraAdminClient client) throws IOException, InterruptedException {
        JsonNode answer = client.list();
        out.printf(
                "%-32s %-16s %-12s %-36s %-27s %s%n",
                "ADDRESS", "CITY", "COUNTRY", "KEY ID", "KEY CREATED", "LAST SEEN");
        for (JsonNode c : answer.path("cameras")) {
            out.printf(
                    "%-32s %-16s %-12s %-36s %-27s %s%n",
                    c.path("address").asText(),
                    c.path("city").asText(),
                    c.path("country").asText(),
                    c.path("keyId").asText("(revoked)"),
                    c.path("keyCreatedAt").asText("-"),
                    c.path("lastSeenAt").asText("never"));
        }
        return 0;
    }

    private int change(String command, CameraAdminClient client, Camera camera)
            throws IOException, InterruptedException {
        JsonNode answer = switch (command) {
            case "add" -> client.add(camera);
            case "rotate" -> client.rotate(camera);
            default -> client.revoke(camera);
        };
        String where = answer.path("address").asText() + ", "
                + answer.path("city").asText() + ", " + answer.path("country").asText();
        if (command.equals("revoke")) {
            out.println(
                    "revoked key " + answer.path("revokedKeyId").asText() + " of " + where + "; it is refused within "
                            + answer.path("refusedWithinSeconds").asText() + " s (the authorizer's cache)");
            return 0;
        }
        out.println((command.equals("add") ? "added " : "rotated the key of ") + where);
        out.println("key id " + answer.path("keyId").asText() + "; the key is shown this once. The camera sends it as "
                + "'Authorization: Bearer <key>':");
        out.println(answer.path("key").asText());
        return 0;
    }
}
