package dev.trafficcam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.trafficcam.model.Json;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A real COCO object detector for the local stack: CenterNet (MobileNetV3, 512x512) from a TensorFlow.js graph model,
 * run with TensorFlow Java. Loading turns the TF.js JSON into a {@link GraphDef}: the topology is protobuf JSON; the
 * weights (in manifest order across the concatenated {@code .bin} shards, float16-quantized or raw) become the Const
 * nodes' tensors; and the TF.js fused ops ({@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative}) are split back
 * into convolution, {@code BiasAdd} and {@code Relu}, which plain TensorFlow runs.
 *
 * <p>Detection: the frame is stretched to 512x512 (bilinear), fed as RGB 0-255 to {@code tower_0/images};
 * {@code tower_0/detections} holds 100 rows of x1, y1, x2, y2 (input pixels), score, class (0-based COCO). Rows below
 * the score threshold are dropped, a greedy per-class non-maximum suppression at IoU 0.4 removes duplicates, and boxes
 * are scaled back to the frame.
 */
public final class CenterNetDetector implements AutoCloseable {
    static final int INPUT_SIZE = 512;
    static final double NMS_IOU = 0.4;
    private static final String INPUT = "tower_0/images";
    private static final String OUTPUT = "tower_0/detections";
    private static final Set<String> CONV_ATTRS =
            Set.of("strides", "padding", "data_format", "dilations", "T", "explicit_paddings", "use_cudnn_on_gpu");

    /** One object found, in pixels of the frame. */
    public record Found(String label, double score, int xmin, int ymin, int xmax, int ymax) {}

    private final Graph graph;
    private final Session session;
    private final double minScore;

    private CenterNetDetector(Graph graph, double minScore) {
        this.graph = graph;
        this.session = new Session(graph);
        this.minScore = minScore;
    }

    /** Loads the model in {@code dir} ({@code centernet.json} and its weight shards). */
    public static CenterNetDetector load(Path dir, double minScore) throws IOException {
        JsonNode model = Json.mapper().readTree(dir.resolve("centernet.json").toFile());
        GraphDef.Builder graphDef = GraphDef.newBuilder();
        JsonFormat.parser()
                .ignoringUnknownFields()
                .merge(model.get("modelTopology").toString(), graphDef);

        ByteArrayOutputStream shards = new ByteArrayOutputStream();
        List<JsonNode> weights = new ArrayList<>();
        for (JsonNode group : model.get("weightsManifest")) {
            for (JsonNode path : group.get("paths")) {
                shards.write(Files.readAllBytes(dir.resolve(path.asText())));
            }
            group.get("weights").forEach(weights::add);
        }
        fillWeights(graphDef, weights, ByteBuffer.wrap(shards.toByteArray()).order(ByteOrder.LITTLE_ENDIAN));
        GraphDef split = splitFusedOps(graphDef.build());

        Graph graph = new Graph();
        try {
            graph.importGraphDef(split);
        } catch (RuntimeException e) {
            graph.close();
            throw new IOException("the CenterNet graph does not load into TensorFlow: " + e.getMessage(), e);
        }
        return new CenterNetDetector(graph, minScore);
    }

    /** Sets each Const node's tensor from the weight bytes, in manifest order. */
    static void fillWeights(GraphDef.Builder graphDef, List<JsonNode> weights, ByteBuffer data) throws IOException {
        Map<String, NodeDef.Builder> nodes = new HashMap<>();
        for (NodeDef.Builder node : graphDef.getNodeBuilderList()) {
            nodes.put(node.getName(), node);
        }
        for (JsonNode weight : weights) {
            String name = weight.get("name").asText();
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            long count = 1;
            for (JsonNode dim : weight.get("shape")) {
                shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim.asLong()));
                count *= dim.asLong();
            }
            String dtype = weight.get("dtype").asText();
            JsonNode quantization = weight.get("quantization");
            String stored =
                    quantization == null ? dtype : quantization.get("dtype").asText();
            ByteBuffer content = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
            DataType type;
            switch (dtype + "/" + stored) {
                case "float32/float16" -> {
                    type = DataType.DT_FLOAT;
                    for (long i = 0; i < count; i++) {
                        content.putFloat(Float.float16ToFloat(data.getShort()));
                    }
                }
                case "float32/float32" -> {
                    type = DataType.DT_FLOAT;
                    for (long i = 0; i < count; i++) {
                        content.putFloat(data.getFloat());
                    }
                }
                case "int32/int32" -> {
                    type = DataType.DT_INT32;
                    for (long i = 0; i < count; i++) {
                        content.putInt(data.getInt());
                    }
                }
                default ->
                    throw new IOException(
                            "weight " + name + " has an unsupported type " + dtype + " stored as " + stored);
            }
            NodeDef.Builder node = nodes.get(name);
            if (node == null) {
                throw new IOException("weight " + name + " has no Const node in the graph");
            }
            node.putAttr(
                    "value",
                    AttrValue.newBuilder()
                            .setTensor(TensorProto.newBuilder()
                                    .setDtype(type)
                                    .setTensorShape(shape)
                                    .setTensorContent(ByteString.copyFrom(content.array())))
                            .build());
            node.putAttr("dtype", AttrValue.newBuilder().setType(type).build());
        }
        if (data.hasRemaining()) {
            throw new IOException("the weight shards hold " + data.remaining() + " bytes more than the manifest lists");
        }
    }

    /** Replaces the TF.js fused convolutions by Conv2D/DepthwiseConv2dNative + BiasAdd (+ Relu). */
    static GraphDef splitFusedOps(GraphDef graphDef) throws IOException {
        GraphDef.Builder out = graphDef.toBuilder().clearNode();
        for (NodeDef node : graphDef.getNodeList()) {
            String plainOp = switch (node.getOp()) {
                case "_FusedConv2D" -> "Conv2D";
                case "FusedDepthwiseConv2dNative" -> "DepthwiseConv2dNative";
                default -> null;
            };
            if (plainOp == null) {
                out.addNode(node);
                continue;
            }
            List<String> fused = node.getAttrOrThrow("fused_ops").getList().getSList().stream()
                    .map(ByteString::toStringUtf8)
                    .toList();
            if (fused.isEmpty()
                    || !fused.getFirst().equals("BiasAdd")
                    || fused.size() > 2
                    || (fused.size() == 2 && !Set.of("Relu", "Relu6").contains(fused.get(1)))) {
                throw new IOException(
                        "node " + node.getName() + " fuses " + fused + ", which this loader does not split");
            }
            List<String> data =
                    node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
            List<String> control =
                    node.getInputList().stream().filter(i -> i.startsWith("^")).toList();
            String name = node.getName();
            String convName = name + "/split_conv";
            String biasName = fused.size() == 2 ? name + "/split_bias" : name;

            NodeDef.Builder conv = NodeDef.newBuilder()
                    .setName(convName)
                    .setOp(plainOp)
                    .setDevice(node.getDevice())
                    .addInput(data.get(0))
                    .addInput(data.get(1))
                    .addAllInput(control);
            node.getAttrMap().forEach((key, value) -> {
                if (CONV_ATTRS.contains(key)
                        && !(plainOp.equals("DepthwiseConv2dNative") && key.equals("use_cudnn_on_gpu"))) {
                    conv.putAttr(key, value);
                }
            });
            out.addNode(conv);
            out.addNode(NodeDef.newBuilder()
                    .setName(biasName)
                    .setOp("BiasAdd")
                    .setDevice(node.getDevice())
                    .addInput(convName)
                    .addInput(data.get(2))
                    .putAttr("T", node.getAttrOrThrow("T"))
                    .putAttr("data_format", node.getAttrOrThrow("data_format")));
            if (fused.size() == 2) {
                out.addNode(NodeDef.newBuilder()
                        .setName(name)
                        .setOp(fused.get(1))
                        .setDevice(node.getDevice())
                        .addInput(biasName)
                        .putAttr("T", node.getAttrOrThrow("T")));
            }
        }
        return out.build();
    }

    /** Finds objects in a frame; boxes in the frame's pixels, best score first. */
    public List<Found> detect(BufferedImage frame) {
        int width = frame.getWidth();
        int height = frame.getHeight();
        float[] pixels = input(frame);
        float[] rows = new float[100 * 6];
        try (TFloat32 images =
                        TFloat32.tensorOf(Shape.of(1, INPUT_SIZE, INPUT_SIZE, 3), DataBuffers.of(pixels, true, false));
                Result result =
                        session.runner().feed(INPUT, images).fetch(OUTPUT).run()) {
            TFloat32 detections = (TFloat32) result.get(0);
            long count = detections.shape().size(1);
            rows = new float[(int) count * 6];
            detections.copyTo(DataBuffers.of(rows, false, false));
        }
        List<Found> candidates = new ArrayList<>();
        double sx = (double) width / INPUT_SIZE;
        double sy = (double) height / INPUT_SIZE;
        for (int i = 0; i + 5 < rows.length; i += 6) {
            double score = rows[i + 4];
            if (score < minScore) {
                continue;
            }
            int xmin = clamp((int) Math.round(rows[i] * sx), width);
            int ymin = clamp((int) Math.round(rows[i + 1] * sy), height);
            int xmax = clamp((int) Math.round(rows[i + 2] * sx), width);
            int ymax = clamp((int) Math.round(rows[i + 3] * sy), height);
            if (xmax <= xmin || ymax <= ymin) {
                continue;
            }
            candidates.add(new Found(CocoLabels.name(Math.round(rows[i + 5])), score, xmin, ymin, xmax, ymax));
        }
        return suppress(candidates);
    }

    /** Greedy non-maximum suppression within each class at IoU {@value #NMS_IOU}. */
    static List<Found> suppress(List<Found> candidates) {
        List<Found> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Found::score).reversed());
        List<Found> kept = new ArrayList<>();
        for (Found f : sorted) {
            boolean duplicate = kept.stream().anyMatch(k -> k.label().equals(f.label()) && iou(k, f) > NMS_IOU);
            if (!duplicate) {
                kept.add(f);
            }
        }
        return kept;
    }

    static double iou(Found a, Found b) {
        int ix = Math.max(0, Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin()));
        int iy = Math.max(0, Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin()));
        double intersection = (double) ix * iy;
        double union = (double) (a.xmax() - a.xmin()) * (a.ymax() - a.ymin())
                + (double) (b.xmax() - b.xmin()) * (b.ymax() - b.ymin())
                - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** The frame stretched to 512x512 (bilinear), as RGB floats 0-255 in NHWC order. */
    private static float[] input(BufferedImage frame) {
        BufferedImage resized = new BufferedImage(INPUT_SIZE, INPUT_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, INPUT_SIZE, INPUT_SIZE, null);
        g.dispose();
        int[] rgb = resized.getRGB(0, 0, INPUT_SIZE, INPUT_SIZE, null, 0, INPUT_SIZE);
        float[] pixels = new float[rgb.length * 3];
        for (int i = 0; i < rgb.length; i++) {
            pixels[3 * i] = (rgb[i] >> 16) & 0xFF;
            pixels[3 * i + 1] = (rgb[i] >> 8) & 0xFF;
            pixels[3 * i + 2] = rgb[i] & 0xFF;
        }
        return pixels;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
