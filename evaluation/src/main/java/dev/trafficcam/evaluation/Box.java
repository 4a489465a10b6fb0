package dev.trafficcam.evaluation;

/** An axis-aligned box in a frame's pixels, corners {@code (xmin, ymin)} and {@code (xmax, ymax)}. */
public record Box(double xmin, double ymin, double xmax, double ymax) {

    /** A COCO box: {@code [x, y, width, height]}. */
    public static Box ofCoco(double x, double y, double width, double height) {
        return new Box(x, y, x + width, y + height);
    }

    public double area() {
        return Math.max(0, xmax - xmin) * Math.max(0, ymax - ymin);
    }

    double intersection(Box other) {
        double w = Math.min(xmax, other.xmax) - Math.max(xmin, other.xmin);
        double h = Math.min(ymax, other.ymax) - Math.max(ymin, other.ymin);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** Intersection over union. */
    public double iou(Box other) {
        double intersection = intersection(other);
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** How much of this box lies inside {@code region}: intersection over this box's area. */
    public double inside(Box region) {
        double area = area();
        return area <= 0 ? 0 : intersection(region) / area;
    }
}
