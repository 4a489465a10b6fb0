package dev.trafficcam.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A frame's file name, parsed: {@code <address>_<city>_<country>_<dd-MM-yyyy>_<HH-mm-ss>[offset].<jpg|jpeg|png>}, for
 * example {@code tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg}. The time may carry its UTC offset, {@code Z} or
 * {@code +HHMM} / {@code -HHMM} ({@code ..._30-10-2022_02-30-00+0200.jpg}); names without one, as every camera sent
 * until then, stay valid and are read in the camera's time zone ({@link CaptureTimes}). The name is URL-decoded, so the
 * {@code +} of an offset may come as {@code %2B} or as itself, which decoding turns into a space.
 *
 * <p>The name is URL-decoded first ({@code %XX} as UTF-8, {@code +} as a space), then read from the right, so that the
 * address may itself hold {@code _}. Address, city and country may hold letters of any script (with their combining
 * marks), digits, spaces, {@code -}, {@code .} and {@code '}; they are trimmed and put in Unicode NFC so that one
 * camera has one spelling. Path separators, control characters, impossible dates and times are rejected with a message
 * that says which part is wrong and why.
 *
 * @param fileName the decoded file name as the camera sent it
 * @param camera the camera the name identifies
 * @param capturedAt the camera's local capture time, the wall-clock time in the name
 * @param format the format the extension announces
 * @param offset the UTC offset the name gives after the time, or null (most names): then the camera's time zone says
 */
public record FrameName(
        String fileName, Camera camera, LocalDateTime capturedAt, ImageFormat format, ZoneOffset offset) {

    /** Longest accepted name after decoding, in characters (a common file-system limit). */
    public static final int MAX_LENGTH = 255;

    static final String PATTERN_TEXT =
            "<address>_<city>_<country>_<dd-MM-yyyy>_<HH-mm-ss>[Z|+HHMM|-HHMM].<jpg|jpeg|png>";
    private static final Pattern DATE_SHAPE = Pattern.compile("[0-9]{2}-[0-9]{2}-[0-9]{4}");
    private static final Pattern TIME_SHAPE = Pattern.compile("[0-9]{2}-[0-9]{2}-[0-9]{2}");
    /** After the time: {@code Z}, or a sign (a space is a decoded {@code +}) and four digits. */
    private static final Pattern OFFSET_SHAPE = Pattern.compile("Z|[+ -][0-9]{4}");

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("dd-MM-uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH-mm-ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /**
     * Parses a (possibly URL-encoded) file name.
     *
     * @throws InvalidFrameNameException with a precise message when the name breaks the contract
     */
    public static FrameName parse(String raw) throws InvalidFrameNameException {
        if (raw == null || raw.isEmpty()) {
            throw invalid("the file name is missing; expected " + PATTERN_TEXT);
        }
        String name = urlDecode(raw);
        if (name.length() > MAX_LENGTH) {
            throw invalid(
                    "the file name is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        rejectSeparatorsAndControls(name);

        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw invalid("the file name has no extension; expected " + PATTERN_TEXT);
        }
        String extension = name.substring(dot + 1);
        ImageFormat format = ImageFormat.fromExtension(extension)
                .orElseThrow(
                        () -> invalid("the extension '." + extension + "' is not supported; use .jpg, .jpeg or .png"));

        String stem = name.substring(0, dot);
        int timeAt = stem.lastIndexOf('_');
        int dateAt = timeAt < 0 ? -1 : stem.lastIndexOf('_', timeAt - 1);
        int countryAt = dateAt < 0 ? -1 : stem.lastIndexOf('_', dateAt - 1);
        int cityAt = countryAt < 0 ? -1 : stem.lastIndexOf('_', countryAt - 1);
        if (cityAt < 0) {
            int fields = (int) stem.chars().filter(c -> c == '_').count() + 1;
            throw invalid("the file name has " + fields + " field" + (fields == 1 ? "" : "s")
                    + " separated by '_' where at least 5 are needed; expected " + PATTERN_TEXT);
        }
        String address = place("address", stem.substring(0, cityAt), true);
        String city = place("city", stem.substring(cityAt + 1, countryAt), false);
        String country = place("country", stem.substring(countryAt + 1, dateAt), false);
        LocalDate date = date(stem.substring(dateAt + 1, timeAt));
        String timeAndOffset = stem.substring(timeAt + 1);
        LocalTime time = time(timeAndOffset.length() > 8 ? timeAndOffset.substring(0, 8) : timeAndOffset);
        ZoneOffset offset = offset(timeAndOffset.substring(Math.min(8, timeAndOffset.length())));
        return new FrameName(name, new Camera(address, city, country), LocalDateTime.of(date, time), format, offset);
    }

    /**
     * The UTC offset a decoded file name gives after its time, or null when it gives none: for a stored frame, whose
     * name was decoded once already.
     *
     * @throws InvalidFrameNameException when what follows the time is not an offset
     */
    public static ZoneOffset offsetOf(String decodedName) throws InvalidFrameNameException {
        int dot = decodedName.lastIndexOf('.');
        String stem = dot < 0 ? decodedName : decodedName.substring(0, dot);
        String timeAndOffset = stem.substring(stem.lastIndexOf('_') + 1);
        return offset(timeAndOffset.substring(Math.min(8, timeAndOffset.length())));
    }

    private static ZoneOffset offset(String text) throws InvalidFrameNameException {
        if (text.isEmpty()) {
            return null;
        }
        if (!OFFSET_SHAPE.matcher(text).matches()) {
            throw invalid("'" + text + "' after the capture time is not a UTC offset; expected Z, +HHMM or -HHMM"
                    + " (for example 10-51-38+0200), or nothing");
        }
        if (text.equals("Z")) {
            return ZoneOffset.UTC;
        }
        int hours = Integer.parseInt(text.substring(1, 3));
        int minutes = Integer.parseInt(text.substring(3, 5));
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0)) {
            throw invalid("the UTC offset '" + text.strip() + "' is out of range: from -1400 to +1400");
        }
        int sign = text.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /**
     * The camera at a place, spelled as a frame's file name would spell it (trimmed, NFC, the same characters allowed),
     * so that a camera registered by hand matches the frames it sends.
     *
     * @throws InvalidFrameNameException naming the part that is wrong and why
     */
    public static Camera camera(String address, String city, String country) throws InvalidFrameNameException {
        for (String[] part : new String[][] {{"address", address}, {"city", city}, {"country", country}}) {
            if (part[1] == null) {
                throw invalid("the " + part[0] + " is missing");
            }
            rejectSeparatorsAndControls(part[1]);
        }
        return new Camera(
                place("address", address, true), place("city", city, false), place("country", country, false));
    }

    private static void rejectSeparatorsAndControls(String name) throws InvalidFrameNameException {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '/' || cp == '\\') {
                throw invalid("the file name contains a path separator '" + (char) cp + "' at position " + (i + 1));
            }
            if (Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                throw invalid(
                        "the file name contains the control character " + codePoint(cp) + " at position " + (i + 1));
            }
            i += Character.charCount(cp);
        }
    }

    private static String place(String part, String value, boolean underscoreAllowed) throws InvalidFrameNameException {
        String text = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
        if (text.isEmpty()) {
            throw invalid("the " + part + " is empty; expected " + PATTERN_TEXT);
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!placeCharacter(cp) && !(underscoreAllowed && cp == '_')) {
                throw invalid("the " + part + " '" + text + "' contains " + describe(cp) + " at position " + (i + 1)
                        + "; allowed are letters, digits, spaces, '-', '.' and '''"
                        + (underscoreAllowed ? " (and '_' in the address)" : ""));
            }
            i += Character.charCount(cp);
        }
        if (!Character.isLetterOrDigit(text.codePointAt(0)) && text.codePointAt(0) != '\'') {
            throw invalid("the " + part + " '" + text + "' must start with a letter or digit");
        }
        return text;
    }

    private static boolean placeCharacter(int cp) {
        if (Character.isLetterOrDigit(cp) || cp == ' ' || cp == '-' || cp == '.' || cp == '\'') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static LocalDate date(String text) throws InvalidFrameNameException {
        if (!DATE_SHAPE.matcher(text).matches()) {
            throw invalid("the capture date '" + text + "' is not in the form dd-MM-yyyy");
        }
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw invalid("the capture date '" + text + "' is not a real date (dd-MM-yyyy)");
        }
    }

    private static LocalTime time(String text) throws InvalidFrameNameException {
        if (!TIME_SHAPE.matcher(text).matches()) {
            throw invalid("the capture time '" + text + "' is not in the form HH-mm-ss");
        }
        try {
            return LocalTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            throw invalid("the capture time '" + text + "' is not a real time of day (HH-mm-ss, 00-00-00 to 23-59-59)");
        }
    }

    /** Decodes {@code %XX} escapes as UTF-8 and {@code +} as a space; malformed escapes are rejected. */
    static String urlDecode(String raw) throws InvalidFrameNameException {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()
                        || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw invalid("the file name has a malformed URL escape at position " + (i + 1)
                            + " ('%' must be followed by two hex digits)");
                }
                bytes.put((byte)
                        ((Character.digit(raw.charAt(i + 1), 16) << 4) | Character.digit(raw.charAt(i + 2), 16)));
                i += 3;
            } else {
                int cp = c == '+' ? ' ' : raw.codePointAt(i);
                bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("the file name's URL escapes do not decode as UTF-8");
        }
    }

    private static String describe(int cp) {
        if (Character.isWhitespace(cp) && cp != ' ') {
            return "the white-space character " + codePoint(cp);
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + codePoint(cp) + ")";
    }

    private static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    private static InvalidFrameNameException invalid(String message) {
        return new InvalidFrameNameException(message);
    }
}
