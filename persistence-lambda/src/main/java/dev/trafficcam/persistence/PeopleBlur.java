package dev.trafficcam.persistence;

import dev.trafficcam.model.BoundingBox;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Makes people unrecognisable in a frame: each region is reduced to a coarse grid of cell averages, about
 * {@value #CELLS_ALONG_LONG_SIDE} cells along its longer side, and drawn back smoothly (bilinear), so that no edge of
 * the original survives inside it. A face is about a seventh of a standing person's height, so it ends up one or two
 * cells: nothing to recognise, whatever the person's size in the frame. The region is the detector's box grown by
 * {@value #MARGIN} of its size on every side, since a box often cuts off a head or an arm.
 *
 * <p>Detected people only: a person the detector missed is not blurred. That is why the threshold for blurring is lower
 * than the one for counting ({@code BLUR_MIN_SCORE}), and why a distorted frame, whose people were never looked for, is
 * blurred whole ({@link #wholeFrame}).
 */
public final class PeopleBlur {
    static final int CELLS_ALONG_LONG_SIDE = 8;
    static final double MARGIN = 0.15;
    /** A distorted frame's grid: coarse enough to hide anyone, fine enough to see why it was turned away. */
    static final int WHOLE_FRAME_CELLS = 24;

    private PeopleBlur() {}

    /** A copy of {@code frame} with every region blurred; {@code frame} itself is left as it was. */
    public static BufferedImage regions(BufferedImage frame, List<BoundingBox> regions) {
        BufferedImage copy = rgbCopy(frame);
        for (BoundingBox box : regions) {
            int marginX = Math.max(2, (int) Math.round(box.width() * MARGIN));
            int marginY = Math.max(2, (int) Math.round(box.height() * MARGIN));
            int x0 = Math.max(0, box.xmin() - marginX);
            int y0 = Math.max(0, box.ymin() - marginY);
            int x1 = Math.min(copy.getWidth(), box.xmax() + marginX);
            int y1 = Math.min(copy.getHeight(), box.ymax() + marginY);
            if (x1 - x0 >= 2 && y1 - y0 >= 2) {
                smear(copy, x0, y0, x1 - x0, y1 - y0, CELLS_ALONG_LONG_SIDE);
            }
        }
        return copy;
    }

    /** A copy of {@code frame} blurred all over. */
    public static BufferedImage wholeFrame(BufferedImage frame) {
        BufferedImage copy = rgbCopy(frame);
        smear(copy, 0, 0, copy.getWidth(), copy.getHeight(), WHOLE_FRAME_CELLS);
        return copy;
    }

    /** Replaces the rectangle by its cell averages, interpolated: a grid of {@code cells} along the longer side. */
    private static void smear(BufferedImage image, int x, int y, int w, int h, int cells) {
        double cell = Math.max(1.0, Math.max(w, h) / (double) cells);
        int cols = Math.max(1, (int) Math.ceil(w / cell));
        int rows = Math.max(1, (int) Math.ceil(h / cell));
        BufferedImage grid = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        int[] pixels = image.getRGB(x, y, w, h, null, 0, w);
        for (int row = 0; row < rows; row++) {
            int top = (int) (row * (long) h / rows);
            int bottom = (int) ((row + 1) * (long) h / rows);
            for (int col = 0; col < cols; col++) {
                int left = (int) (col * (long) w / cols);
                int right = (int) ((col + 1) * (long) w / cols);
                long r = 0, g = 0, b = 0;
                int n = 0;
                for (int py = top; py < bottom; py++) {
                    for (int px = left; px < right; px++) {
                        int rgb = pixels[py * w + px];
                        r += (rgb >> 16) & 0xff;
                        g += (rgb >> 8) & 0xff;
                        b += rgb & 0xff;
                        n++;
                    }
                }
                if (n > 0) {
                    grid.setRGB(col, row, (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n));
                }
            }
        }
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setClip(x, y, w, h);
            g.drawImage(grid, x, y, w, h, null);
        } finally {
            g.dispose();
        }
    }

    private static BufferedImage rgbCopy(BufferedImage frame) {
        BufferedImage copy = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy;
    }
}
