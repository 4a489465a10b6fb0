package dev.trafficcam.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccessKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aKeyReadsBackFromItsTextAndFromTheHeaderAndMatchesItsOwnHashOnly() {
        AccessKey key = AccessKey.generate(AccessKey.Kind.CAMERA, random);
        assertThat(key.text()).hasSize(5 + 32 + 1 + 43).startsWith("tcam_");
        assertThat(AccessKey.parse(key.text())).contains(key);
        assertThat(AccessKey.parse("Bearer " + key.text())).contains(key);
        assertThat(key.matches(key.secretSha256())).isTrue();
        assertThat(key.matches(AccessKey.generate(AccessKey.Kind.CAMERA, random).secretSha256()))
                .isFalse();
    }

    @Test
    void theHeaderPatternTheApiChecksAcceptsWhatTheCameraIsToldToSend() {
        Pattern header = Pattern.compile(dev.trafficcam.model.CameraGrant.KEY_HEADER_PATTERN);
        for (int i = 0; i < 200; i++) {
            assertThat(header.matcher("Bearer "
                                    + AccessKey.generate(AccessKey.Kind.CAMERA, random)
                                            .text())
                            .matches())
                    .isTrue();
        }
        String text = AccessKey.generate(AccessKey.Kind.CAMERA, random).text();
        assertThat(header.matcher(text).matches()).as("without Bearer").isFalse();
        assertThat(header.matcher("Bearer " + text + "x").matches()).isFalse();
    }

    @Test
    void aViewerKeyHasItsOwnPrefixAndTheHeaderPatternTakesIt() {
        AccessKey key = AccessKey.generate(AccessKey.Kind.VIEWER, random);
        assertThat(key.text()).hasSize(6 + 32 + 1 + 43).startsWith("tview_");
        assertThat(AccessKey.parse("Bearer " + key.text())).contains(key);
        assertThat(Pattern.compile(dev.trafficcam.model.CameraGrant.KEY_HEADER_PATTERN)
                        .matcher("Bearer " + key.text())
                        .matches())
                .isTrue();
        assertThat(Pattern.compile(dev.trafficcam.model.CameraGrant.KEY_HEADER_PATTERN)
                        .matcher("Bearer " + key.text().replace("tview_", "tother_"))
                        .matches())
                .isFalse();
        assertThat(AccessKey.parse(key.text().replace("tview_", "tcam_"))
                        .orElseThrow()
                        .kind())
                .isEqualTo(AccessKey.Kind.CAMERA);
    }

    @Test
    void whatIsNotAKeyIsNoKey() {
        String text = AccessKey.generate(AccessKey.Kind.CAMERA, random).text();
        assertThat(AccessKey.parse(null)).isEmpty();
        assertThat(AccessKey.parse("")).isEmpty();
        assertThat(AccessKey.parse("Basic " + text)).isEmpty();
        assertThat(AccessKey.parse(text.substring(0, text.length() - 1))).isEmpty();
        assertThat(AccessKey.parse(text.replace("tcam_", "tcam_G"))).isEmpty();
        assertThat(AccessKey.parse(text.toUpperCase())).isEmpty();
    }

    @Test
    void theSecretNeverShowsInItsText() {
        AccessKey key = AccessKey.generate(AccessKey.Kind.CAMERA, random);
        assertThat(key.toString())
                .contains(key.id().toString())
                .doesNotContain(key.text().substring(38));
    }
}
