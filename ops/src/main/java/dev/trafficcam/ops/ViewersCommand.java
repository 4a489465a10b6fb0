package dev.trafficcam.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The viewers and their keys: the people and tools that read the counts (the dashboard, the read API, a BI tool). A
 * viewer is a login or an e-mail address in lower case.
 */
@Command(name = "viewers", description = "Add, list, rotate and revoke the viewers' keys.")
final class ViewersCommand extends KeysCommand {
    private static final String HOW_TO_USE =
            "The dashboard asks for it; API clients send it as 'Authorization: Bearer <key>'";

    @Command(
            name = "add",
            description = "A viewer's first key, alone on the last line: for every camera and their images, or as"
                    + " --cameras and --counts-only limit it (a rotation keeps that).")
    int add(
            @Parameters(paramLabel = "NAME", arity = "0..*") List<String> words,
            @Option(
                            names = "--cameras",
                            split = ";",
                            paramLabel = "ADDRESS/CITY/COUNTRY",
                            description =
                                    "only these cameras, e.g. \"tiensevest/Leuven/Belgium;Oude Markt/Leuven/Belgium\"")
                    List<String> cameras,
            @Option(names = "--counts-only", description = "counts only: no frames, no images") boolean countsOnly,
            @Mixin ApiOption api) {
        String viewer = viewer("add", words);
        List<Camera> limited = new ArrayList<>();
        for (String c : cameras == null ? List.<String>of() : cameras) {
            String[] parts = c.split("/", -1);
            if (parts.length != 3) {
                throw bad("add", "--cameras takes ADDRESS/CITY/COUNTRY, got '" + c + "'");
            }
            try {
                limited.add(FrameName.camera(parts[0].strip(), parts[1].strip(), parts[2].strip()));
            } catch (InvalidFrameNameException e) {
                throw bad("add", "--cameras '" + c + "': " + e.getMessage());
            }
        }
        JsonNode answer = call("add", api, client -> client.addViewer(viewer, limited, !countsOnly));
        out().println("the key reads " + scope(answer));
        return issued("add", answer, viewer, HOW_TO_USE);
    }

    /** What a key reads, as the operators' routes answer it. */
    private static String scope(JsonNode entry) {
        JsonNode cameras = entry.path("cameras");
        String which = cameras.isArray() ? "cameras " + cameras : "every camera";
        return which + (entry.path("images").asBoolean(true) ? ", images included" : ", counts only");
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
        String row = "%-40s %-36s %-27s %-27s %s%n";
        out().printf(row, "VIEWER", "KEY ID", "KEY CREATED", "LAST SEEN", "READS");
        for (JsonNode v : answer.path("viewers")) {
            out().printf(
                            row,
                            v.path("viewer").asText(),
                            v.path("keyId").asText(),
                            v.path("keyCreatedAt").asText("-"),
                            v.path("lastSeenAt").asText("never"),
                            scope(v));
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
