package dev.trafficcam.inference.check;

import static dev.trafficcam.inference.testing.TestFrames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.ImageFormat;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCheckerTest {
    private final ImageChecker checker = new ImageChecker(CheckThresholds.DEFAULTS);

    private DistortionReason reasonFor(byte[] bytes) {
        CheckResult result = checker.check(bytes);
        assertThat(result).isInstanceOf(CheckResult.Distorted.class);
        return ((CheckResult.Distorted) result).distortion().reason();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"street_frame_40.jpg", "street_frame_220.jpg", "street_frame_380.jpg", "street_frame_620.jpg"})
    void realStreetFramesPass(String name) {
        CheckResult result = checker.check(frame(name));

        assertThat(result).isInstanceOf(CheckResult.Passed.class);
        assertThat(result.header()).isEqualTo(new ImageHeader(ImageFormat.JPEG, 768, 576));
        GreyStats stats = ((CheckResult.Passed) result).stats();
        assertThat(stats.width()).isEqualTo(384);
        assertThat(stats.sharpness()).isGreaterThan(CheckThresholds.DEFAULTS.minSharpness() * 5);
    }

    @Test
    void theSameFrameAsPngPassesWithTheSameMeasurements() {
        BufferedImage image = decode(frame(STREET_220));
        CheckResult asPng = checker.check(encode(image, "png"));
        CheckResult asJpeg = checker.check(frame(STREET_220));

        assertThat(asPng.header()).isEqualTo(new ImageHeader(ImageFormat.PNG, 768, 576));
        GreyStats png = ((CheckResult.Passed) asPng).stats();
        GreyStats jpeg = ((CheckResult.Passed) asJpeg).stats();
        assertThat(png.mean()).isCloseTo(jpeg.mean(), org.assertj.core.data.Offset.offset(2.0));
        assertThat(png.sharpness() / jpeg.sharpness()).isBetween(0.8, 1.25);
    }

    @Test
    void aProgressiveJpegPassesButOneOfThousandsOfScansIsTurnedAwayUndecoded() {
        byte[] progressive = progressive(decode(frame(STREET_220)));
        int scans = HeaderReader.jpegScans(progressive, HeaderReader.MAX_JPEG_SCANS);
        assertThat(scans).as("a real progressive JPEG's scans").isBetween(2, 12);
        assertThat(checker.check(progressive)).isInstanceOf(CheckResult.Passed.class);

        byte[] hostile = withSmallestScanRepeated(progressive, 5_000);
        assertThat(hostile.length).as("within the 10 MB a camera may send").isLessThan(10 * 1024 * 1024);
        assertThat(HeaderReader.jpegScans(hostile, HeaderReader.MAX_JPEG_SCANS))
                .as("counting stops past the limit")
                .isEqualTo(HeaderReader.MAX_JPEG_SCANS + 1);
        CheckResult.Distorted refused = (CheckResult.Distorted) checker.check(hostile);
        assertThat(refused.distortion().reason()).isEqualTo(DistortionReason.CORRUPT);
        assertThat(refused.distortion().detail()).contains("more than 64 scans");
        assertThat(checker.check(withSmallestScanRepeated(progressive, HeaderReader.MAX_JPEG_SCANS - scans)))
                .as("64 scans are still a frame")
                .isInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void theMotionBlurredCarIsBlurred() {
        CheckResult.Distorted result = (CheckResult.Distorted) checker.check(frame(MOTION_BLUR));
        assertThat(result.distortion().reason()).isEqualTo(DistortionReason.BLURRED);
        assertThat(result.distortion().detail()).contains("sharpness").contains("below 100.0");
    }

    @Test
    void aStreetFrameOutOfFocusIsBlurredButALittleSoftnessIsNot() {
        BufferedImage street = decode(frame(STREET_220));
        assertThat(reasonFor(encode(blurred(street, 4), "jpg"))).isEqualTo(DistortionReason.BLURRED);
        assertThat(checker.check(encode(blurred(street, 1), "jpg"))).isInstanceOf(CheckResult.Passed.class);
    }

    @Test
    void blankDarkAndBrightFramesAreTurnedAway() {
        BufferedImage street = decode(frame(STREET_220));
        assertThat(reasonFor(encode(uniform(640, 480, 128, 1, 1), "png"))).isEqualTo(DistortionReason.BLANK);
        assertThat(reasonFor(encode(uniform(640, 480, 0, 0, 1), "jpg"))).isEqualTo(DistortionReason.BLANK);
        assertThat(reasonFor(encode(exposed(street, 0.12, 0), "jpg"))).isEqualTo(DistortionReason.UNDEREXPOSED);
        assertThat(reasonFor(encode(exposed(street, 1.0, 200), "jpg"))).isEqualTo(DistortionReason.OVEREXPOSED);
    }

    @Test
    void sizesAreCheckedFromTheHeaderBeforeAnyDecode() {
        // 30000 x 30000 RGB would need 2.7 GB decoded; the header alone turns it away
        CheckResult.Distorted huge = (CheckResult.Distorted) checker.check(pngClaiming(30_000, 30_000));
        assertThat(huge.distortion().reason()).isEqualTo(DistortionReason.DIMENSIONS_OUT_OF_BOUNDS);
        assertThat(huge.header()).isEqualTo(new ImageHeader(ImageFormat.PNG, 30_000, 30_000));
        assertThat(reasonFor(pngClaiming(9_000, 9_000))).isEqualTo(DistortionReason.TOO_MANY_PIXELS);
        assertThat(reasonFor(pngClaiming(Integer.MAX_VALUE, 5))).isEqualTo(DistortionReason.DIMENSIONS_OUT_OF_BOUNDS);
        assertThat(reasonFor(pngClaiming(0xFFFF_FFFF, 5))).isEqualTo(DistortionReason.DIMENSIONS_OUT_OF_BOUNDS);
        assertThat(reasonFor(encode(pattern(16, 16), "png"))).isEqualTo(DistortionReason.DIMENSIONS_OUT_OF_BOUNDS);
    }

    @Test
    void truncatedUploadsAreTruncated() {
        byte[] jpeg = frame(STREET_220);
        assertThat(reasonFor(truncated(jpeg, 0.6))).isEqualTo(DistortionReason.TRUNCATED);
        assertThat(reasonFor(truncated(jpeg, 0.001))).isEqualTo(DistortionReason.TRUNCATED);
        byte[] png = encode(decode(jpeg), "png");
        assertThat(reasonFor(truncated(png, 0.9))).isEqualTo(DistortionReason.TRUNCATED);
        assertThat(reasonFor(truncated(png, 0.02))).isEqualTo(DistortionReason.TRUNCATED);
    }

    @Test
    void thingsThatAreNotJpegOrPngAreNamed() {
        assertThat(reasonFor("hello, camera".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DistortionReason.NOT_AN_IMAGE);
        assertThat(reasonFor(new byte[] {(byte) 0xFF})).isEqualTo(DistortionReason.NOT_AN_IMAGE);
        assertThat(reasonFor(encode(pattern(64, 64), "gif"))).isEqualTo(DistortionReason.UNSUPPORTED_FORMAT);
        assertThat(reasonFor(encode(pattern(64, 64), "bmp"))).isEqualTo(DistortionReason.UNSUPPORTED_FORMAT);
        assertThat(((CheckResult.Distorted) checker.check(encode(pattern(64, 64), "gif")))
                        .distortion()
                        .detail())
                .contains("GIF");
    }

    @Test
    void aJpegWithoutAFrameHeaderOrWithBrokenDataIsCorrupt() {
        byte[] noFrameHeader = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2, (byte) 0xFF, (byte) 0xD9};
        assertThat(reasonFor(noFrameHeader)).isEqualTo(DistortionReason.CORRUPT);
        byte[] badSegment = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};
        assertThat(reasonFor(badSegment)).isEqualTo(DistortionReason.CORRUPT);
        assertThat(checker.check(corruptedJpeg(frame(STREET_220)))).isInstanceOf(CheckResult.Distorted.class);
        assertThat(((CheckResult.Distorted) checker.check(corruptedJpeg(frame(STREET_220))))
                        .distortion()
                        .detail())
                .as("no decoder internals")
                .doesNotContain("javax")
                .doesNotContain("Exception")
                .doesNotContain("imageio");
    }
}
