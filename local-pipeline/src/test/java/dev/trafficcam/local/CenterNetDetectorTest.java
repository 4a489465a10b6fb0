package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real CenterNet model on real street frames (weights fetched once with npm pack and cached). */
class CenterNetDetectorTest {
    private static CenterNetDetector detector;

    @BeforeAll
    static void load() throws Exception {
        detector = CenterNetDetector.load(DetectorModel.ensure(DetectorModel.defaultCache()), 0.35);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static BufferedImage frame(String name) throws Exception {
        try (InputStream in = CenterNetDetectorTest.class.getResourceAsStream("/frames/" + name)) {
            return ImageIO.read(in);
        }
    }

    @Test
    void findsThePeopleAndTheParkedVehiclesOnAStreetFrame() throws Exception {
        List<CenterNetDetector.Found> found = detector.detect(frame("street_frame_220.jpg"));

        assertThat(found.stream().filter(f -> f.label().equals("person")).count())
                .isGreaterThanOrEqualTo(3);
        assertThat(found).anySatisfy(f -> assertThat(f.label()).isIn("car", "truck"));
        assertThat(found).allSatisfy(f -> {
            assertThat(f.score()).isBetween(0.35, 1.0);
            assertThat(f.xmin()).isBetween(0, 768);
            assertThat(f.xmax()).isBetween(f.xmin() + 1, 768);
            assertThat(f.ymax()).isBetween(f.ymin() + 1, 576);
        });
        assertThat(found)
                .extracting(CenterNetDetector.Found::score)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void findsNothingOnABlankFrame() {
        BufferedImage grey = new BufferedImage(768, 576, BufferedImage.TYPE_INT_RGB);
        var g = grey.createGraphics();
        g.setColor(new java.awt.Color(128, 128, 128));
        g.fillRect(0, 0, 768, 576);
        g.dispose();
        assertThat(detector.detect(grey)).isEmpty();
    }

    @Test
    void suppressionKeepsTheBestOfOverlappingBoxesOfOneClassOnly() {
        List<CenterNetDetector.Found> kept = CenterNetDetector.suppress(List.of(
                new CenterNetDetector.Found("car", 0.6, 0, 0, 100, 100),
                new CenterNetDetector.Found("car", 0.9, 5, 5, 105, 105),
                new CenterNetDetector.Found("truck", 0.5, 5, 5, 105, 105),
                new CenterNetDetector.Found("car", 0.4, 300, 300, 400, 400)));
        assertThat(kept).extracting(CenterNetDetector.Found::score).containsExactly(0.9, 0.5, 0.4);
    }
}
