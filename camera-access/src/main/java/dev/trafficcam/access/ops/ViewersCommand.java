package dev.trafficcam.access.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Ops' viewer commands, against a running stack's API as {@link CamerasCommand}'s: the keys people and BI tools read
 * the counts with (the dashboard, the read API).
 *
 * <pre>
 * viewers add NAME [--api URL]      a viewer's first key, alone on the last line
 * viewers list [--api URL]          viewers with a live key, last seen
 * viewers rotate NAME [--api URL]   a new key (last line), the old one revoked
 * viewers revoke NAME [--api URL]   the key stops working within the authorizer's cache time
 * </pre>
 *
 * Exit codes: 0 done, 1 refused or failed (the problem's detail on stderr), 2 bad arguments.
 */
public final class ViewersCommand extends OpsCommand {
    private static final String USAGE = """
            usage: viewers add NAME [--api URL]
                   viewers list [--api URL]
                   viewers rotate NAME [--api URL]
                   viewers revoke NAME [--api URL]
            NAME is a login or an e-mail address in lower case. --api is the stack's API: the ApiBaseUrl
            output in AWS (calls are signed with your AWS credentials), default\s""" + CamerasCommand.DEFAULT_API;

    public ViewersCommand(PrintStream out, PrintStream err) {
        super("viewers", USAGE, out, err);
    }

    public static void main(String[] args) {
        System.exit(new ViewersCommand(System.out, System.err).run(args));
    }

    @Override
    int run(String command, List<String> words, CameraAdminClient client) throws IOException, InterruptedException {
        return switch (command) {
            case "list" -> words.isEmpty() ? list(client) : usage("list takes no viewer");
            case "add", "rotate", "revoke" ->
                words.size() == 1
                        ? change(command, client, words.getFirst())
                        : usage(command + " needs one NAME, got " + words.size() + " word(s)");
            default -> usage("unknown command '" + command + "'");
        };
    }

    private int list(CameraAdminClient client) throws IOException, InterruptedException {
        JsonNode answer = client.listViewers();
        out.printf("%-40s %-36s %-27s %s%n", "VIEWER", "KEY ID", "KEY CREATED", "LAST SEEN");
        for (JsonNode v : answer.path("viewers")) {
            out.printf(
                    "%-40s %-36s %-27s %s%n",
                    v.path("viewer").asText(),
                    v.path("keyId").asText(),
                    v.path("keyCreatedAt").asText("-"),
                    v.path("lastSeenAt").asText("never"));
        }
        return 0;
    }

    private int change(String command, CameraAdminClient client, String viewer)
            throws IOException, InterruptedException {
        JsonNode answer = switch (command) {
            case "add" -> client.addViewer(viewer);
            case "rotate" -> client.rotateViewer(viewer);
            default -> client.revokeViewer(viewer);
        };
        if (command.equals("revoke")) {
            out.println(
                    "revoked key " + answer.path("revokedKeyId").asText() + " of " + viewer + "; it is refused within "
                            + answer.path("refusedWithinSeconds").asText() + " s (the authorizer's cache)");
            return 0;
        }
        out.println((command.equals("add") ? "added " : "rotated the key of ") + viewer);
        out.println(
                "key id " + answer.path("keyId").asText() + "; the key is shown this once. The dashboard asks for it;"
                        + " API clients send it as 'Authorization: Bearer <key>':");
        out.println(answer.path("key").asText());
        return 0;
    }
}
