package dev.trafficcam.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CameraKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aKeyReadsBackFromItsTextAndFromTheHeaderAndMatchesItsOwnHashOnly() {
        CameraKey key = CameraKey.generate(random);
        assertThat(key.text()).hasSize(5 + 32 + 1 + 43).startsWith("tcam_");
        assertThat(CameraKey.parse(key.text())).contains(key);
        assertThat(CameraKey.parse("Bearer " + key.text())).contains(key);
        assertThat(key.matches(key.secretSha256())).isTrue();
        assertThat(key.matches(CameraKey.generate(random).secretSha256())).isFalse();
    }

    @Test
    void theHeaderPatternTheApiChecksAcceptsWhatTheCameraIsToldToSend() {
        Pattern header = Pattern.compile(dev.trafficcam.model.CameraGrant.KEY_HEADER_PATTERN);
        for (int i = 0; i < 200; i++) {
            assertThat(header.matcher("Bearer " + CameraKey.generate(random).text()).matches()).isTrue();
        }
        String text = CameraKey.generate(random).text();
        assertThat(header.matcher(text).matches()).as("without Bearer").isFalse();
        assertThat(header.matcher("Bearer " + text + "x").matches()).isFalse();
    }

    @Test
    void whatIsNotAKeyIsNoKey() {
        String text = CameraKey.generate(random).text();
        assertThat(CameraKey.parse(null)).isEmpty();
        assertThat(CameraKey.parse("")).isEmpty();
        assertThat(CameraKey.parse("Basic " + text)).isEmpty();
        assertThat(CameraKey.parse(text.substring(0, text.length() - 1))).isEmpty();
        assertThat(CameraKey.parse(text.replace("tcam_", "tcam_G"))).isEmpty();
        assertThat(CameraKey.parse(text.toUpperCase())).isEmpty();
    }

    @Test
    void theSecretNeverShowsInItsText() {
        CameraKey key = CameraKey.generate(random);
        assertThat(key.toString()).contains(key.id().toString()).doesNotContain(key.text().substring(38));
    }
}
