package dev.trafficcam.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.ViewerScope;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.ProblemDetail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read API's routes, as plain code: what a request asks, checked, answered from {@link TrafficReader} as JSON, or
 * as an RFC 9457 problem. The handler only maps API Gateway's event to a {@link Request} and the {@link Reply} back.
 *
 * <ul>
 *   <li>{@code GET /cameras?limit=&after=}: the key's cameras and their health, a page at a time;
 *   <li>{@code GET /cameras/{cameraId}/counts?from=&to=&bucket=hour|day}: per bucket, road users in view (mean per
 *       frame and peak, see {@link Occupancy}), coverage and the sums of detections, from the hourly rollup;
 *   <li>{@code GET /cameras/{cameraId}/frames?limit=&before=&withImages=}: the latest frames, a page at a time, with
 *       links to their images; only those stored with one with {@code withImages=true};
 *   <li>{@code GET /frames/{frameId}}: one frame with its detections;
 *   <li>{@code GET /} and {@code GET /dashboard/{file}}: the dashboard page (no key: the page asks for one).
 * </ul>
 *
 * Answers carry an {@code ETag} (a hash of the body) and are 304 to a matching {@code If-None-Match};
 * {@code Cache-Control} is private, as the answers are a viewer's, for as long as they stay true.
 */
public final class ReadApi {
    /** The widest range of one counts request: 31 days of hours, a year (and a leap day) of days. */
    public static final int MAX_HOUR_BUCKETS = 31 * 24;

    public static final int MAX_DAY_BUCKETS = 366;
    public static final int DEFAULT_PAGE = 20;
    public static final int MAX_PAGE = 100;
    /** Cameras per page of {@code GET /cameras}, unless the request asks for fewer or more (at most 500). */
    public static final int DEFAULT_CAMERA_PAGE = 100;

    public static final int MAX_CAMERA_PAGE = 500;

    private static final Pattern CAMERA_ROUTE = Pattern.compile("/cameras/([^/]+)/(counts|frames)");
    private static final Pattern FRAME_ROUTE = Pattern.compile("/frames/([^/]+)");
    private static final Pattern DASHBOARD_FILE = Pattern.compile("/dashboard/([a-z0-9-]+\\.(html|js|css|svg))");
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml");

    /** The pipeline's JSON, but with nulls written: a client reads "next": null, not a missing member. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            Json.mapper().copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS);

    private final TrafficReader reader;
    private final FrameLinks links;
    private final Clock clock;
    private final DrawnCopies drawn;
    private final ImagePrivacy privacy;
    /** The same for every answer: made once, with the bucket's origin the links point at. */
    private final String contentSecurityPolicy;

    /** With the default retention ({@link ImagePrivacy#DEFAULT}). */
    public ReadApi(TrafficReader reader, FrameLinks links, Clock clock) {
        this(reader, links, clock, ImagePrivacy.DEFAULT);
    }

    /** @param privacy its {@code imageRetentionDays}: when a frame's images are gone */
    public ReadApi(TrafficReader reader, FrameLinks links, Clock clock, ImagePrivacy privacy) {
        this(reader, links, clock, privacy, DrawnCopies.NONE);
    }

    /** @param drawn draws a frame's annotated copy when none is stored ({@code annotateOnRead}) */
    public ReadApi(TrafficReader reader, FrameLinks links, Clock clock, ImagePrivacy privacy, DrawnCopies drawn) {
        this.reader = reader;
        this.links = links;
        this.clock = clock;
        this.privacy = privacy;
        this.drawn = drawn;
        this.contentSecurityPolicy = "default-src 'self'; img-src 'self' " + links.origin()
                + "; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none';"
                + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /**
     * A request as the routes need it.
     *
     * @param path the resource path with its values ({@code /cameras/3/counts}), without the stage
     * @param stagePath the path as the client sent it, with the stage ({@code /prod/}); for the page's own address
     * @param query the query string's parameters (first values)
     * @param ifNoneMatch the {@code If-None-Match} header, or null
     * @param scope what the viewer's key may read, from the authorizer's context
     */
    public record Request(
            String method,
            String path,
            String stagePath,
            Map<String, String> query,
            String ifNoneMatch,
            ViewerScope scope) {
        /** A request of a key that reads everything. */
        public Request(String method, String path, String stagePath, Map<String, String> query, String ifNoneMatch) {
            this(method, path, stagePath, query, ifNoneMatch, ViewerScope.ALL);
        }
    }

    /** An answer: status, headers, body. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request the routes refuse, with the problem that says why. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String slug;
        final String title;

        Refusal(int status, String slug, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.slug = slug;
            this.title = title;
        }
    }

    public Reply answer(Request request) {
        return secured(route(request));
    }

    /**
     * Every answer, the dashboard's page and files included, with the headers a browser needs not to be turned against
     * its viewer: the page's own scripts and styles only, its images from itself and from the bucket its links point at
     * ({@link FrameLinks#origin}), no framing (clickjacking), no MIME sniffing, no referrer (a presigned link in a
     * Referer header would hand it on).
     */
    Reply secured(Reply reply) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Content-Security-Policy", contentSecurityPolicy);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        return new Reply(reply.status(), headers, reply.body());
    }

    private Reply route(Request request) {
        try {
            String path = request.path() == null || request.path().isEmpty() ? "/" : request.path();
            if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                Reply refused = problem(new Refusal(
                        405,
                        "method-not-allowed",
                        "The method is not allowed here",
                        request.method() + " is not supported here: the read API and the dashboard answer GET"));
                refused.headers().put("Allow", "GET");
                return refused;
            }
            if (path.equals("/")) {
                return page(request);
            }
            Matcher file = DASHBOARD_FILE.matcher(path);
            if (file.matches()) {
                return dashboardFile(file.group(1), file.group(2), request);
            }
            if (path.equals("/cameras")) {
                return cameras(request);
            }
            Matcher camera = CAMERA_ROUTE.matcher(path);
            if (camera.matches()) {
                long cameraId = cameraId(camera.group(1));
                allowCamera(cameraId, request);
                if (camera.group(2).equals("counts")) {
                    return counts(cameraId, request);
                }
                allowImages(request);
                return frames(cameraId, request);
            }
            Matcher frame = FRAME_ROUTE.matcher(path);
            if (frame.matches()) {
                allowImages(request);
                return frame(frameId(frame.group(1)), request);
            }
            throw new Refusal(
                    404,
                    "not-found",
                    "There is no such resource",
                    "the read API has /cameras, /cameras/{cameraId}/counts, /cameras/{cameraId}/frames and /frames/{frameId}");
        } catch (Refusal refusal) {
            return problem(refusal);
        }
    }

    /**
     * The viewer's scope, checked here as well as by the authorizer's policy: a policy names routes, so it cannot say
     * which cameras a list shows or whose a frame is.
     */
    private static void allowCamera(long cameraId, Request request) {
        if (!request.scope().allowsCamera(cameraId)) {
            throw new Refusal(
                    403,
                    "camera-not-allowed",
                    "This key does not read that camera",
                    "the key reads " + request.scope().describe() + ", not camera " + cameraId);
        }
    }

    private static void allowImages(Request request) {
        if (!request.scope().images()) {
            throw new Refusal(
                    403,
                    "images-not-allowed",
                    "This key reads counts only",
                    "the key reads the counts of " + request.scope().describe() + ": no frames, no images");
        }
    }

    /**
     * A page of the key's cameras: 10,000 cameras do not come back in one answer. The cursor is the last camera's
     * place, the order's key.
     */
    private Reply cameras(Request request) {
        Instant now = clock.instant();
        int limit = pageSize(request, DEFAULT_CAMERA_PAGE, MAX_CAMERA_PAGE);
        Camera after = request.query().containsKey("after")
                ? placeCursor(request.query().get("after"))
                : null;
        List<TrafficReader.CameraHealth> page =
                reader.cameras(now, limit + 1, after, request.scope().cameras());
        boolean more = page.size() > limit;
        List<TrafficReader.CameraHealth> shown = more ? page.subList(0, limit) : page;
        List<Map<String, Object>> cameras = new ArrayList<>();
        for (TrafficReader.CameraHealth health : shown) {
            Map<String, Object> camera = new LinkedHashMap<>();
            camera.put("cameraId", health.cameraId());
            camera.put("address", health.camera().address());
            camera.put("city", health.camera().city());
            camera.put("country", health.camera().country());
            camera.put("timeZone", health.timeZone().getId());
            camera.put("countingZones", health.countingZones());
            camera.put("lastSeenAt", text(health.lastSeenAt()));
            camera.put("lastCapturedAt", text(health.lastCapturedAt()));
            camera.put("framesLastHour", health.framesLastHour());
            camera.put("distortedLastHour", health.distortedLastHour());
            camera.put("silentMinutes", health.silentMinutes(now));
            cameras.add(camera);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", now.toString());
        body.put("cameras", cameras);
        body.put("next", more ? placeCursorText(shown.getLast().camera()) : null);
        // health changes with every frame: a browser may ask again at once, and gets 304 when nothing changed
        return json(request, body, "private, no-cache");
    }

    /** The bucket sizes of {@code counts}. */
    enum Bucket {
        HOUR(ChronoUnit.HOURS, MAX_HOUR_BUCKETS),
        DAY(ChronoUnit.DAYS, MAX_DAY_BUCKETS);

        final ChronoUnit unit;
        final int max;

        Bucket(ChronoUnit unit, int max) {
            this.unit = unit;
            this.max = max;
        }
    }

    private Reply counts(long cameraId, Request request) {
        String bucketText = request.query().getOrDefault("bucket", "hour");
        Bucket bucket = switch (bucketText) {
            case "hour" -> Bucket.HOUR;
            case "day" -> Bucket.DAY;
            default ->
                throw new Refusal(
                        400,
                        "invalid-range",
                        "The range is not as the API expects",
                        "bucket is 'hour' or 'day', got '" + bucketText + "'");
        };
        // the range is the camera's wall-clock time: its buckets are its local hours and days
        LocalDateTime fromAsked = localTime(request.query(), "from");
        LocalDateTime toAsked = localTime(request.query(), "to");
        java.time.ZoneId zone = reader.timeZone(cameraId).orElseThrow(() -> unknownCamera(cameraId));
        LocalDateTime toLocal = toAsked.truncatedTo(bucket.unit);
        if (toLocal.isBefore(toAsked)) {
            toLocal = toLocal.plus(1, bucket.unit); // the bucket that holds 'to' is the last one
        }
        java.time.ZonedDateTime from = start(fromAsked.truncatedTo(bucket.unit), zone, bucket);
        java.time.ZonedDateTime to = start(toLocal, zone, bucket);
        if (!from.isBefore(to)) {
            throw new Refusal(400, "invalid-range", "The range is not as the API expects", "from must be before to");
        }
        long buckets = bucket == Bucket.DAY
                ? ChronoUnit.DAYS.between(from.toLocalDate(), to.toLocalDate())
                : java.time.Duration.between(from, to).toHours();
        if (buckets > bucket.max) {
            throw new Refusal(
                    400,
                    "invalid-range",
                    "The range is not as the API expects",
                    "at most " + bucket.max + " "
                            + bucketText + " buckets per request (" + (bucket == Bucket.HOUR ? "31 days" : "366 days")
                            + "), asked for "
                            + buckets + "; ask for a shorter range or day buckets");
        }
        List<TrafficReader.HourCounts> hours = reader.hours(cameraId, from.toInstant(), to.toInstant());
        java.util.OptionalDouble interval = Occupancy.usualIntervalSeconds(hours);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Occupancy.Bucket bucketFigures : Occupancy.buckets(hours, from, to, bucket.unit, interval)) {
            list.add(bucketJson(bucketFigures));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cameraId", cameraId);
        body.put("bucket", bucketText);
        body.put("timeZone", zone.getId());
        body.put("from", text(from));
        body.put("to", text(to));
        body.put("usualIntervalSeconds", interval.isPresent() ? Occupancy.round(interval.getAsDouble()) : null);
        body.put("buckets", list);
        return json(request, body, "private, max-age=60");
    }

    /**
     * A bucket as the API shows it: occupancy ({@code inView}: mean per analysed frame and peak per class) first, the
     * sums of detections under their own name.
     */
    private static Map<String, Object> bucketJson(Occupancy.Bucket figures) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("start", text(figures.start()));
        b.put("frames", figures.frames());
        b.put("distorted", figures.distorted());
        b.put("coverage", figures.coverage());
        Map<String, Object> inView = new LinkedHashMap<>();
        Map<String, Object> detections = new LinkedHashMap<>();
        figures.classes().forEach((c, f) -> {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("mean", f.mean());
            figure.put("peak", f.peak());
            inView.put(c.label(), figure);
            detections.put(c.label(), f.detections());
        });
        b.put("inView", inView);
        b.put("detections", detections);
        return b;
    }

    /**
     * Whether a page of frames is to hold only frames stored with an image ({@code withImages=true}; {@code false} or
     * absent: every frame).
     */
    private static boolean withImages(Request request) {
        String text = request.query().get("withImages");
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new Refusal(
                400,
                "invalid-page",
                "The page is not as the API expects",
                "withImages is true or false, got '" + text + "'");
    }

    /** The page size a request asks for ({@code limit}), within 1 to {@code max}; {@code fallback} when it does not. */
    private static int pageSize(Request request, int fallback, int max) {
        String limitText = request.query().get("limit");
        if (limitText == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw new Refusal(
                    400,
                    "invalid-page",
                    "The page is not as the API expects",
                    "limit is a whole number from 1 to " + max + ", got '" + limitText + "'");
        }
        return limit;
    }

    private Reply frames(long cameraId, Request request) {
        int limit = pageSize(request, DEFAULT_PAGE, MAX_PAGE);
        TrafficReader.Cursor before =
                request.query().containsKey("before") ? cursor(request.query().get("before")) : null;
        List<TrafficReader.FrameSummary> page = reader.frames(cameraId, limit + 1, before, withImages(request));
        if (page.isEmpty()) {
            knownCamera(cameraId); // as for counts: asked only when there is nothing to show
        }
        boolean more = page.size() > limit;
        List<TrafficReader.FrameSummary> shown = more ? page.subList(0, limit) : page;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cameraId", cameraId);
        body.put("frames", shown.stream().map(this::frameBody).toList());
        body.put("next", more ? cursorText(shown.getLast()) : null);
        body.put(
                "linksExpireAt",
                clock.instant()
                        .plus(FrameLinks.LIFETIME)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        // the links in it expire: a cached page must be refetched well before they do
        return json(request, body, "private, max-age=30");
    }

    private Reply frame(UUID frameId, Request request) {
        var found = reader.frame(frameId)
                .orElseThrow(() ->
                        new Refusal(404, "unknown-frame", "There is no such frame", "no frame has the id " + frameId));
        allowCamera(found.getKey().cameraId(), request);
        Map<String, Object> body = frameBody(found.getKey());
        @SuppressWarnings("unchecked")
        Map<String, Object> images = (Map<String, Object>) body.get("images");
        if (images.get("annotated") == null && images.get("original") != null) {
            // none stored (annotateOnRead): drawn now on the stored frame, or the one drawn in the last day
            images.put("annotated", links.link(drawn.drawnKey(found.getKey(), found.getValue())));
        }
        body.put(
                "detections",
                found.getValue().stream()
                        .map(d -> {
                            Map<String, Object> detection = new LinkedHashMap<>();
                            detection.put("label", d.label());
                            detection.put("score", Math.round(d.score() * 1000) / 1000.0);
                            detection.put(
                                    "box",
                                    Map.of("xmin", d.xmin(), "ymin", d.ymin(), "xmax", d.xmax(), "ymax", d.ymax()));
                            detection.put("counted", d.counted());
                            return detection;
                        })
                        .toList());
        body.put(
                "linksExpireAt",
                clock.instant()
                        .plus(FrameLinks.LIFETIME)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        return json(request, body, "private, max-age=60");
    }

    private Map<String, Object> frameBody(TrafficReader.FrameSummary f) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("frameId", f.frameId().toString());
        frame.put("cameraId", f.cameraId());
        frame.put("address", f.camera().address());
        frame.put("city", f.camera().city());
        frame.put("country", f.camera().country());
        frame.put("fileName", f.fileName());
        frame.put("capturedAt", text(f.capturedAt()));
        frame.put("receivedAt", text(f.receivedAt()));
        frame.put("status", f.status());
        frame.put("distortionReason", f.distortionReason());
        frame.put("width", f.width());
        frame.put("height", f.height());
        Map<String, Object> counts = new LinkedHashMap<>();
        f.counts().forEach((c, n) -> counts.put(c.label(), n));
        frame.put("counts", counts);
        // S3 deletes the images at this time (the lifecycle rule); from then on they are said to be gone, not linked
        // and an erasure may have deleted them sooner
        Instant expiry = privacy.imagesExpireAt(f.persistedAt());
        boolean expired = !clock.instant().isBefore(expiry);
        boolean gone = expired || f.imagesErasedAt() != null;
        Map<String, Object> images = new LinkedHashMap<>();
        images.put("original", gone ? null : links.link(f.originalKey()));
        images.put("annotated", gone ? null : links.link(f.annotatedKey()));
        frame.put("images", images);
        if (f.originalKey() == null && f.annotatedKey() == null) {
            // none was stored (imagesWithheld says why): nothing expires
            frame.put("imagesExpireAt", null);
        } else {
            frame.put(expired ? "imagesExpiredAt" : "imagesExpireAt", expiry.toString());
        }
        if (f.imagesErasedAt() != null) {
            frame.put("imagesErasedAt", f.imagesErasedAt().toString());
        }
        frame.put("imagePrivacy", f.imagePrivacy());
        frame.put("imagesWithheld", f.imagesWithheld());
        return frame;
    }

    /**
     * The dashboard's page. Its assets are named relative to it, so the page must be addressed with its trailing slash.
     */
    private Reply page(Request request) {
        String stagePath = request.stagePath();
        if (stagePath != null && !stagePath.isEmpty() && !stagePath.endsWith("/")) {
            // https://id.execute-api.../prod has the page at / but its relative links would miss the stage
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Location", stagePath + "/");
            headers.put("Cache-Control", "public, max-age=300");
            return new Reply(301, headers, new byte[0]);
        }
        return dashboardFile("index.html", "html", request);
    }

    private Reply dashboardFile(String name, String extension, Request request) {
        byte[] bytes;
        try (InputStream in = ReadApi.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new Refusal(404, "not-found", "There is no such resource", "the dashboard has no file " + name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboard's " + name, e);
        }
        // the files change with a deploy only; a browser checks again after 5 minutes (304 when unchanged)
        return reply(request, 200, MEDIA_TYPES.get(extension), bytes, "public, max-age=300");
    }

    private void knownCamera(long cameraId) {
        if (reader.camera(cameraId).isEmpty()) {
            throw unknownCamera(cameraId);
        }
    }

    private static Refusal unknownCamera(long cameraId) {
        return new Refusal(
                404,
                "unknown-camera",
                "There is no such camera",
                "no camera has the id " + cameraId + "; GET /cameras lists them");
    }

    /**
     * A bucket's start in the camera's zone: a local hour (a time the clocks skipped is read after the change, a time
     * that happened twice its first pass), or a local day's first instant.
     */
    private static java.time.ZonedDateTime start(LocalDateTime local, java.time.ZoneId zone, Bucket bucket) {
        return bucket == Bucket.DAY ? local.toLocalDate().atStartOfDay(zone) : local.atZone(zone);
    }

    private static long cameraId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Refusal(
                400,
                "invalid-camera-id",
                "The camera id is not as the API expects",
                "a camera id is a positive whole number (see GET /cameras), got '" + text + "'");
    }

    private static UUID frameId(String text) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new Refusal(
                400,
                "invalid-frame-id",
                "The frame id is not as the API expects",
                "a frame id is a UUID (8-4-4-4-12 hex digits), got '" + text + "'");
    }

    private static LocalDateTime localTime(Map<String, String> query, String name) {
        String text = query.get(name);
        if (text == null || text.isBlank()) {
            throw new Refusal(
                    400,
                    "invalid-range",
                    "The range is not as the API expects",
                    name
                            + " is missing: give from and to as camera local date-times, e.g. from=2022-10-12T00:00&to=2022-10-13T00:00");
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refusal(
                    400,
                    "invalid-range",
                    "The range is not as the API expects",
                    name
                            + " must be an ISO local date-time without a zone (camera local time, as capturedAt), e.g. 2022-10-12T08:00, got '"
                            + text + "'");
        }
        // ISO allows years to +999,999,999, which PostgreSQL's timestamp cannot hold: refused here, not failed there
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new Refusal(
                    400,
                    "invalid-range",
                    "The range is not as the API expects",
                    name + " must be in the years 1 to 9999, got '" + text + "'");
        }
        return time;
    }

    /** A page of cameras' cursor: the last camera's place, base64url of its JSON, opaque to clients. */
    static String placeCursorText(Camera last) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Json.write(List.of(last.country(), last.city(), last.address()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static Camera placeCursor(String text) {
        try {
            JsonNode place = Json.mapper().readTree(Base64.getUrlDecoder().decode(text));
            if (place != null && place.isArray() && place.size() == 3) {
                return new Camera(
                        place.get(2).asText(),
                        place.get(1).asText(),
                        place.get(0).asText());
            }
        } catch (IllegalArgumentException | IOException e) {
            // said below
        }
        throw new Refusal(
                400,
                "invalid-page",
                "The page is not as the API expects",
                "after is the 'next' value of the previous page, unchanged");
    }

    /** A page's cursor: the last frame's capture time and id, base64url, opaque to clients. */
    static String cursorText(TrafficReader.FrameSummary last) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        (last.capturedAt().toInstant() + "|" + last.frameId()).getBytes(StandardCharsets.UTF_8));
    }

    private static TrafficReader.Cursor cursor(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2 && parts[1].length() == 36) {
                return new TrafficReader.Cursor(java.time.Instant.parse(parts[0]), UUID.fromString(parts[1]));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // said below
        }
        throw new Refusal(
                400,
                "invalid-page",
                "The page is not as the API expects",
                "before is the 'next' value of the previous page, unchanged");
    }

    /** A time as the API shows it: an instant in UTC, a camera's wall-clock time with its UTC offset. */
    private static String text(Object time) {
        if (time instanceof java.time.ZonedDateTime zoned) {
            return zoned.toOffsetDateTime().toString();
        }
        return time == null ? null : time.toString();
    }

    private static Reply json(Request request, Map<String, Object> body, String cacheControl) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an answer of maps and lists always serializes", e);
        }
        return reply(request, 200, "application/json", bytes, cacheControl);
    }

    private static Reply reply(Request request, int status, String contentType, byte[] body, String cacheControl) {
        String etag = etag(body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", cacheControl);
        headers.put("ETag", etag);
        if (matches(request.ifNoneMatch(), etag)) {
            return new Reply(304, headers, new byte[0]);
        }
        headers.put("Content-Type", contentType);
        return new Reply(status, headers, "HEAD".equals(request.method()) ? new byte[0] : body);
    }

    /** {@code If-None-Match}: a list of tags, or {@code *} (RFC 9110, 13.1.2). */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\""
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hash)
                            .substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static Reply problem(Refusal refusal) {
        ProblemDetail problem = new ProblemDetail(refusal.status, refusal.slug, refusal.title, refusal.getMessage());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", ProblemDetail.MEDIA_TYPE);
        headers.put("Cache-Control", "no-store");
        return new Reply(refusal.status, headers, problem.json().getBytes(StandardCharsets.UTF_8));
    }
}
