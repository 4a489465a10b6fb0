package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PersistenceEventJsonTest {
    private static final String SHA = "a".repeat(64);

    private static FrameName name() throws InvalidFrameNameException {
        return FrameName.parse("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg");
    }

    private static PersistenceEvent detected() throws InvalidFrameNameException {
        List<Detection> detections = List.of(
                new Detection(TrafficClass.CAR, 0.91, new BoundingBox(10, 20, 110, 90)),
                new Detection(TrafficClass.PERSON, 0.55, new BoundingBox(300, 100, 340, 220)));
        return PersistenceEvent.detected(
                FrameIds.forFrame(name().camera(), name().capturedAt(), SHA),
                Instant.parse("2026-11-24T10:00:00.123Z"),
                name(),
                detections,
                new ModelInfo("detr", 812),
                FrameImage.inline(ImageFormat.JPEG, new byte[] {1, 2, 3}, SHA, 768, 576));
    }

    @Test
    void writesTheDocumentedShape() throws Exception {
        JsonNode json = Json.mapper().readTree(PersistenceEvents.toJson(detected()));

        assertThat(json.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(json.get("receivedAt").textValue()).isEqualTo("2026-11-24T10:00:00.123Z");
        assertThat(json.get("capturedAt").textValue()).isEqualTo("2022-10-12T10:51:38");
        assertThat(json.get("status").textValue()).isEqualTo("DETECTED");
        assertThat(json.has("distortion")).isFalse();
        assertThat(json.get("camera").get("city").textValue()).isEqualTo("Leuven");
        assertThat(json.get("detections").get(0).get("label").textValue()).isEqualTo("car");
        assertThat(json.get("detections").get(0).get("box").get("xmax").intValue())
                .isEqualTo(110);
        assertThat(json.get("counts").get("car").intValue()).isEqualTo(1);
        assertThat(json.get("counts").get("bus").intValue()).isZero();
        assertThat(json.get("image").get("contentType").textValue()).isEqualTo("image/jpeg");
        assertThat(json.get("image").get("data").textValue()).isEqualTo("AQID");
        assertThat(json.get("image").has("s3Key")).isFalse();
    }

    @Test
    void roundTripsDetectedAndDistortedEvents() throws Exception {
        PersistenceEvent event = detected();
        assertThat(PersistenceEvents.fromJson(PersistenceEvents.toJson(event))).isEqualTo(event);
        // the people to blur travel with the event; an event written before them reads as none
        PersistenceEvent withPeople = event.withPeople(List.of(new BoundingBox(1, 2, 30, 60)));
        assertThat(PersistenceEvents.fromJson(PersistenceEvents.toJson(withPeople)))
                .isEqualTo(withPeople);
        String older =
                new String(PersistenceEvents.toJson(event), StandardCharsets.UTF_8).replace(",\"people\":[]", "");
        assertThat(older).doesNotContain("people");
        assertThat(PersistenceEvents.fromJson(older.getBytes(StandardCharsets.UTF_8))
                        .people())
                .isEmpty();

        UUID id = FrameIds.forFrame(name().camera(), name().capturedAt(), "b".repeat(64));
        PersistenceEvent distorted = PersistenceEvent.distorted(
                id,
                Instant.now(),
                name(),
                new Distortion(DistortionReason.BLURRED, "sharpness 3.1 is below 40"),
                FrameImage.claimCheck(ImageFormat.PNG, 5_000_000, SHA, 1920, 1080, S3Keys.claimCheck(id)));
        PersistenceEvent back = PersistenceEvents.fromJson(PersistenceEvents.toJson(distorted));
        assertThat(back).isEqualTo(distorted);
        assertThat(back.distortion().reason()).isEqualTo(DistortionReason.BLURRED);
        assertThat(back.image().isInline()).isFalse();
        assertThat(S3Keys.stored(back)).isEqualTo("distorted/" + back.frameId() + ".png");
        assertThat(S3Keys.stored(event)).isEqualTo("frames/" + event.frameId() + ".jpg");
    }

    @Test
    void toleratesUnknownPropertiesWithinAVersion() throws Exception {
        String json = new String(PersistenceEvents.toJson(detected()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\":true,");
        assertThat(PersistenceEvents.fromJson(json.getBytes(StandardCharsets.UTF_8))
                        .counts()
                        .get(TrafficClass.CAR))
                .isEqualTo(1);
    }

    @Test
    void eventsThatCanNeverBeStoredFailWithTheNamedError() throws Exception {
        String good = new String(PersistenceEvents.toJson(detected()), StandardCharsets.UTF_8);
        List<String> bad = List.of(
                "not json",
                "[1,2]",
                "{}",
                good.replace("\"schemaVersion\":1", "\"schemaVersion\":2"),
                good.replace("\"counts\":{\"car\":1", "\"counts\":{\"car\":7"),
                good.replace("\"label\":\"car\"", "\"label\":\"zeppelin\""),
                good.replace("\"status\":\"DETECTED\"", "\"status\":\"LOST\""),
                good.replace("\"frameId\":\"", "\"frameId\":\"x"),
                good.replace("\"sha256\":\"" + SHA, "\"sha256\":\"xyz"));
        for (String text : bad) {
            assertThatThrownBy(() -> PersistenceEvents.fromJson(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text.length() > 60 ? text.substring(0, 60) : text)
                    .isInstanceOf(InvalidEventException.class);
        }
        assertThatThrownBy(() -> PersistenceEvents.fromJson(good.replace("\"schemaVersion\":1", "\"schemaVersion\":2")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("schemaVersion 2");
    }

    @Test
    void aFrameHasOneIdMadeFromItsCameraCaptureTimeAndBytes() throws Exception {
        FrameName name = name();
        UUID id = FrameIds.forFrame(name.camera(), name.capturedAt(), SHA);
        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
        // the same frame sent again, even under another spelling of the extension, is the same frame
        FrameName resent = FrameName.parse("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpeg");
        assertThat(FrameIds.forFrame(resent.camera(), resent.capturedAt(), SHA)).isEqualTo(id);
        assertThat(FrameIds.capturedAtOf(id)).isEqualTo(name.capturedAt());
        // another image under the same name, another camera, another second: another frame
        assertThat(FrameIds.forFrame(name.camera(), name.capturedAt(), "b".repeat(64)))
                .isNotEqualTo(id);
        assertThat(FrameIds.forFrame(new Camera("tiensevest", "Leuven", "Belgiu"), name.capturedAt(), SHA))
                .isNotEqualTo(id);
        // the length prefixes keep the parts apart: moving a letter between address and city changes the id
        assertThat(FrameIds.forFrame(new Camera("tiensevestL", "euven", "Belgium"), name.capturedAt(), SHA))
                .isNotEqualTo(id);
        UUID later = FrameIds.forFrame(name.camera(), name.capturedAt().plusSeconds(1), SHA);
        assertThat(later).isNotEqualTo(id);
        // time-ordered: ids sort by capture time as text and as PostgreSQL's uuid (bytewise)
        assertThat(id.toString().compareTo(later.toString())).isNegative();
        UUID otherCameraLater = FrameIds.forFrame(
                new Camera("Bondgenotenlaan", "Leuven", "Belgium"),
                name.capturedAt().plusSeconds(1),
                "f".repeat(64));
        assertThat(id.toString().compareTo(otherCameraLater.toString())).isNegative();
        assertThatThrownBy(() -> FrameIds.capturedAtOf(UUID.randomUUID())).hasMessageContaining("version 8");
    }

    @Test
    void aClaimCheckIsTheFramesOwnIncomingKeyAndNoOther() throws Exception {
        UUID id = FrameIds.forFrame(name().camera(), name().capturedAt(), SHA);
        String good = new String(
                PersistenceEvents.toJson(detected()
                        .withImage(FrameImage.claimCheck(ImageFormat.JPEG, 3, SHA, 768, 576, S3Keys.claimCheck(id)))),
                StandardCharsets.UTF_8);
        assertThat(PersistenceEvents.fromJson(good.getBytes(StandardCharsets.UTF_8))
                        .image()
                        .s3Key())
                .isEqualTo("incoming/" + id);
        for (String key : List.of(
                "frames/" + id + ".jpg", "incoming/" + UUID.randomUUID(), "incoming/" + id + "/../x", "annotated/x")) {
            String forged = good.replace("\"s3Key\":\"incoming/" + id + "\"", "\"s3Key\":\"" + key + "\"");
            assertThat(forged).contains(key);
            assertThatThrownBy(() -> PersistenceEvents.fromJson(forged.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("incoming/" + id);
        }
    }

    @Test
    void theEventsLengthIsKnownWithoutWritingTheImage() throws Exception {
        PersistenceEvent small = detected();
        assertThat(PersistenceEvents.jsonLength(small)).isEqualTo(PersistenceEvents.toJson(small).length);
        byte[] image = new byte[EventLimits.INLINE_IMAGE_MAX_BYTES];
        new java.util.Random(7).nextBytes(image);
        PersistenceEvent large = small.withImage(FrameImage.inline(ImageFormat.JPEG, image, SHA, 768, 576));
        assertThat(PersistenceEvents.jsonLength(large)).isEqualTo(PersistenceEvents.toJson(large).length);
        assertThat(EventLimits.fitsAsyncInvoke(large)).isTrue();
        byte[] tooLarge = new byte[EventLimits.ASYNC_PAYLOAD_LIMIT / 4 * 3];
        assertThat(EventLimits.fitsAsyncInvoke(
                        small.withImage(FrameImage.inline(ImageFormat.JPEG, tooLarge, SHA, 1, 1))))
                .isFalse();
        assertThat(EventLimits.RECORD_ENVELOPE_RESERVE).isEqualTo(48_576);
    }

    @Test
    void checksumsAreLowerCaseHexSha256() {
        assertThat(Checksums.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
