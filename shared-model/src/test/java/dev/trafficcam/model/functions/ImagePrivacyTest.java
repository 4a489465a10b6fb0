package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagePrivacyTest {
    @Test
    void anImageExpiresAtTheMidnightUtcAfterItsRetentionAsS3RoundsIt() {
        ImagePrivacy month = ImagePrivacy.DEFAULT;
        // S3's own example shape: stored in the day, expires at the next midnight after the days are added
        assertThat(month.imagesExpireAt(Instant.parse("2026-01-01T10:30:00Z")))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(month.imagesExpireAt(Instant.parse("2026-01-01T23:59:59Z")))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(new ImagePrivacy(true, true, 1).imagesExpireAt(Instant.parse("2026-03-31T00:00:01Z")))
                .isEqualTo(Instant.parse("2026-04-02T00:00:00Z"));
    }

    @Test
    void readsItsVariablesAndNamesABadOne() {
        assertThat(ImagePrivacy.from(new FunctionEnvironment(Map.of()))).isEqualTo(ImagePrivacy.DEFAULT);
        ImagePrivacy set = ImagePrivacy.from(new FunctionEnvironment(
                Map.of("BLUR_PEOPLE", "false", "KEEP_ORIGINALS", "FALSE", "IMAGE_RETENTION_DAYS", "7")));
        assertThat(set).isEqualTo(new ImagePrivacy(false, false, 7));
        assertThat(set.storing()).containsEntry("BLUR_PEOPLE", "false").containsEntry("KEEP_ORIGINALS", "false");
        assertThat(set.reading()).containsEntry("IMAGE_RETENTION_DAYS", "7");

        FunctionEnvironment bad = new FunctionEnvironment(Map.of("BLUR_PEOPLE", "no", "IMAGE_RETENTION_DAYS", "0"));
        ImagePrivacy.from(bad);
        assertThat(bad.problems())
                .containsExactly(
                        "BLUR_PEOPLE must be 'true' or 'false', got 'no'",
                        "IMAGE_RETENTION_DAYS must be 1 to 3650, got 0");
        assertThatThrownBy(() -> new ImagePrivacy(true, true, 4000))
                .hasMessageContaining("imageRetentionDays must be 1 to 3650 days, got 4000");
    }

    @Test
    void drawingOnReadNeedsTheFrameItDrawsOn() {
        ImagePrivacy onRead = ImagePrivacy.from(new FunctionEnvironment(Map.of("ANNOTATE_ON_READ", "true")));
        assertThat(onRead.annotateOnRead()).isTrue();
        assertThat(onRead.storing()).containsEntry("ANNOTATE_ON_READ", "true");
        assertThat(ImagePrivacy.DEFAULT.annotateOnRead()).isFalse();

        assertThatThrownBy(() -> new ImagePrivacy(true, false, 30, true))
                .hasMessageContaining("annotateOnRead=true needs keepOriginals=true");
        FunctionEnvironment both =
                new FunctionEnvironment(Map.of("ANNOTATE_ON_READ", "true", "KEEP_ORIGINALS", "false"));
        assertThat(ImagePrivacy.from(both).annotateOnRead()).isFalse();
        assertThat(both.problems()).containsExactly("ANNOTATE_ON_READ=true needs KEEP_ORIGINALS=true");
        // a drawn copy goes at the second midnight UTC after it was drawn, as S3 rounds a one-day rule
        assertThat(ImagePrivacy.drawnExpireAt(Instant.parse("2026-03-31T23:59:00Z")))
                .isEqualTo(Instant.parse("2026-04-02T00:00:00Z"));
    }

    @Test
    void aWindowOfImagesStartsOnAMultipleOfItsSecondsSinceTheEpoch() {
        ImagePrivacy minute = ImagePrivacy.DEFAULT.withImageEverySeconds(60);
        assertThat(minute.everyFrame()).isFalse();
        assertThat(minute.imageWindowStart(Instant.parse("2026-12-05T10:15:59Z")))
                .isEqualTo(Instant.parse("2026-12-05T10:15:00Z"));
        assertThat(minute.imageWindowStart(Instant.parse("2026-12-05T10:16:00Z")))
                .isEqualTo(Instant.parse("2026-12-05T10:16:00Z"));
        // before the epoch the window still starts at or before the time, not after it
        assertThat(minute.imageWindowStart(Instant.parse("1969-12-31T23:59:30Z")))
                .isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
        assertThat(ImagePrivacy.DEFAULT
                        .withImageEverySeconds(300)
                        .imageWindowStart(Instant.parse("2026-12-05T10:14:59Z")))
                .isEqualTo(Instant.parse("2026-12-05T10:10:00Z"));
        assertThat(minute.sampledReason()).isEqualTo("sampled: one image every 60 s a camera");
        assertThat(ImagePrivacy.DEFAULT.everyFrame()).isTrue();
        assertThatThrownBy(() -> ImagePrivacy.DEFAULT.imageWindowStart(Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class);

        assertThat(ImagePrivacy.from(new FunctionEnvironment(Map.of("IMAGE_EVERY_SECONDS", "60"))))
                .isEqualTo(minute);
        assertThat(minute.storing()).containsEntry("IMAGE_EVERY_SECONDS", "60");
        FunctionEnvironment bad = new FunctionEnvironment(Map.of("IMAGE_EVERY_SECONDS", "-1"));
        assertThat(ImagePrivacy.from(bad).everyFrame()).isTrue();
        assertThat(bad.problems()).containsExactly("IMAGE_EVERY_SECONDS must be 0 to 86400, got -1");
        assertThatThrownBy(() -> ImagePrivacy.DEFAULT.withImageEverySeconds(86_401))
                .hasMessageContaining("imageEverySeconds must be 0 (every frame) or 1 to 86400 seconds, got 86401");
    }
}
