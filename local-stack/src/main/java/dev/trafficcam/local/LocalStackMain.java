package dev.trafficcam.local;

import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local-stack/target/local-stack.jar [--api-port N] [--data-dir DIR]}: starts the
 * whole pipeline on loopback, prints each endpoint and then a line with {@code ready}; Ctrl-C
 * stops every part.
 */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalStack.Options defaults = LocalStack.Options.defaults();
        int apiPort = defaults.apiPort();
        Path dataDir = defaults.dataDir();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--api-port" -> apiPort = port(value(args, ++i, "--api-port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar local-stack/target/local-stack.jar [--api-port N (8080)] [--data-dir DIR (./.local-stack)]");
                    return;
                }
                default -> fail(2, "unknown argument '" + args[i] + "'; see --help");
            }
        }
        long start = System.nanoTime();
        System.out.println("starting the local stack (data in " + dataDir.toAbsolutePath() + ") ...");
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(apiPort, dataDir, defaults.modelCache(), defaults.minScore(),
                    defaults.concurrency(), defaults.retryDelays(), defaults.log()));
        } catch (BindException e) {
            fail(3, "port " + apiPort + " is already in use: stop what uses it or start with --api-port N");
            return;
        } catch (Exception e) {
            fail(1, "the local stack did not start: " + e.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local stack ...");
            stack.close();
            stopped.countDown();
        }));
        LocalStack.Endpoints e = stack.endpoints();
        System.out.println("API          " + e.api() + "/frames/{fileName}   (POST, Content-Type image/jpeg or image/png)");
        System.out.println("S3           " + e.s3() + "   bucket " + e.bucket() + "   access key " + LocalStack.ACCESS_KEY
                + " / secret " + LocalStack.SECRET_KEY);
        System.out.println("SQS          " + e.sqs() + "   failure queue " + e.failureQueueUrl());
        System.out.println("PostgreSQL   " + e.psqlUrl() + "   (password postgres)   JDBC " + e.jdbcUrl());
        System.out.println("Lambda, SageMaker stand-ins   " + e.aws());
        System.out.printf("ready in %.1f s (Ctrl-C stops)%n", (System.nanoTime() - start) / 1e9);
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(2, flag + " needs a value");
        }
        return args[i];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            fail(2, "--api-port takes a port number 0..65535, got '" + text + "'");
            return -1;
        }
    }

    private static void fail(int code, String message) {
        System.err.println("local-stack: " + message);
        System.exit(code);
    }
}
