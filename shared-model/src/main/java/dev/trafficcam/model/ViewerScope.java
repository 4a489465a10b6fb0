package dev.trafficcam.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a viewer key may read, set when the key is issued: every camera or a list of them, and their images or counts
 * only. The key authorizer turns it into the routes its policy allows, so that API Gateway refuses the rest, and passes
 * it to the read function as context ({@link #context()}, {@link #from(Map)}), which checks what the routes cannot
 * name: a camera list, and the camera of a frame asked for by its id.
 *
 * @param cameras the cameras' ids, or empty for every camera
 * @param images whether the viewer sees frames and their images; false: counts only
 */
public record ViewerScope(Optional<SortedSet<Long>> cameras, boolean images) {
    /** Every camera, images included: what a viewer key was before scopes existed. */
    public static final ViewerScope ALL = new ViewerScope(Optional.empty(), true);

    public static final String CAMERAS = "viewerCameras";
    public static final String IMAGES = "viewerImages";

    public ViewerScope {
        cameras = cameras.map(c -> {
            if (c.isEmpty()) {
                throw new IllegalArgumentException("a viewer limited to cameras needs at least one");
            }
            return (SortedSet<Long>) java.util.Collections.unmodifiableSortedSet(new TreeSet<>(c));
        });
    }

    public static ViewerScope of(List<Long> cameras, boolean images) {
        return new ViewerScope(cameras == null ? Optional.empty() : Optional.of(new TreeSet<>(cameras)), images);
    }

    public boolean allowsCamera(long cameraId) {
        return cameras.map(c -> c.contains(cameraId)).orElse(true);
    }

    /** As the authorizer's context carries it: strings only ({@code "*"} or {@code "3,7"}; {@code "true"}). */
    public Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(
                CAMERAS,
                cameras.map(c -> c.stream().map(String::valueOf).collect(Collectors.joining(",")))
                        .orElse("*"));
        context.put(IMAGES, String.valueOf(images));
        return context;
    }

    /**
     * From the authorizer's context; a context without the members (an answer cached from before scopes) is every
     * camera with images, as that key was issued.
     *
     * @throws IllegalArgumentException if the members are there but malformed
     */
    public static ViewerScope from(Map<String, ?> context) {
        Object cameras = context == null ? null : context.get(CAMERAS);
        Object images = context == null ? null : context.get(IMAGES);
        if (cameras == null && images == null) {
            return ALL;
        }
        String list = String.valueOf(cameras);
        Optional<SortedSet<Long>> ids = list.equals("*") || cameras == null
                ? Optional.empty()
                : Optional.of(Arrays.stream(list.split(","))
                        .map(String::strip)
                        .map(Long::valueOf)
                        .collect(Collectors.toCollection(TreeSet::new)));
        return new ViewerScope(ids, images == null || Boolean.parseBoolean(String.valueOf(images)));
    }

    /** For lists and logs: "every camera" or "cameras 3, 7", and "counts only" when no images. */
    public String describe() {
        return cameras.map(c -> "cameras " + c.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                        .orElse("every camera")
                + (images ? "" : ", counts only");
    }
}
