package dev.trafficcam.model;

/** An axis-aligned box in pixels of the original frame; min edges inclusive, max edges exclusive. */
public record BoundingBox(int xmin, int ymin, int xmax, int ymax) {
    public BoundingBox {
        if (xmin > xmax || ymin > ymax) {
            throw new IllegalArgumentException(
                    "box corners are out of order: (" + xmin + "," + ymin + ")-(" + xmax + "," + ymax + ")");
        }
    }

    public int width() {
        return xmax - xmin;
    }

    public int height() {
        return ymax - ymin;
    }

    /** This box cut to a frame of the given size. */
    public BoundingBox clampTo(int frameWidth, int frameHeight) {
        int x0 = clamp(xmin, frameWidth);
        int y0 = clamp(ymin, frameHeight);
        return new BoundingBox(x0, y0, Math.max(x0, clamp(xmax, frameWidth)), Math.max(y0, clamp(ymax, frameHeight)));
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}
