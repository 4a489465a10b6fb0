package dev.trafficcam.support.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.TrafficClass;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnotatorTest {

    /** A mid-grey frame, so every class colour stands out from it. */
    private static byte[] greyFrame(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(110, 110, 110));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({"768,576,jpg", "1920,1080,jpg", "1920,1080,png"})
    void drawsBoxesAndLabelsSizedToTheFrame(int width, int height, String format) throws Exception {
        BoundingBox box = new BoundingBox(width / 4, height / 3, width / 2, height * 2 / 3);
        List<Detection> detections = List.of(new Detection(TrafficClass.BUS, 0.93, box));

        byte[] annotated = new Annotator().annotate(greyFrame(width, height, format), detections);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(annotated));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        Color bus = Annotator.COLOURS.get(TrafficClass.BUS);
        assertThat(distance(image.getRGB(box.xmin(), (box.ymin() + box.ymax()) / 2), bus))
                .isLessThan(90);
        assertThat(distance(image.getRGB(box.xmax(), (box.ymin() + box.ymax()) / 2), bus))
                .isLessThan(90);
        // the label sits on a band of the class colour above the box, tall enough to read: 1/40 of the short side
        int labelHeight = 0;
        for (int y = box.ymin() - 1; y >= 0 && distance(image.getRGB(box.xmin() + 2, y), bus) < 90; y--) {
            labelHeight++;
        }
        assertThat(labelHeight).isGreaterThanOrEqualTo(Math.min(width, height) / 40);
        assertThat(distance(image.getRGB(width - 5, 5), new Color(110, 110, 110)))
                .as("untouched elsewhere")
                .isLessThan(30);
    }

    @ParameterizedTest
    @CsvSource({"not an image"})
    void aFrameThatCannotBeDecodedIsAnError(String text) {
        assertThatThrownBy(() -> new Annotator().annotate(text.getBytes(), List.of()))
                .isInstanceOf(IOException.class);
    }

    private static int distance(int rgb, Color c) {
        return Math.abs(((rgb >> 16) & 0xFF) - c.getRed())
                + Math.abs(((rgb >> 8) & 0xFF) - c.getGreen())
                + Math.abs((rgb & 0xFF) - c.getBlue());
    }
}
