package dev.trafficcam.ops;

import dev.trafficcam.evaluation.CocoSet;
import dev.trafficcam.evaluation.Detector;
import dev.trafficcam.evaluation.HttpDetector;
import dev.trafficcam.evaluation.LabelledFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Scores a detector on a labelled COCO set of traffic frames ({@link dev.trafficcam.evaluation.Evaluator}): the local
 * detector, started for the evaluation ({@link LocalDetectorProcess}), a URL, or a deployed SageMaker endpoint. A table
 * on standard output, {@code evaluation.json} and {@code precision-recall.svg} in {@code --out}. Exit code 0 when it
 * ran, 1 when the detector failed, 2 for bad arguments or a set that cannot be read.
 */
@Command(
        name = "evaluate",
        description = "Scores a detector on a labelled COCO set: count error, precision and recall at IoU 0.5,"
                + " latency, throughput.")
final class EvaluateCommand implements Callable<Integer> {
    /** The local detector's own score floor: low, so that the curve covers every threshold worth choosing. */
    static final double LOCAL_FLOOR = 0.05;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--annotations",
            required = true,
            paramLabel = "FILE",
            description = "a COCO instances JSON file (images, categories, annotations)")
    Path annotations;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "where its file_names are")
    Path images;

    @ArgGroup(multiplicity = "0..1")
    Target target;

    @Option(
            names = "--local-detector-classpath",
            hidden = true,
            description = "where the local detector's classes are (tests): by default the local pipeline's jar")
    String localDetectorClasspath = "local-pipeline/target/local-pipeline.jar";

    /** Which detector: at most one of the two; neither is the local detector, started for the evaluation. */
    static final class Target {
        @Option(
                names = "--endpoint",
                paramLabel = "URL",
                description = "a URL that answers a POSTed frame with the Hugging Face detection JSON, e.g. a running"
                        + " local pipeline's <SageMaker>/endpoints/traffic-detector/invocations")
        URI endpoint;

        @Option(
                names = "--sagemaker-endpoint",
                paramLabel = "NAME",
                description = "a deployed SageMaker endpoint, called with your AWS credentials")
        String sageMakerEndpoint;
    }

    @Mixin
    AwsOptions aws;

    @Option(
            names = "--min-score",
            paramLabel = "SCORE",
            description = "the threshold counts, precision and recall are given at (default: ${DEFAULT-VALUE})")
    double minScore = 0.5;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description =
                    "frames sent at once: 1 measures latency, more measures throughput (default: ${DEFAULT-VALUE})")
    int concurrency = 1;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "per frame (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = 60;

    @Option(names = "--out", paramLabel = "DIR", description = "where the results go (default: ${DEFAULT-VALUE})")
    Path out = Path.of("evaluation");

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw bad("--min-score must be within 0..1, got " + minScore);
        }
        if (concurrency < 1 || timeoutSeconds < 1) {
            throw bad("--concurrency and --timeout must be at least 1");
        }
        if (target != null
                && target.endpoint != null
                && !("http".equals(target.endpoint.getScheme()) || "https".equals(target.endpoint.getScheme()))) {
            throw bad("--endpoint must be an http(s) URL, got '" + target.endpoint + "'");
        }
        List<LabelledFrame> frames;
        try {
            frames = CocoSet.read(annotations, images);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (target == null) {
            if (localDetectorClasspath.endsWith(".jar") && !Files.isReadable(Path.of(localDetectorClasspath))) {
                throw bad(
                        "no local detector at " + localDetectorClasspath + ": build it with ./run-local (run this from"
                                + " the repository), or name a detector with --endpoint or --sagemaker-endpoint");
            }
            stderr.println("evaluate: starting the local detector (CenterNet, as the local pipeline serves it)");
            try (LocalDetectorProcess local = LocalDetectorProcess.start(localDetectorClasspath, LOCAL_FLOOR)) {
                score(frames, new HttpDetector(local.url(), timeout), stdout, stderr);
            }
        } else if (target.endpoint != null) {
            score(frames, new HttpDetector(target.endpoint, timeout), stdout, stderr);
        } else {
            try (SageMakerEndpointDetector detector = new SageMakerEndpointDetector(
                    target.sageMakerEndpoint, aws.region(), aws.endpoint(null, "SAGEMAKER_RUNTIME"), timeout)) {
                score(frames, detector, stdout, stderr);
            }
        }
        return 0;
    }

    private void score(List<LabelledFrame> frames, Detector detector, PrintWriter stdout, PrintWriter stderr)
            throws IOException, InterruptedException {
        Scoring.score(frames, detector, minScore, concurrency, out, stdout, stderr);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
