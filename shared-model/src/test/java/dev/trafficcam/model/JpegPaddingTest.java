package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegPaddingTest {

    @Test
    void growsAJpegToTheExactSizeAndItStillDecodesToTheSamePicture() throws Exception {
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(10, 10, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpg", out);
        byte[] jpeg = out.toByteArray();

        for (int size :
                new int[] {jpeg.length, jpeg.length + 5, jpeg.length + 65_537, jpeg.length + 65_541, 737_712, 737_713
                }) {
            byte[] padded = JpegPadding.padTo(jpeg, size, size);
            assertThat(padded).as("size %d", size).hasSize(size);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(padded));
            assertThat(back.getWidth()).isEqualTo(64);
            assertThat(back.getHeight()).isEqualTo(48);
            assertThat(back.getRGB(10, 10))
                    .isEqualTo(ImageIO.read(new ByteArrayInputStream(jpeg)).getRGB(10, 10));
        }
        assertThat(Checksums.sha256Hex(JpegPadding.padTo(jpeg, 10_000, 1)))
                .isNotEqualTo(Checksums.sha256Hex(JpegPadding.padTo(jpeg, 10_001, 1)));
        assertThatThrownBy(() -> JpegPadding.padTo(jpeg, jpeg.length + 3, 1)).hasMessageContaining("at least 5 bytes");
        assertThatThrownBy(() -> JpegPadding.padTo(new byte[] {1, 2, 3}, 10, 1)).hasMessageContaining("not a JPEG");
    }
}
