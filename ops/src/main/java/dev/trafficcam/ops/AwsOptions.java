package dev.trafficcam.ops;

import dev.trafficcam.model.functions.FunctionEnvironment;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command's AWS calls go: the region, and the local stack's endpoint overrides. Each falls back on the variable
 * the AWS SDKs read ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL}).
 */
final class AwsOptions {
    private final FunctionEnvironment env = FunctionEnvironment.ofProcess();

    @Option(names = "--region", paramLabel = "REGION", description = "default: AWS_REGION, else eu-west-1")
    String region;

    @Option(names = "--lambda-endpoint", paramLabel = "URL", description = "default: AWS_ENDPOINT_URL_LAMBDA, if set")
    URI lambdaEndpoint;

    String region() {
        return region != null ? region : env.region("eu-west-1");
    }

    Optional<URI> lambdaEndpoint() {
        return endpoint(lambdaEndpoint, "LAMBDA");
    }

    /** The option's endpoint, else the environment's for that service. */
    Optional<URI> endpoint(URI option, String service) {
        return Optional.ofNullable(option).or(() -> env.endpoint(service));
    }
}
