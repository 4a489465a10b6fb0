package dev.trafficcam.inference.handoff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * S3's {@code PutObject}, the only S3 call this function makes (claim checks, which few frames need), without the S3
 * client: the SDK's S3 module is 3.5 MB of the function's jar, more than the jar's whole margin under its size bound
 * (docs/PERFORMANCE.md). What stays the SDK's: the SigV4 signer ({@link AwsV4HttpSigner}, the one the S3 client uses),
 * the credentials chain, the HTTP client and the standard retry strategy with AWS's retry conditions, so a 500, 503
 * {@code SlowDown}, a throttle or an I/O failure is retried as the S3 client would.
 *
 * <p>The request follows the S3 API reference for PutObject: a {@code PUT} of the bytes with {@code Content-Type} and
 * {@code Content-Length}, the payload signed ({@code x-amz-content-sha256} is its SHA-256; the signer adds it), the key
 * path-encoded once and not normalised: SigV4's canonical request encodes each path segment twice and normalises the
 * path, but for S3 the path is encoded once and not normalised (S3 API reference, "Signature Calculations for the
 * Authorization Header", task 1: create a canonical request), so {@code DOUBLE_URL_ENCODE} and {@code NORMALIZE_PATH}
 * are off, as the SDKs' S3 auth schemes set them ({@code disableDoubleEncoding}, {@code disableNormalizePath}). In AWS
 * the bucket is addressed virtual-hosted style, {@code https://BUCKET.s3.REGION.DNS_SUFFIX/KEY} (S3 user guide,
 * "Virtual hosting of general purpose buckets"; the suffix is the partition's, {@code amazonaws.com.cn} in China);
 * against an endpoint override (the local stack's s3proxy, which has no per-bucket host names) path style,
 * {@code ENDPOINT/BUCKET/KEY}.
 */
public final class S3ObjectPut {
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Optional<URI> endpointOverride;
    private final RetryStrategy retries;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public S3ObjectPut(
            SdkHttpClient http,
            AwsCredentialsProvider credentials,
            String region,
            Optional<URI> endpointOverride,
            int maxAttempts) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpointOverride = endpointOverride;
        this.retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .build();
    }

    /**
     * Stores the bytes under the key; throws an {@link software.amazon.awssdk.core.exception.SdkException} when S3 did
     * not take them.
     */
    public void put(String bucket, String key, String contentType, byte[] bytes) {
        RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create("s3:" + bucket))
                .token();
        while (true) {
            try {
                attempt(bucket, key, contentType, bytes);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return;
            } catch (RuntimeException failure) {
                Duration delay;
                try {
                    var refreshed = retries.refreshRetryToken(RefreshRetryTokenRequest.builder()
                            .token(token)
                            .failure(failure)
                            .build());
                    token = refreshed.token();
                    delay = refreshed.delay();
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw failure;
                }
                sleep(delay, failure);
            }
        }
    }

    /** The address of an object: virtual-hosted style in AWS, path style against an override. */
    URI objectUri(String bucket, String key) {
        String path = "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        if (endpointOverride.isPresent()) {
            String base = endpointOverride.get().toString().replaceAll("/+$", "");
            return URI.create(base + "/" + SdkHttpUtils.urlEncode(bucket) + path);
        }
        RegionMetadata metadata = Region.of(region).metadata();
        String dnsSuffix =
                metadata == null ? "amazonaws.com" : metadata.partition().dnsSuffix();
        return URI.create("https://" + bucket + ".s3." + region + "." + dnsSuffix + path);
    }

    private void attempt(String bucket, String key, String contentType, byte[] bytes) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(objectUri(bucket, key))
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        ContentStreamProvider body = ContentStreamProvider.fromByteArrayUnsafe(bytes);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(body)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false));
        HttpExecuteResponse response;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                            .request(signed.request())
                            .contentStreamProvider(signed.payload().orElse(body))
                            .build())
                    .call();
        } catch (IOException e) {
            // the SDK's retry conditions retry an exception whose cause is an IOException
            throw SdkClientException.builder()
                    .message("PutObject s3://" + bucket + "/" + key + " failed: " + e.getMessage())
                    .cause(e)
                    .build();
        }
        String answer = drain(response);
        int status = response.httpResponse().statusCode();
        if (status / 100 != 2) {
            String code = first(ERROR_CODE, answer).orElse(status == 503 ? "ServiceUnavailable" : "HTTP" + status);
            String message = first(ERROR_MESSAGE, answer)
                    .orElse(response.httpResponse().statusText().orElse(""));
            throw AwsServiceException.builder()
                    .statusCode(status)
                    .requestId(response.httpResponse()
                            .firstMatchingHeader("x-amz-request-id")
                            .orElse(null))
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .serviceName("S3")
                            .errorCode(code)
                            .errorMessage(message)
                            .build())
                    .message("PutObject s3://" + bucket + "/" + key + ": HTTP " + status + " " + code + ": " + message)
                    .build();
        }
    }

    private static String drain(HttpExecuteResponse response) {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            // an error document is a few hundred bytes; a success has no body
            return new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static void sleep(Duration delay, RuntimeException failure) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
