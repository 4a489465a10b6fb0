package dev.trafficcam.model.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** An S3 API on 127.0.0.1 (s3proxy, in-memory store) with SigV4 authentication, for tests. */
public final class LocalS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access";
    public static final String SECRET_KEY = "local-secret";
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private final S3Proxy proxy;

    public LocalS3() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** An SDK client for this store, configured as the functions configure theirs. */
    public S3Client client() {
        return S3Client.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
