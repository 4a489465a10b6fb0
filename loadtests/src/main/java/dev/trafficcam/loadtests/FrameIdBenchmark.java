package dev.trafficcam.loadtests;

import dev.trafficcam.inference.testing.TestFrames;
import dev.trafficcam.model.Checksums;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What making the frame id from the frame adds to the hot path: the id itself (one SHA-256 of the camera, capture time
 * and checksum) beside the checksum of the bytes, which the event carried before ids were made this way. Compare the
 * two in one run (docs/PERFORMANCE.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameIdBenchmark {
    private byte[] frame;
    private FrameName name;
    private String sha256;

    @Setup
    public void setUp() throws InvalidFrameNameException {
        frame = TestFrames.frame(TestFrames.STREET_220);
        name = FrameName.parse("tiensevest_Leuven_Belgium_12-10-2022_10-51-38.jpg");
        sha256 = Checksums.sha256Hex(frame);
    }

    @Benchmark
    public UUID frameId() {
        return FrameIds.forFrame(name.camera(), name.capturedAt(), sha256);
    }

    @Benchmark
    public String checksumOfTheBytes() {
        return Checksums.sha256Hex(frame);
    }
}
