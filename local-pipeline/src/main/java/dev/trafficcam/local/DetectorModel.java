package dev.trafficcam.local;

import dev.trafficcam.model.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The detector's weights: CenterNet (MobileNetV3, COCO) as a TensorFlow.js graph model, from the MIT-licensed npm
 * package {@code @vladmandic/human@3.3.6} ({@code models/centernet.json} and {@code .bin}). Fetched once with
 * {@code npm pack}, checked against pinned SHA-256 sums, and kept in a cache directory; never committed.
 */
public final class DetectorModel {
    static final String PACKAGE = "@vladmandic/human@3.3.6";
    static final String JSON_SHA256 = "bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05";
    static final String BIN_SHA256 = "1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef";
    private static final long NPM_TIMEOUT_SECONDS = 300;
    private static final long PROGRESS_EVERY_MS = 5_000;

    private DetectorModel() {}

    /** Where the model is cached when nothing else is said: {@code ~/.cache/traffic-camera-pipeline/models}. */
    public static Path defaultCache() {
        String configured = System.getenv("TRAFFICCAM_MODEL_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "traffic-camera-pipeline", "models");
    }

    /** The directory holding verified {@code centernet.json} and {@code centernet.bin}, fetching them if needed. */
    public static Path ensure(Path cache) throws IOException {
        return ensure(cache, line -> {});
    }

    /**
     * As {@link #ensure(Path)}, telling {@code progress} what it fetches and, every few seconds, how long it has been
     * at it: the first fetch takes a while, and a silent start looks like a hang.
     */
    public static Path ensure(Path cache, Consumer<String> progress) throws IOException {
        Path dir = cache.resolve("centernet-human-3.3.6");
        Path json = dir.resolve("centernet.json");
        Path bin = dir.resolve("centernet.bin");
        if (Files.exists(json)
                && Files.exists(bin)
                && sha256(json).equals(JSON_SHA256)
                && sha256(bin).equals(BIN_SHA256)) {
            return dir;
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(cache, "npm-pack-");
        progress.accept("fetching the detector's weights once (npm pack " + PACKAGE + ") into " + dir);
        long start = System.nanoTime();
        try {
            Path tarball = npmPack(work, progress);
            progress.accept(String.format(
                    "fetched %s: %.1f MB in %.0f s; checking its SHA-256 sums",
                    PACKAGE, Files.size(tarball) / 1e6, (System.nanoTime() - start) / 1e9));
            extract(tarball, "package/models/centernet.json", json);
            extract(tarball, "package/models/centernet.bin", bin);
            extract(tarball, "package/LICENSE", dir.resolve("LICENSE"));
        } finally {
            deleteTree(work);
        }
        if (!sha256(json).equals(JSON_SHA256) || !sha256(bin).equals(BIN_SHA256)) {
            throw new IOException("the CenterNet model from " + PACKAGE + " does not match its pinned SHA-256 sums; "
                    + "delete " + dir + " and try again");
        }
        return dir;
    }

    private static Path npmPack(Path work, Consumer<String> progress) throws IOException {
        List<String> command = List.of("npm", "pack", "--silent", PACKAGE);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "npm is needed once to fetch the detector's weights (" + PACKAGE + "), but it is not "
                            + "installed: install Node.js and npm (e.g. 'apt-get install npm') and start again",
                    e);
        }
        String output;
        long start = System.nanoTime();
        Thread ticker = Thread.ofVirtual().start(() -> {
            try {
                while (process.isAlive()) {
                    Thread.sleep(PROGRESS_EVERY_MS);
                    if (process.isAlive()) {
                        progress.accept(String.format(
                                "still fetching %s (%.0f s of at most %d)",
                                PACKAGE, (System.nanoTime() - start) / 1e9, NPM_TIMEOUT_SECONDS));
                    }
                }
            } catch (InterruptedException e) {
                // the fetch ended
            }
        });
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes());
            if (!process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + PACKAGE + " did not finish in " + NPM_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + PACKAGE, e);
        } finally {
            ticker.interrupt();
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    "npm pack " + PACKAGE + " failed (exit " + process.exitValue() + "): " + output.strip());
        }
        try (var files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + PACKAGE + " produced no tarball"));
        }
    }

    /** Copies one file out of a .tgz (tar, gzip) without an external tar. */
    static void extract(Path tgz, String entry, Path target) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = cString(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = cString(header, 345, 155);
                String fullName = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = Long.parseLong(
                        cString(header, 124, 12).trim().isEmpty()
                                ? "0"
                                : cString(header, 124, 12).trim(),
                        8);
                long padded = (size + 511) / 512 * 512;
                if (fullName.equals(entry)) {
                    Path partial = target.resolveSibling(target.getFileName() + ".partial");
                    Files.write(partial, in.readNBytes((int) size));
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                in.skipNBytes(padded);
            }
        }
        throw new IOException(tgz.getFileName() + " has no " + entry);
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, java.nio.charset.StandardCharsets.US_ASCII);
    }

    static String sha256(Path file) throws IOException {
        return Checksums.sha256Hex(Files.readAllBytes(file));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
