package dev.trafficcam.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local detector alone, as a SageMaker endpoint on loopback: what {@code ./run-local evaluate} scores when it is
 * given no other detector. Prints its invocations URL as the first line of standard output (progress, such as the
 * weights' first fetch, goes to standard error) and stops when its standard input closes, so it never outlives the
 * command that started it.
 *
 * <pre>java -cp local-pipeline/target/local-pipeline.jar dev.trafficcam.local.DetectorServer [MIN_SCORE]</pre>
 *
 * {@code MIN_SCORE} (default 0.05) is the detector's own floor: low, so that the evaluation's curve covers the
 * thresholds a deployment might choose.
 */
public final class DetectorServer {
    private DetectorServer() {}

    public static void main(String[] args) throws Exception {
        double minScore = args.length > 0 ? Double.parseDouble(args[0]) : 0.05;
        CenterNetDetector detector = CenterNetDetector.load(
                DetectorModel.ensure(DetectorModel.defaultCache(), line -> System.err.println("detector: " + line)),
                minScore);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            server.createContext(
                    SageMakerStandIn.PATH, new SageMakerStandIn(LocalPipeline.ENDPOINT_NAME, detector)::handle);
            server.setExecutor(threads);
            server.start();
            System.out.println("http://127.0.0.1:" + server.getAddress().getPort() + SageMakerStandIn.PATH
                    + LocalPipeline.ENDPOINT_NAME + "/invocations");
            System.out.flush();
            waitForEndOfInput();
        } finally {
            server.stop(0);
            threads.shutdownNow();
            detector.close();
        }
    }

    private static void waitForEndOfInput() throws IOException {
        while (System.in.read() >= 0) {
            // the caller closes standard input when it is done
        }
    }
}
