package dev.trafficcam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameNameTest {

    @Test
    void parsesTheContractExample() throws Exception {
        FrameName name = FrameName.parse("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg");

        assertThat(name.camera()).isEqualTo(new Camera("tiensevest", "Leuven", "Belgium"));
        assertThat(name.capturedAt()).isEqualTo(LocalDateTime.of(2022, 10, 12, 10, 51, 38));
        assertThat(name.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(name.fileName()).isEqualTo("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg");
    }

    @Test
    void readsFromTheRightSoTheAddressMayHoldUnderscores() throws Exception {
        FrameName name = FrameName.parse("Rue_de_la_Loi_16_Brussels_Belgium_01-02-2023_00-00-00.png");

        assertThat(name.camera()).isEqualTo(new Camera("Rue_de_la_Loi_16", "Brussels", "Belgium"));
        assertThat(name.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void urlDecodesPercentEscapesAsUtf8AndPlusAsSpace() throws Exception {
        FrameName name = FrameName.parse("Stra%C3%9Fe%2012_K%C3%B6ln_Deutschland_29-02-2024_23-59-59.JPEG");

        assertThat(name.camera()).isEqualTo(new Camera("Straße 12", "Köln", "Deutschland"));
        assertThat(name.capturedAt()).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59));
        assertThat(name.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(FrameName.parse("Main+Street_New+York_USA_01-01-2020_12-00-00.jpg")
                        .camera())
                .isEqualTo(new Camera("Main Street", "New York", "USA"));
    }

    @Test
    void acceptsLettersOfAnyScriptDigitsAndPunctuationOfPlaceNames() throws Exception {
        assertThat(FrameName.parse("Невский проспект 28_Санкт-Петербург_Россия_05-06-2021_08-15-00.jpg")
                        .camera())
                .isEqualTo(new Camera("Невский проспект 28", "Санкт-Петербург", "Россия"));
        assertThat(FrameName.parse("銀座四丁目_東京_日本_05-06-2021_08-15-00.jpg")
                        .camera()
                        .city())
                .isEqualTo("東京");
        assertThat(FrameName.parse("Markt 1_'s-Hertogenbosch_Nederland_05-06-2021_08-15-00.png")
                        .camera()
                        .city())
                .isEqualTo("'s-Hertogenbosch");
        assertThat(FrameName.parse("St. Mary's Rd_Washington D.C._USA_05-06-2021_08-15-00.jpg")
                        .camera())
                .isEqualTo(new Camera("St. Mary's Rd", "Washington D.C.", "USA"));
        assertThat(FrameName.parse("राजपथ_नई दिल्ली_भारत_05-06-2021_08-15-00.jpg")
                        .camera()
                        .country())
                .isEqualTo("भारत");
    }

    @Test
    void putsPlaceNamesInNfcSoOneCameraHasOneSpelling() throws Exception {
        String decomposed = "Ko\u0308ln";
        FrameName name = FrameName.parse("Ring 1_" + decomposed + "_DE_01-01-2020_12-00-00.jpg");
        assertThat(name.camera().city()).isEqualTo("Köln").hasSize(4);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of(null, "missing"),
                Arguments.of("", "missing"),
                Arguments.of("frame.jpg", "has 1 field separated by '_' where at least 5 are needed"),
                Arguments.of("a_b_c_12-10-2022.jpg", "has 4 fields"),
                Arguments.of("a_b_c_12-10-2022_10-51-38", "no extension"),
                Arguments.of("a_b_c_12-10-2022_10-51-38.gif", "extension '.gif' is not supported"),
                Arguments.of("a_b_c_12-10-2022_10-51-38.", "extension '.' is not supported"),
                Arguments.of("../etc_b_c_12-10-2022_10-51-38.jpg", "path separator '/'"),
                Arguments.of("a%2Fb_b_c_12-10-2022_10-51-38.jpg", "path separator '/' at position 2"),
                Arguments.of("a\\b_b_c_12-10-2022_10-51-38.jpg", "path separator '\\'"),
                Arguments.of("a%00_b_c_12-10-2022_10-51-38.jpg", "control character U+0000"),
                Arguments.of("a\nb_b_c_12-10-2022_10-51-38.jpg", "control character U+000A"),
                Arguments.of("a\u202Eb_b_c_12-10-2022_10-51-38.jpg", "control character U+202E"),
                Arguments.of("a%zz_b_c_12-10-2022_10-51-38.jpg", "malformed URL escape at position 2"),
                Arguments.of("a%4_b_c_12-10-2022_10-51-38.jpg", "malformed URL escape"),
                Arguments.of("a%C3%28_b_c_12-10-2022_10-51-38.jpg", "do not decode as UTF-8"),
                Arguments.of("a_b_c_31-02-2022_10-51-38.jpg", "capture date '31-02-2022' is not a real date"),
                Arguments.of("a_b_c_29-02-2023_10-51-38.jpg", "capture date '29-02-2023' is not a real date"),
                Arguments.of("a_b_c_12-13-2022_10-51-38.jpg", "'12-13-2022' is not a real date"),
                Arguments.of("a_b_c_2022-10-12_10-51-38.jpg", "'2022-10-12' is not in the form dd-MM-yyyy"),
                Arguments.of("a_b_c_12-10-2022_24-00-00.jpg", "capture time '24-00-00' is not a real time of day"),
                Arguments.of("a_b_c_12-10-2022_10-60-00.jpg", "'10-60-00' is not a real time"),
                Arguments.of("a_b_c_12-10-2022_10:51:38.jpg", "'10:51:38' is not in the form HH-mm-ss"),
                Arguments.of("a_b_c_12-10-2022_١٠-٥١-٣٨.jpg", "is not in the form HH-mm-ss"),
                Arguments.of("_b_c_12-10-2022_10-51-38.jpg", "the address is empty"),
                Arguments.of("a_ _c_12-10-2022_10-51-38.jpg", "the city is empty"),
                Arguments.of("a_b__12-10-2022_10-51-38.jpg", "the country is empty"),
                Arguments.of("a_b#1_c_12-10-2022_10-51-38.jpg", "the city 'b#1' contains '#' (U+0023) at position 2"),
                Arguments.of("a;rm -rf_b_c_12-10-2022_10-51-38.jpg", "the address 'a;rm -rf' contains ';'"),
                Arguments.of("a_b_c<script>_12-10-2022_10-51-38.jpg", "the country 'c<script>' contains '<'"),
                Arguments.of("a_-b_c_12-10-2022_10-51-38.jpg", "the city '-b' must start with a letter or digit"),
                Arguments.of("x".repeat(250) + "_b_c_12-10-2022_10-51-38.jpg", "at most 255 are allowed"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void rejectsBrokenNamesWithAPreciseMessage(String raw, String expectedMessagePart) {
        assertThatThrownBy(() -> FrameName.parse(raw))
                .isInstanceOf(InvalidFrameNameException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    /** Property: any name built from valid parts parses back to exactly those parts, encoded or not. */
    @Test
    void anyWellFormedNameParsesBackToItsParts() throws Exception {
        Random random = new Random(20221012);
        for (int i = 0; i < 2_000; i++) {
            String address = randomPlace(random, true);
            String city = randomPlace(random, false);
            String country = randomPlace(random, false);
            LocalDateTime at = LocalDateTime.of(1990 + random.nextInt(60), 1, 1, 0, 0, 0)
                    .plusDays(random.nextInt(366))
                    .plusSeconds(random.nextInt(86_400));
            String ext = List.of("jpg", "jpeg", "png", "JPG", "Png").get(random.nextInt(5));
            String name = "%s_%s_%s_%02d-%02d-%04d_%02d-%02d-%02d.%s"
                    .formatted(
                            address,
                            city,
                            country,
                            at.getDayOfMonth(),
                            at.getMonthValue(),
                            at.getYear(),
                            at.getHour(),
                            at.getMinute(),
                            at.getSecond(),
                            ext);
            String sent = random.nextBoolean() ? name : percentEncode(name);

            FrameName parsed = FrameName.parse(sent);

            assertThat(parsed.camera()).as(sent).isEqualTo(new Camera(address, city, country));
            assertThat(parsed.capturedAt()).as(sent).isEqualTo(at);
            assertThat(parsed.format()).isEqualTo(ImageFormat.fromExtension(ext).orElseThrow());
            assertThat(parsed.fileName()).isEqualTo(name);
        }
    }

    /** Property: inserting a forbidden character anywhere into a valid name is always rejected, never crashes. */
    @Test
    void anyForbiddenCharacterIsRejected() {
        Random random = new Random(7);
        String valid = "Main Street 5_Leuven_Belgium_12-10-2022_10-51-38.jpg";
        int[] forbidden = {
            '/', '\\', 0, 7, 0x1F, 0x7F, 0x85, 0x2028, 0x202E, 0xFEFF, '#', '?', '*', '<', '"', '|', ':', '%'
        };
        for (int i = 0; i < 1_000; i++) {
            int cp = forbidden[random.nextInt(forbidden.length)];
            int at = random.nextInt(valid.indexOf("_12-"));
            String broken = valid.substring(0, at) + new String(Character.toChars(cp)) + valid.substring(at);
            if (cp == '%') {
                broken = broken.replace("%", "%G");
            }
            String sent = broken;
            assertThatThrownBy(() -> FrameName.parse(sent)).as(sent).isInstanceOf(InvalidFrameNameException.class);
        }
    }

    private static String randomPlace(Random random, boolean underscore) {
        String alphabet = "abcXYZ019 -.'éßжЖ東京م" + (underscore ? "_" : "");
        StringBuilder sb = new StringBuilder();
        sb.append("aZ9東ж".charAt(random.nextInt(5)));
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        sb.append("bY7".charAt(random.nextInt(3)));
        return sb.toString();
    }

    private static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    @Test
    void aNameMayGiveItsUtcOffsetAfterTheTimeAndNamesWithoutOneStayValid() throws Exception {
        assertThat(FrameName.parse("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg")
                        .offset())
                .isNull();
        FrameName plus = FrameName.parse("tiensevest_Leuven_Belgium_30-10-2022_02-30-00%2B0100.jpg");
        assertThat(plus.capturedAt()).isEqualTo(LocalDateTime.of(2022, 10, 30, 2, 30));
        assertThat(plus.offset()).isEqualTo(java.time.ZoneOffset.ofHours(1));
        assertThat(plus.camera().address()).isEqualTo("tiensevest");
        // a '+' sent as itself is decoded to a space, which can only be the offset's sign there
        assertThat(FrameName.parse("tiensevest_Leuven_Belgium_30-10-2022_02-30-00+0200.jpg")
                        .offset())
                .isEqualTo(java.time.ZoneOffset.ofHours(2));
        assertThat(FrameName.parse("Main St_New York_USA_06-11-2022_01-30-00-0500.png")
                        .offset())
                .isEqualTo(java.time.ZoneOffset.ofHours(-5));
        assertThat(FrameName.parse("tiensevest_Leuven_Belgium_12-10-2022_08-51-38Z.jpg")
                        .offset())
                .isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(FrameName.parse("Kolkata Rd_Kolkata_India_12-10-2022_08-51-38+0530.jpg")
                        .offset())
                .isEqualTo(java.time.ZoneOffset.ofHoursMinutes(5, 30));
        // a stored name, decoded once already
        assertThat(FrameName.offsetOf("tiensevest_Leuven_Belgium_30-10-2022_02-30-00+0100.jpg"))
                .isEqualTo(java.time.ZoneOffset.ofHours(1));
        assertThat(FrameName.offsetOf("tiensevest_Leuven_Belgium_30-10-2022_02-30-00.jpg"))
                .isNull();
    }

    @Test
    void anOffsetThatIsNotOneIsRefusedWithWhatIsExpected() {
        for (String sent : java.util.List.of(
                "tiensevest_Leuven_Belgium_30-10-2022_02-30-00CET.jpg",
                "tiensevest_Leuven_Belgium_30-10-2022_02-30-00+01.jpg",
                "tiensevest_Leuven_Belgium_30-10-2022_02-30-00+01:00.jpg")) {
            assertThatThrownBy(() -> FrameName.parse(sent))
                    .as(sent)
                    .isInstanceOf(InvalidFrameNameException.class)
                    .hasMessageContaining("expected Z, +HHMM or -HHMM");
        }
        assertThatThrownBy(() -> FrameName.parse("tiensevest_Leuven_Belgium_30-10-2022_02-30-00+1500.jpg"))
                .hasMessageContaining("out of range");
    }
}
