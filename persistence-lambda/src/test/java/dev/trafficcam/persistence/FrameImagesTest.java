package dev.trafficcam.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.persistence.testing.Events;
import dev.trafficcam.persistence.testing.Sharpness;
import dev.trafficcam.support.images.Annotator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What is stored of a frame under each privacy setting, on a real street frame: the detail left inside each person's
 * box, measured as the variance of the Laplacian against the camera's frame, and the rest of the frame unchanged apart
 * from the re-encoding.
 */
class FrameImagesTest {
    private static final ImagePrivacy BLUR = ImagePrivacy.DEFAULT;
    private final FrameImages images = new FrameImages(BLUR, new Annotator());
    private final byte[] frame = Events.streetFrame();

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static List<BoundingBox> people(PersistenceEvent event) {
        return event.detections().stream()
                .filter(d -> d.label() == TrafficClass.PERSON)
                .map(Detection::box)
                .toList();
    }

    /** Inside a box grown by the blur's margin and a pixel of the interpolation's reach. */
    private static boolean nearAPerson(List<BoundingBox> people, int x, int y) {
        for (BoundingBox b : people) {
            int mx = (int) Math.ceil(b.width() * PeopleBlur.MARGIN) + 3;
            int my = (int) Math.ceil(b.height() * PeopleBlur.MARGIN) + 3;
            if (x >= b.xmin() - mx && x < b.xmax() + mx && y >= b.ymin() - my && y < b.ymax() + my) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyPersonIsSmoothInTheStoredFrameAndTheAnnotatedCopyAndTheRestIsAsSent() throws IOException {
        PersistenceEvent event = Events.detected(frame, Events.EIGHT);

        FrameImages.Stored stored = images.prepare(event, frame);

        assertThat(stored.privacy()).isEqualTo(FrameImages.PEOPLE_BLURRED);
        assertThat(stored.blurredRegions()).isEqualTo(3);
        BufferedImage input = decode(frame);
        BufferedImage original = decode(stored.original().bytes());
        BufferedImage annotated = decode(stored.annotated().bytes());
        for (BoundingBox b : people(event)) {
            // inside the box, a few pixels in from its edge, where the annotated copy draws its frame
            int x0 = b.xmin() + 4, y0 = b.ymin() + 4, x1 = b.xmax() - 4, y1 = b.ymax() - 4;
            double before = Sharpness.laplacianVariance(input, x0, y0, x1, y1);
            assertThat(before).as("the frame has detail there to lose").isGreaterThan(20);
            assertThat(Sharpness.laplacianVariance(original, x0, y0, x1, y1))
                    .as("stored frame, person at %s", b)
                    .isLessThan(before * 0.1);
            // the label sits above the box, so inside it only the blur is left
            assertThat(Sharpness.laplacianVariance(annotated, x0, y0, x1, y1))
                    .as("annotated copy, person at %s", b)
                    .isLessThan(before * 0.1);
        }
        // elsewhere only the second JPEG generation differs, by about a grey level
        assertThat(Sharpness.meanDifference(input, original, (x, y) -> !nearAPerson(people(event), x, y)))
                .isLessThan(2.0);
    }

    @Test
    void aPngFrameStaysPngAndOutsideThePeopleItIsTheSamePixels() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(decode(frame), "png", png);
        byte[] bytes = png.toByteArray();
        PersistenceEvent event =
                Events.detected(bytes, Events.EIGHT, "tiensevest_Leuven_Belgium_12-10-2022_10-51-38.png");

        FrameImages.Stored stored = images.prepare(event, bytes);

        assertThat(stored.original().key()).endsWith(".png");
        assertThat(stored.original().contentType()).isEqualTo("image/png");
        assertThat(Sharpness.meanDifference(
                        decode(bytes), decode(stored.original().bytes()), (x, y) -> !nearAPerson(people(event), x, y)))
                .isZero();
    }

    @Test
    void peopleBelowTheCountingThresholdAreBlurredTooAndOldEventsStillHideTheCountedOnes() throws IOException {
        List<Detection> noPeople = Events.EIGHT.stream()
                .filter(d -> d.label() != TrafficClass.PERSON)
                .toList();
        BoundingBox uncounted = new BoundingBox(300, 100, 340, 220);
        PersistenceEvent event = Events.detected(frame, noPeople).withPeople(List.of(uncounted));

        FrameImages.Stored stored = images.prepare(event, frame);

        assertThat(stored.blurredRegions()).isEqualTo(1);
        double before = Sharpness.laplacianVariance(decode(frame), 304, 104, 336, 216);
        assertThat(Sharpness.laplacianVariance(decode(stored.original().bytes()), 304, 104, 336, 216))
                .isLessThan(before * 0.1);

        // an event written before the field existed has none: its counted people are the regions
        assertThat(Events.detected(frame, Events.EIGHT).people()).isEmpty();
        assertThat(Events.detected(frame, Events.EIGHT).regionsToBlur()).hasSize(3);
    }

    @Test
    void withNobodyToHideTheCamerasOwnBytesAreStored() {
        List<Detection> cars = List.of(Events.EIGHT.get(0));
        FrameImages.Stored stored = images.prepare(Events.detected(frame, cars), frame);

        assertThat(stored.original().bytes()).isEqualTo(frame);
        assertThat(stored.blurredRegions()).isZero();
    }

    @Test
    void withoutOriginalsOnlyAReducedAnnotatedCopyIsKept() throws IOException {
        FrameImages noOriginals = new FrameImages(new ImagePrivacy(true, false, 30), new Annotator());

        FrameImages.Stored stored = noOriginals.prepare(Events.detected(frame, Events.EIGHT), frame);

        assertThat(stored.original()).isNull();
        assertThat(stored.withheld()).isEqualTo(FrameImages.ORIGINALS_NOT_KEPT);
        BufferedImage annotated = decode(stored.annotated().bytes());
        assertThat(annotated.getWidth()).isEqualTo(ImagePrivacy.REDUCED_LONG_SIDE);
        assertThat(annotated.getHeight()).isEqualTo(480);
        assertThat(stored.objects()).hasSize(1);
    }

    @Test
    void drawnOnReadOnlyTheBlurredFrameIsStored() throws IOException {
        FrameImages onRead = new FrameImages(ImagePrivacy.DEFAULT.withAnnotateOnRead(true), new Annotator());
        PersistenceEvent event = Events.detected(frame, Events.EIGHT);

        FrameImages.Stored stored = onRead.prepare(event, frame);
        FrameImages.Stored both = images.prepare(event, frame);

        assertThat(stored.annotated()).isNull();
        assertThat(stored.objects()).hasSize(1);
        assertThat(stored.original().key()).isEqualTo(both.original().key());
        assertThat(stored.withheld()).isEqualTo(ImagePrivacy.ANNOTATED_ON_READ);
        // the same privacy as when the copy is stored: the frame is the one blurred for it
        assertThat(stored.privacy()).isEqualTo(both.privacy());
        assertThat(stored.blurredRegions()).isEqualTo(both.blurredRegions());
        assertThat(decode(stored.original().bytes()).getWidth()).isEqualTo(768);
    }

    @Test
    void aDistortedFrameIsBlurredWholeOrNotStoredAtAll() throws IOException {
        PersistenceEvent dark = Events.distorted(frame, ImageFormat.JPEG, DistortionReason.UNDEREXPOSED);
        FrameImages.Stored stored = images.prepare(dark, frame);
        assertThat(stored.privacy()).isEqualTo(FrameImages.WHOLE_FRAME_BLURRED);
        assertThat(stored.original().key()).startsWith("distorted/");
        double before = Sharpness.laplacianVariance(decode(frame), 0, 0, 768, 576);
        assertThat(Sharpness.laplacianVariance(decode(stored.original().bytes()), 0, 0, 768, 576))
                .isLessThan(before * 0.1);

        byte[] garbage = "not a picture".getBytes(StandardCharsets.UTF_8);
        FrameImages.Stored broken =
                images.prepare(Events.distorted(garbage, ImageFormat.JPEG, DistortionReason.NOT_AN_IMAGE), garbage);
        assertThat(broken.objects()).isEmpty();
        assertThat(broken.withheld()).isEqualTo("cannot-blur: a not-an-image frame is not decoded");
    }

    @Test
    void aDetectedFrameThatCannotBeDecodedIsNeverStoredUnblurred() {
        byte[] garbage = "not a picture".getBytes(StandardCharsets.UTF_8);
        PersistenceEvent event = Events.detected(garbage, Events.EIGHT);

        FrameImages.Stored stored = images.prepare(event, garbage);

        assertThat(stored.objects()).isEmpty();
        assertThat(stored.withheld()).startsWith("cannot-blur: ").contains("not an image");
        // with blurring off, as before: the event cannot be annotated, and stays on the failure queue
        FrameImages asSent = new FrameImages(new ImagePrivacy(false, true, 30), new Annotator());
        assertThatThrownBy(() -> asSent.prepare(event, garbage))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("cannot be annotated");
    }
}
