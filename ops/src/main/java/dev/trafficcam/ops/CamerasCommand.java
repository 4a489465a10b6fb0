package dev.trafficcam.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import java.time.LocalDateTime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cameras and their keys, against a running stack's operators' routes ({@link CameraAdminClient}). A camera is
 * named as its frames' file names name it: ADDRESS CITY COUNTRY (quote a part with spaces).
 */
@Command(name = "cameras", description = "Add, list, rotate and revoke the cameras' keys; erase a camera's images.")
final class CamerasCommand extends KeysCommand {
    private static final String CAMERA = "ADDRESS CITY COUNTRY";
    private static final String HOW_TO_USE = "The camera sends it as 'Authorization: Bearer <key>'";

    @Command(name = "add", description = "Registers a camera and prints its key, alone on the last line.")
    int add(
            @Parameters(paramLabel = CAMERA, arity = "0..*") List<String> words,
            @Option(
                            names = "--time-zone",
                            paramLabel = "ZONE",
                            description = "the camera's IANA time zone, in which its file names give the time, e.g."
                                    + " Europe/Brussels (default: the deployment's, CDK context timeZone)")
                    String timeZone,
            @Mixin ApiOption api) {
        Camera camera = camera("add", words);
        JsonNode answer = call("add", api, client -> client.add(camera, timeZone));
        return issued("add", answer, where(answer), HOW_TO_USE);
    }

    @Command(name = "rotate", description = "Issues a new key (the last line) and revokes the old one.")
    int rotate(@Parameters(paramLabel = CAMERA, arity = "0..*") List<String> words, @Mixin ApiOption api) {
        Camera camera = camera("rotate", words);
        JsonNode answer = call("rotate", api, client -> client.rotate(camera));
        return issued("rotate", answer, where(answer), HOW_TO_USE);
    }

    @Command(name = "revoke", description = "Revokes the camera's key: refused within the authorizer's cache time.")
    int revoke(@Parameters(paramLabel = CAMERA, arity = "0..*") List<String> words, @Mixin ApiOption api) {
        Camera camera = camera("revoke", words);
        JsonNode answer = call("revoke", api, client -> client.revoke(camera));
        return revoked(answer, where(answer));
    }

    @Command(
            name = "zone",
            description =
                    "Sets where the camera counts: polygons in image coordinates from 0 to 1 (x right, y down);"
                            + " a detection counts when the bottom-centre of its box is in one. --clear counts the whole frame.")
    int zone(
            @Parameters(paramLabel = CAMERA, arity = "0..*") List<String> words,
            @Option(
                            names = "--polygon",
                            paramLabel = "\"x,y x,y x,y ...\"",
                            description = "a zone, its points in order around it; repeat for more zones")
                    List<String> polygons,
            @Option(names = "--clear", description = "remove the zones: the whole frame counts") boolean clear,
            @Mixin ApiOption api) {
        Camera camera = camera("zone", words);
        if (clear == (polygons != null && !polygons.isEmpty())) {
            throw bad("zone", "give --polygon \"x,y x,y x,y\" (one or more) or --clear, not both or neither");
        }
        List<String> zones = clear ? List.of() : polygons;
        JsonNode answer = call("zone", api, client -> client.zones(camera, zones));
        out().println(
                        answer.path("countingZones").isNull()
                                ? where(answer) + ": the whole frame counts"
                                : where(answer) + ": counts in "
                                        + answer.path("countingZones").asText());
        if (!answer.path("authorizerCacheFlushed").asBoolean(true)) {
            out().println("the authorizer's cache was not flushed ("
                    + answer.path("flushProblem").asText()
                    + "): the zones apply to the camera's frames within the hour");
        }
        return 0;
    }

    /** Calls of one erasure at most: a call erases hundreds of frames a second for 20 s. */
    static final int MAX_ERASURE_CALLS = 10_000;

    @Command(
            name = "erase",
            description = "Deletes the camera's images captured in [--from, --to) (camera local time), and with"
                    + " --detections its detection rows too; counts stay. Repeats until done; safe to run again.")
    int erase(
            @Parameters(paramLabel = CAMERA, arity = "0..*") List<String> words,
            @Option(names = "--from", required = true, paramLabel = "T", description = "e.g. 2026-11-01T00:00")
                    String from,
            @Option(names = "--to", required = true, paramLabel = "T", description = "exclusive, e.g. 2026-11-08T00:00")
                    String to,
            @Option(names = "--detections", description = "also delete the detections (where people were)")
                    boolean detections,
            @Mixin ApiOption api) {
        Camera camera = camera("erase", words);
        LocalDateTime start = time("erase", "--from", from);
        LocalDateTime end = time("erase", "--to", to);
        if (!start.isBefore(end)) {
            throw bad("erase", "--from " + from + " must be before --to " + to);
        }
        long frames = 0;
        long objects = 0;
        long detectionRows = 0;
        for (int calls = 1; calls <= MAX_ERASURE_CALLS; calls++) {
            JsonNode answer = call("erase", api, client -> client.erase(camera, start, end, detections));
            frames += answer.path("erasedFrames").asLong();
            objects += answer.path("deletedObjects").asLong();
            detectionRows += answer.path("deletedDetections").asLong();
            if (answer.path("finished").asBoolean()) {
                out().println("erased " + camera.address() + ", " + camera.city() + ", " + camera.country()
                        + ", captured " + start + " to " + end + ": " + frames + " frame(s)' images, " + objects
                        + " object(s), " + detectionRows + " detection row(s); counts kept");
                return 0;
            }
            out().println("erasing: " + frames + " frame(s) so far, going on");
        }
        throw new IllegalStateException(
                "the erasure did not finish in " + MAX_ERASURE_CALLS + " calls; run the same command again to go on");
    }

    private LocalDateTime time(String command, String option, String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw bad(
                    command,
                    option + " must be a capture time such as 2026-11-01T00:00 (camera local time), got '" + text
                            + "'");
        }
    }

    @Command(name = "list", description = "The cameras, their key ids and when each was last seen.")
    int list(@Mixin ApiOption api) {
        JsonNode answer = call("list", api, CameraAdminClient::list);
        String row = "%-32s %-16s %-12s %-20s %-36s %-27s %s%n";
        out().printf(row, "ADDRESS", "CITY", "COUNTRY", "TIME ZONE", "KEY ID", "KEY CREATED", "LAST SEEN");
        for (JsonNode c : answer.path("cameras")) {
            out().printf(
                            row,
                            c.path("address").asText(),
                            c.path("city").asText(),
                            c.path("country").asText(),
                            c.path("timeZone").asText("-"),
                            c.path("keyId").asText("(revoked)"),
                            c.path("keyCreatedAt").asText("-"),
                            c.path("lastSeenAt").asText("never"));
        }
        return 0;
    }

    private Camera camera(String command, List<String> words) {
        if (words == null || words.size() != 3) {
            throw bad(
                    command,
                    command + " needs " + CAMERA + " (quote a part with spaces), got "
                            + (words == null ? 0 : words.size()) + " word(s)");
        }
        try {
            return FrameName.camera(words.get(0), words.get(1), words.get(2));
        } catch (InvalidFrameNameException e) {
            throw bad(command, e.getMessage());
        }
    }

    private static String where(JsonNode answer) {
        return answer.path("address").asText() + ", " + answer.path("city").asText() + ", "
                + answer.path("country").asText();
    }
}
