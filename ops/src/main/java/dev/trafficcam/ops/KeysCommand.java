package dev.trafficcam.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the cameras and viewers commands share: the operators' routes' client, its errors, and how an issued or revoked
 * key is told. Each subcommand (add, list, rotate, revoke) is a method of the command.
 */
abstract class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** One call to the operators' routes. */
    interface AdminCall {
        JsonNode call(CameraAdminClient client) throws IOException, InterruptedException;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "name a command: "
                        + String.join(", ", spec.commandLine().getSubcommands().keySet()));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Bad arguments to a subcommand: exit 2, with its usage. */
    ParameterException bad(String command, String message) {
        return new ParameterException(spec.commandLine().getSubcommands().get(command), message);
    }

    /** Calls the API; an API that cannot be reached or a URL that is not one is said plainly. */
    JsonNode call(String command, ApiOption api, AdminCall call) {
        CameraAdminClient client;
        try {
            client = api.client();
        } catch (IllegalArgumentException e) {
            throw bad(command, e.getMessage());
        }
        try {
            return call.call(client);
        } catch (IOException e) {
            throw api.unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    int revoked(JsonNode answer, String whose) {
        if (answer.path("authorizerCacheFlushed").asBoolean(false)) {
            out().println("revoked key " + answer.path("revokedKeyId").asText() + " of " + whose
                    + "; it is refused from now on (the authorizer's cache was flushed)");
        } else {
            out().println("revoked key " + answer.path("revokedKeyId").asText() + " of " + whose
                    + "; it is refused within "
                    + answer.path("refusedWithinSeconds").asText()
                    + " s (the authorizer's cache could not be flushed: "
                    + answer.path("flushProblem").asText("unknown") + ")");
        }
        return 0;
    }

    /** A new key: shown this once, alone on the last line, so that a script can take it with {@code tail -1}. */
    int issued(String command, JsonNode answer, String whose, String howToUse) {
        out().println((command.equals("add") ? "added " : "rotated the key of ") + whose);
        out().println("key id " + answer.path("keyId").asText() + "; the key is shown this once. " + howToUse + ":");
        out().println(answer.path("key").asText());
        return 0;
    }
}
