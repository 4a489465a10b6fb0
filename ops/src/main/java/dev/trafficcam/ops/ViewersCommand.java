package dev.trafficcam.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The viewers and their keys: the people and tools that read the counts (the dashboard, the read API, a BI tool). A
 * viewer is a login or an e-mail address in lower case.
 */
@Command(name = "viewers", description = "Add, list, rotate and revoke the viewers' keys.")
final class ViewersCommand extends KeysCommand {
    private static final String HOW_TO_USE =
            "The dashboard asks for it; API clients send it as 'Authorization: Bearer <key>'";

    @Command(name = "add", description = "A viewer's first key, alone on the last line.")
    int add(@Parameters(paramLabel = "NAME", arity = "0..*") List<String> words, @Mixin ApiOption api) {
        String viewer = viewer("add", words);
        return issued("add", call("add", api, client -> client.addViewer(viewer)), viewer, HOW_TO_USE);
    }

    @Command(name = "rotate", description = "A new key (the last line); the old one revoked.")
    int rotate(@Parameters(paramLabel = "NAME", arity = "0..*") List<String> words, @Mixin ApiOption api) {
        String viewer = viewer("rotate", words);
        return issued("rotate", call("rotate", api, client -> client.rotateViewer(viewer)), viewer, HOW_TO_USE);
    }

    @Command(name = "revoke", description = "Revokes the viewer's key: refused within the authorizer's cache time.")
    int revoke(@Parameters(paramLabel = "NAME", arity = "0..*") List<String> words, @Mixin ApiOption api) {
        String viewer = viewer("revoke", words);
        return revoked(call("revoke", api, client -> client.revokeViewer(viewer)), viewer);
    }

    @Command(name = "list", description = "The viewers with a live key, and when each was last seen.")
    int list(@Mixin ApiOption api) {
        JsonNode answer = call("list", api, CameraAdminClient::listViewers);
        String row = "%-40s %-36s %-27s %s%n";
        out().printf(row, "VIEWER", "KEY ID", "KEY CREATED", "LAST SEEN");
        for (JsonNode v : answer.path("viewers")) {
            out().printf(
                            row,
                            v.path("viewer").asText(),
                            v.path("keyId").asText(),
                            v.path("keyCreatedAt").asText("-"),
                            v.path("lastSeenAt").asText("never"));
        }
        return 0;
    }

    private String viewer(String command, List<String> words) {
        if (words == null || words.size() != 1) {
            throw bad(command, command + " needs one NAME, got " + (words == null ? 0 : words.size()) + " word(s)");
        }
        return words.getFirst();
    }
}
