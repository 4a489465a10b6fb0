package dev.trafficcam.loadtests;

import dev.trafficcam.inference.check.CheckResult;
import dev.trafficcam.inference.check.CheckThresholds;
import dev.trafficcam.inference.check.ImageChecker;
import dev.trafficcam.inference.testing.TestFrames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The image check on a real 768x576 street frame (JPEG) and the same frame as PNG: signature, header, trailer,
 * subsampled grey decode, contrast, exposure and blur. Sample-time mode, so JMH reports p50/p90/p99 per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
public class ImageCheckBenchmark {
    @Param({"jpeg", "png"})
    public String format;

    private ImageChecker checker;
    private byte[] frame;

    @Setup
    public void setUp() {
        checker = new ImageChecker(CheckThresholds.DEFAULTS);
        byte[] jpeg = TestFrames.frame(TestFrames.STREET_220);
        frame = "png".equals(format) ? TestFrames.encode(TestFrames.decode(jpeg), "png") : jpeg;
        if (!(checker.check(frame) instanceof CheckResult.Passed)) {
            throw new IllegalStateException("the benchmark frame must pass the check");
        }
    }

    @Benchmark
    public CheckResult check() {
        return checker.check(frame);
    }
}
