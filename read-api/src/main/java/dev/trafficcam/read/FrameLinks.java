package dev.trafficcam.read;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Time-limited links to a frame's images: S3 presigned GET URLs (SigV4 in the query string), so that a browser loads
 * the image straight from S3 and the bucket stays private. A link is good for {@link #LIFETIME}, or until the
 * credentials that signed it expire, whichever is first: in Lambda those are the function role's session credentials
 * (S3 user guide, "Download and upload objects with presigned URLs": a URL signed with IAM role credentials expires
 * with the role session, even if it was given a later expiry), so a link may die early when the environment's session
 * is renewed; the page asks again then.
 */
public final class FrameLinks implements AutoCloseable {
    /** How long a link is good: long enough to look at a page of frames, short enough that a leaked link soon dies. */
    public static final Duration LIFETIME = Duration.ofMinutes(15);

    private final S3Presigner presigner;
    private final String bucket;

    /**
     * @param endpoint the S3 endpoint override (the local stack's {@code AWS_ENDPOINT_URL_S3}: then path-style
     *     addressing, as s3proxy needs), or empty for S3 itself
     */
    public FrameLinks(String region, String bucket, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(endpoint.isPresent())
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        this.presigner = builder.build();
        this.bucket = bucket;
    }

    /** A link to the object under {@code key}, or null for no key. */
    public String link(String key) {
        if (key == null) {
            return null;
        }
        return presigner
                .presignGetObject(p -> p.signatureDuration(LIFETIME)
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url()
                .toString();
    }

    /**
     * Where the links point, {@code scheme://host[:port]}: the bucket's virtual-hosted name in AWS, the S3 stand-in
     * locally; the dashboard's content security policy lets images come from there.
     */
    public String origin() {
        java.net.URL url = presigner
                .presignGetObject(p -> p.signatureDuration(LIFETIME)
                        .getObjectRequest(g -> g.bucket(bucket).key("origin")))
                .url();
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    @Override
    public void close() {
        presigner.close();
    }
}
