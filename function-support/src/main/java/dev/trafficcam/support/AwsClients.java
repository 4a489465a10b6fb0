package dev.trafficcam.support;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How every function and operator command builds an AWS SDK client: the URL-connection HTTP client (small and quick to
 * start, which is why the functions exclude the Apache and Netty clients), a region, credentials, time-outs that bound
 * each attempt and the whole call, the SDK's standard retry strategy with a bounded number of attempts, and the local
 * stack's endpoint override when there is one. What differs per client (S3's path style, a priming interceptor) is
 * added by the caller through {@link Call#extra}.
 */
public final class AwsClients {
    /** Reaching an AWS endpoint (or a loopback stand-in) takes far less; a longer wait means it is not there. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private AwsClients() {}

    /**
     * What bounds one client's calls.
     *
     * @param attemptTimeout one attempt, also the HTTP socket's read time-out
     * @param callTimeout the whole call, retries included
     * @param maxAttempts attempts in all, the first included (the standard strategy's back-off between them)
     * @param extra more override configuration (interceptors), applied last
     */
    public record Call(
            Duration attemptTimeout,
            Duration callTimeout,
            int maxAttempts,
            Consumer<ClientOverrideConfiguration.Builder> extra) {
        public Call(Duration attemptTimeout, Duration callTimeout, int maxAttempts) {
            this(attemptTimeout, callTimeout, maxAttempts, o -> {});
        }

        public Call with(Consumer<ClientOverrideConfiguration.Builder> more) {
            return new Call(attemptTimeout, callTimeout, maxAttempts, extra.andThen(more));
        }
    }

    /** Configures a service's client builder; the caller adds what is particular to the service and builds it. */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, String region, AwsCredentialsProvider credentials, Optional<URI> endpoint, Call call) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient(call.attemptTimeout()))
                .overrideConfiguration(o -> {
                    o.apiCallTimeout(call.callTimeout())
                            .apiCallAttemptTimeout(call.attemptTimeout())
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                    .maxAttempts(call.maxAttempts())
                                    .build());
                    call.extra().accept(o);
                });
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * The HTTP client of one SDK client: a connection time-out of {@link #CONNECT_TIMEOUT}, the given read time-out.
     */
    public static SdkHttpClient httpClient(Duration socketTimeout) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(socketTimeout)
                .build();
    }
}
