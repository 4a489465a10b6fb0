package dev.trafficcam.support.images;

import dev.trafficcam.model.Detection;
import dev.trafficcam.model.TrafficClass;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a frame's detections on a copy of it: one colour per traffic class, a box and a label ("car 0.97") per
 * detection, sized to the frame so that it reads on 768x576 and 1920x1080 alike. Java2D, headless. Output: JPEG. The
 * persistence function draws the copy it stores; the read function draws one when a deployment stores none
 * ({@code annotateOnRead}).
 */
public final class Annotator {
    /** Box colours, chosen to stay apart from each other and from grey asphalt. */
    public static final Map<TrafficClass, Color> COLOURS = new EnumMap<>(Map.of(
            TrafficClass.CAR, new Color(0, 190, 255),
            TrafficClass.TRUCK, new Color(255, 140, 0),
            TrafficClass.BUS, new Color(255, 220, 0),
            TrafficClass.PERSON, new Color(255, 0, 200),
            TrafficClass.BICYCLE, new Color(0, 230, 60),
            TrafficClass.MOTORCYCLE, new Color(255, 40, 40)));

    private static final float JPEG_QUALITY = 0.85f;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** @throws IOException when the frame cannot be decoded or the copy cannot be encoded */
    public byte[] annotate(byte[] frame, List<Detection> detections) throws IOException {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(frame));
        if (source == null) {
            throw new IOException("the frame is not an image ImageIO can decode");
        }
        return annotate(source, detections);
    }

    /** @throws IOException when the copy cannot be encoded */
    public byte[] annotate(BufferedImage source, List<Detection> detections) throws IOException {
        int width = source.getWidth();
        int height = source.getHeight();
        BufferedImage copy = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int shortSide = Math.min(width, height);
            int stroke = Math.max(2, Math.round(shortSide / 200f));
            g.setStroke(new BasicStroke(stroke));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, Math.round(shortSide / 40f))));
            FontMetrics metrics = g.getFontMetrics();
            // draw the weakest first, so that the strongest detections end up on top
            for (int i = detections.size() - 1; i >= 0; i--) {
                Detection d = detections.get(i);
                Color colour = COLOURS.get(d.label());
                int x = d.box().xmin();
                int y = d.box().ymin();
                g.setColor(colour);
                g.drawRect(
                        x, y, Math.max(1, d.box().width()), Math.max(1, d.box().height()));

                String label = String.format(Locale.ROOT, "%s %.2f", d.label().label(), d.score());
                int textWidth = metrics.stringWidth(label) + 2 * stroke;
                int textHeight = metrics.getHeight();
                int labelY = y - textHeight >= 0 ? y - textHeight : Math.min(y + stroke, height - textHeight);
                int labelX = Math.max(0, Math.min(x, width - textWidth));
                g.fillRect(labelX, labelY, textWidth, textHeight);
                g.setColor(luminance(colour) > 140 ? Color.BLACK : Color.WHITE);
                g.drawString(label, labelX + stroke, labelY + metrics.getAscent());
            }
        } finally {
            g.dispose();
        }
        return Encoding.jpeg(copy, JPEG_QUALITY);
    }

    private static int luminance(Color c) {
        return (299 * c.getRed() + 587 * c.getGreen() + 114 * c.getBlue()) / 1000;
    }
}
