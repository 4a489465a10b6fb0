package dev.trafficcam.ops;

import java.io.IOException;
import picocli.CommandLine.Option;

/** {@code --api URL}, the stack whose operators' routes a command calls, and the client for it. */
final class ApiOption {
    static final String LOCAL_API = "http://127.0.0.1:8080";

    @Option(
            names = "--api",
            paramLabel = "URL",
            defaultValue = LOCAL_API,
            description = "the stack's API: the ApiBaseUrl output in AWS (calls are signed with your AWS credentials);"
                    + " default: ${DEFAULT-VALUE}, the local stack")
    String api;

    /** @throws IllegalArgumentException if the URL is not an http(s) one (bad arguments, exit 2) */
    CameraAdminClient client() {
        return new CameraAdminClient(api);
    }

    /** A call that could not reach the API, said with the API it tried. */
    IllegalStateException unreachable(IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new IllegalStateException("cannot reach " + api + ": " + why, e);
    }
}
