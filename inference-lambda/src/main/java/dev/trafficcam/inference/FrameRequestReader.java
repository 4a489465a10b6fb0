package dev.trafficcam.inference;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.trafficcam.inference.api.ProblemException;
import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.inference.check.ImageSniffer;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.functions.CameraMetrics;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an API Gateway REST proxy event for {@code POST /frames/{fileName}} into a {@link FrameRequest}, or a problem:
 * wrong route or method, missing or unsupported media type, a bad name, a name and media type that disagree, an empty,
 * oversize or non-binary body. Nothing here decodes an image.
 */
public final class FrameRequestReader {
    private static final String FRAMES_PATH = "/frames/";
    private final int maxFrameBytes;

    public FrameRequestReader(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public FrameRequest read(APIGatewayProxyRequestEvent event) {
        String rawName = fileName(event);
        String method = event.getHttpMethod();
        if (method != null && !"POST".equalsIgnoreCase(method)) {
            throw new ProblemException(
                    ProblemType.METHOD_NOT_ALLOWED,
                    method + " is not supported on /frames/{fileName}; send the frame with POST");
        }

        String contentType = header(event, "Content-Type")
                .orElseThrow(() -> new ProblemException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "the request has no Content-Type; send the frame as image/jpeg or image/png"));
        ImageFormat declared = ImageFormat.fromMediaType(contentType)
                .orElseThrow(() -> new ProblemException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "the Content-Type '" + contentType
                                + "' is not accepted; send the frame as image/jpeg or image/png"));

        FrameName name;
        try {
            name = FrameName.parse(rawName);
        } catch (InvalidFrameNameException e) {
            throw new ProblemException(ProblemType.INVALID_FRAME_NAME, e.getMessage());
        }
        CameraGrant grant = allowCamera(event, name);
        if (name.format() != declared) {
            throw new ProblemException(
                    ProblemType.CONTENT_TYPE_MISMATCH,
                    "the file name announces " + name.format().mediaType() + " but the Content-Type is "
                            + declared.mediaType());
        }

        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            throw new ProblemException(
                    ProblemType.EMPTY_BODY, "the request body is empty; it must be the frame's bytes");
        }
        if (!Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            throw new ProblemException(
                    ProblemType.INVALID_BODY,
                    "the frame arrived as text, not binary: the API must "
                            + "declare image/jpeg and image/png as binary media types");
        }
        long size = decodedLength(body);
        if (size > maxFrameBytes) {
            throw new ProblemException(
                    ProblemType.FRAME_TOO_LARGE,
                    "the frame is " + size + " bytes; at most " + maxFrameBytes + " are accepted",
                    Map.of("maxBytes", maxFrameBytes),
                    null);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_BODY, "the body is not valid base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new ProblemException(
                    ProblemType.EMPTY_BODY, "the request body is empty; it must be the frame's bytes");
        }
        Optional<ImageFormat> actual = ImageSniffer.supportedFormat(bytes);
        if (actual.isPresent() && actual.get() != declared) {
            throw new ProblemException(
                    ProblemType.CONTENT_TYPE_MISMATCH,
                    "the Content-Type is " + declared.mediaType() + " but the body is a " + actual.get() + " image");
        }
        return new FrameRequest(name, bytes, grant.zones());
    }

    /**
     * The camera authorizer has checked the key and says whose it is ({@link CameraGrant}); a frame is accepted only
     * under that camera's name. No grant means the method is not behind the authorizer, which is a deployment fault:
     * the frame is refused all the same.
     */
    private static CameraGrant allowCamera(APIGatewayProxyRequestEvent event, FrameName name) {
        Optional<CameraGrant> grant = event.getRequestContext() == null
                ? Optional.empty()
                : CameraGrant.from(event.getRequestContext().getAuthorizer());
        if (grant.isEmpty()) {
            throw new ProblemException(
                    ProblemType.CAMERA_NOT_ALLOWED,
                    "the request carries no camera identity from the " + "API's authorizer, so no camera may send it");
        }
        if (!grant.get().camera().equals(name.camera())) {
            throw new ProblemException(
                    ProblemType.CAMERA_NOT_ALLOWED,
                    "the key " + grant.get().keyId() + " belongs to another " + "camera than '"
                            + CameraMetrics.dimensionValue(name.camera()) + "', which the file name names");
        }
        return grant.get();
    }

    private static String fileName(APIGatewayProxyRequestEvent event) {
        Map<String, String> params = event.getPathParameters();
        if (params != null && params.get("fileName") != null) {
            return params.get("fileName");
        }
        String path = event.getPath();
        if (path != null && path.startsWith(FRAMES_PATH) && path.length() > FRAMES_PATH.length()) {
            return path.substring(FRAMES_PATH.length());
        }
        throw new ProblemException(
                ProblemType.NOT_FOUND,
                "there is nothing at '" + (path == null ? "" : path) + "'; frames are sent to POST /frames/{fileName}");
    }

    /** The number of bytes a base64 text decodes to, computed without decoding it. */
    static long decodedLength(String base64) {
        int length = base64.length();
        int padding = 0;
        if (length > 0 && base64.charAt(length - 1) == '=') {
            padding++;
            if (length > 1 && base64.charAt(length - 2) == '=') {
                padding++;
            }
        }
        return (long) length / 4 * 3 + (length % 4 == 0 ? 0 : (length % 4) * 3 / 4) - padding;
    }

    static Optional<String> header(APIGatewayProxyRequestEvent event, String name) {
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> e : event.getHeaders().entrySet()) {
                if (e.getKey() != null
                        && e.getKey().equalsIgnoreCase(name)
                        && e.getValue() != null
                        && !e.getValue().isBlank()) {
                    return Optional.of(e.getValue());
                }
            }
        }
        if (event.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> e :
                    event.getMultiValueHeaders().entrySet()) {
                if (e.getKey() != null
                        && e.getKey().equalsIgnoreCase(name)
                        && e.getValue() != null
                        && !e.getValue().isEmpty()
                        && e.getValue().get(0) != null
                        && !e.getValue().get(0).isBlank()) {
                    return Optional.of(e.getValue().get(0));
                }
            }
        }
        return Optional.empty();
    }
}
