package dev.trafficcam.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.TrafficClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A labelled set in COCO's "instances" format: {@code images} ({@code id}, {@code file_name}), {@code categories}
 * ({@code id}, {@code name}) and {@code annotations} ({@code image_id}, {@code category_id}, {@code bbox} as {@code [x,
 * y, width, height]}, {@code iscrowd}). Categories map to the six traffic classes by COCO's names ({@code car},
 * {@code truck}, {@code bus}, {@code person}, {@code bicycle}, {@code motorcycle}, and the synonyms
 * {@link TrafficClass#fromModelLabel} knows); a crowd box, and a box of any other category, is a don't-care region.
 */
public final class CocoSet {
    private CocoSet() {}

    /**
     * Reads the annotations and checks that every image is a readable file under {@code images}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it: not JSON, a member missing or of the
     *     wrong type, an annotation of an unknown image or category, an image that is not there
     */
    public static List<LabelledFrame> read(Path annotations, Path images) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(annotations));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the annotations " + annotations + ": " + e.getMessage());
        }
        String where = "the annotations " + annotations;
        Map<Long, Optional<TrafficClass>> categories = new HashMap<>();
        for (JsonNode category : array(root, "categories", where)) {
            categories.put(
                    number(category, "id", where + ", a category"),
                    TrafficClass.fromModelLabel(text(category, "name", where + ", a category")));
        }
        Map<Long, Path> files = new LinkedHashMap<>();
        Map<Long, List<LabelledFrame.Labelled>> objects = new HashMap<>();
        Map<Long, List<Box>> dontCare = new HashMap<>();
        for (JsonNode image : array(root, "images", where)) {
            long id = number(image, "id", where + ", an image");
            Path file = images.resolve(text(image, "file_name", where + ", image " + id));
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("image " + id + " of " + annotations + " is missing: " + file);
            }
            files.put(id, file);
            objects.put(id, new ArrayList<>());
            dontCare.put(id, new ArrayList<>());
        }
        for (JsonNode annotation : array(root, "annotations", where)) {
            String what = where + ", annotation " + annotation.path("id").asText("?");
            long image = number(annotation, "image_id", what);
            long category = number(annotation, "category_id", what);
            if (!files.containsKey(image)) {
                throw new IllegalArgumentException(what + " names image " + image + ", which is not in its images");
            }
            if (!categories.containsKey(category)) {
                throw new IllegalArgumentException(
                        what + " names category " + category + ", which is not in its categories");
            }
            JsonNode bbox = annotation.get("bbox");
            if (bbox == null || !bbox.isArray() || bbox.size() != 4 || !allNumbers(bbox)) {
                throw new IllegalArgumentException(what + ": bbox must be [x, y, width, height]");
            }
            Box box = Box.ofCoco(
                    bbox.get(0).doubleValue(),
                    bbox.get(1).doubleValue(),
                    bbox.get(2).doubleValue(),
                    bbox.get(3).doubleValue());
            Optional<TrafficClass> trafficClass = categories.get(category);
            if (annotation.path("iscrowd").asInt(0) == 1 || trafficClass.isEmpty()) {
                dontCare.get(image).add(box);
            } else {
                objects.get(image).add(new LabelledFrame.Labelled(trafficClass.get(), box));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(where + " has no images");
        }
        return files.entrySet().stream()
                .map(e -> new LabelledFrame(e.getValue(), objects.get(e.getKey()), dontCare.get(e.getKey())))
                .toList();
    }

    private static JsonNode array(JsonNode node, String member, String where) {
        JsonNode value = node == null ? null : node.get(member);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(where + " has no \"" + member + "\" list: is it a COCO instances file?");
        }
        return value;
    }

    private static long number(JsonNode node, String member, String where) {
        JsonNode value = node.get(member);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(where + " has no whole-number \"" + member + "\"");
        }
        return value.longValue();
    }

    private static String text(JsonNode node, String member, String where) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + " has no text \"" + member + "\"");
        }
        return value.textValue();
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode value : array) {
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                return false;
            }
        }
        return true;
    }
}
