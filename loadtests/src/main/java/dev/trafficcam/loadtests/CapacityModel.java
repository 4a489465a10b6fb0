package dev.trafficcam.loadtests;

import dev.trafficcam.model.functions.DetectorPreset;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LambdaFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * How one deployment fares at 10, 1,000 and 100,000 cameras, each sending a frame every 5 s (or 10 s): a discrete-event
 * simulation of the request path and the asynchronous path, fed by the per-frame costs measured here
 * (docs/PERFORMANCE.md), checked against each AWS limit that can bind, with what to raise and what a month costs.
 * docs/CAPACITY.md holds its output and how to read it.
 *
 * <p>The simulation, per size: every camera sends at a random phase of its 5 s period (with ±0.5 s of jitter), so
 * frames arrive as the cameras' superposition, not as a smooth rate. Each frame passes
 *
 * <ol>
 *   <li>API Gateway's account throttle, a token bucket (10,000 requests/s, bucket 5,000);
 *   <li>the inference function: a new request is throttled when the function's in-flight requests reach its concurrency
 *       (the account's quota less what other functions reserve); its duration is its own work, the wait for a free
 *       model worker and the model's time;
 *   <li>the SageMaker endpoint: FCFS over instances x workers, sized as its target-tracking policy keeps it (load at
 *       {@link #TARGET_UTILISATION} of one instance's peak, {@code EndpointScaling}), its requests routed to the least
 *       busy instance (or, to compare, to a random one);
 *   <li>the persistence function, invoked asynchronously: FCFS over its reserved concurrency; an event's wait is its
 *       age in Lambda's queue (dropped past 6 h, {@code Lifetimes.MAX_EVENT_AGE}).
 * </ol>
 *
 * Service times are drawn from piecewise-linear quantile functions through the measured percentiles.
 *
 * <p>Each detector preset ({@link DetectorPreset}) brings its model's p50 and MAX_RPS and its instance's price, so each
 * preset is costed on the same inputs, beside Rekognition and an edge design.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.CapacityModel [SECONDS] [SEED]</pre>
 */
public final class CapacityModel {
    /** Each camera sends a frame every 5 s (the design's rate); 10 s is costed beside it. */
    static final double PERIOD_S = 5.0;

    /**
     * What is deployed, and how often cameras send.
     *
     * @param preset the detector
     * @param periodS seconds between a camera's frames
     * @param privacy what is stored of each frame, and for how long ({@code keepOriginals}, {@code annotateOnRead},
     *     {@code imageRetentionDays})
     * @param targetUtilisation the endpoint's target-tracking target as a share of MAX_RPS
     * @param leastOutstanding SageMaker's routing: least outstanding requests (as deployed), or random, its default
     * @param waf the web ACL in front of the API ({@code wafRateLimit} above 0)
     */
    record Deployment(
            DetectorPreset preset,
            double periodS,
            ImagePrivacy privacy,
            double targetUtilisation,
            boolean leastOutstanding,
            boolean waf) {
        static final Deployment DEFAULT =
                new Deployment(DetectorPreset.DEFAULT, PERIOD_S, ImagePrivacy.DEFAULT, TARGET_UTILISATION, true, true);

        Deployment withPreset(DetectorPreset p) {
            return new Deployment(p, periodS, privacy, targetUtilisation, leastOutstanding, waf);
        }

        Deployment withPeriod(double seconds) {
            return new Deployment(preset, seconds, privacy, targetUtilisation, leastOutstanding, waf);
        }

        Deployment withPrivacy(ImagePrivacy p) {
            return new Deployment(preset, periodS, p, targetUtilisation, leastOutstanding, waf);
        }

        Deployment withTarget(double share) {
            return new Deployment(preset, periodS, privacy, share, leastOutstanding, waf);
        }

        Deployment withLeastOutstanding(boolean on) {
            return new Deployment(preset, periodS, privacy, targetUtilisation, on, waf);
        }

        Deployment withWaf(boolean on) {
            return new Deployment(preset, periodS, privacy, targetUtilisation, leastOutstanding, on);
        }

        /** Images for one frame a camera in each window of {@code seconds} ({@code imageEverySeconds}). */
        Deployment withImageEverySeconds(int seconds) {
            return withPrivacy(privacy.withImageEverySeconds(seconds));
        }

        /**
         * The share of frames stored with images: all of them, or one in each {@code imageEverySeconds} window of a
         * camera, a frame in {@code imageEverySeconds / periodS} (windows start on whole multiples, and a camera's
         * frames fall in them at its period).
         */
        double imageShare() {
            return privacy.everyFrame() ? 1.0 : Math.min(1.0, periodS / privacy.imageEverySeconds());
        }

        /** The persistence function's mean time a frame, as a share of a frame stored with its images. */
        double persistenceShare() {
            return imageShare() + (1 - imageShare()) * NO_IMAGE_PERSISTENCE_SHARE;
        }

        /** The database's CPU a frame: the stored frame's, and with windows of images, the window's claim. */
        double dbCpuMsPerFrame() {
            return DB_CPU_MS_PER_FRAME + (privacy.everyFrame() ? 0 : IMAGE_CLAIM_CPU_MS);
        }

        /** The annotated copy only ({@code keepOriginals=false}). */
        Deployment copyOnly() {
            return withPrivacy(new ImagePrivacy(privacy.blurPeople(), false, privacy.imageRetentionDays(), false));
        }

        /** The frame only, its copy drawn when opened ({@code annotateOnRead=true}). */
        Deployment drawnOnRead() {
            return withPrivacy(new ImagePrivacy(privacy.blurPeople(), true, privacy.imageRetentionDays(), true));
        }

        /**
         * S3 PUTs a frame: the frame and the annotated copy, or one of them (claim checks are rare, and a copy drawn on
         * read is one PUT a day per frame opened, which most never are).
         */
        double putsPerFrame() {
            return (privacy.keepOriginals() && !privacy.annotateOnRead() ? 2 : 1) * imageShare();
        }

        /**
         * KB stored a frame: the blurred 768x576 frame 80.7 and its copy 95.5; the 640-pixel copy alone, 68.5; or the
         * frame alone, its copy drawn on read.
         */
        double kbPerFrame() {
            double kb = !privacy.keepOriginals() ? 68.5 : privacy.annotateOnRead() ? 80.7 : 80.7 + 95.5;
            return kb * imageShare();
        }
    }

    // ---- measured here (docs/PERFORMANCE.md); ms ----
    /**
     * The inference function's own work (total − model), real-process path, warm: p50 14.4–17.0 (docs/PERFORMANCE.md);
     * tail shape from HandlerOverhead (p95/p50 1.6, p99/p50 2.9).
     */
    static final Quantiles INFERENCE_OWN_MS_1536 = new Quantiles(6, 15, 24, 44, 120);
    /**
     * The same at the deployed 1,024 MB: its CPU share is 1,024/1,536 of what it was, and its part is CPU-bound (12 ms
     * of CPU in ~14 ms, docs/PERFORMANCE.md), so it stretches by 1.5 (estimated; arm64's speed is not measured here).
     */
    static final Quantiles INFERENCE_OWN_MS =
            INFERENCE_OWN_MS_1536.times(1536.0 / LambdaFunctions.INFERENCE.memoryMb());
    /**
     * The persistence function, real-process path, warm, its logged ms: p50 60–78 (docs/PERFORMANCE.md); tail shape
     * from PersistenceSteps (p95/p50 1.47, p99/p50 2.24). Loopback S3 and PostgreSQL: in AWS add their RTTs.
     */
    static final Quantiles PERSISTENCE_MS = new Quantiles(30, 70, 103, 157, 600);
    /**
     * A frame stored without images ({@code imageEverySeconds}, its window claimed by another frame) against one stored
     * with them: p50 2.37 against 36.93 ms in one PersistenceSteps run (2026-12-05), nothing decoded, blurred, drawn or
     * put. Applied to {@link #PERSISTENCE_MS} for the function's cost; the simulated concurrency keeps every frame's
     * full time, an upper bound.
     */
    static final double NO_IMAGE_PERSISTENCE_SHARE = 2.37 / 36.93;
    /**
     * The detector's time, shape of the local detector's measured distribution (p50 96, p95 226, docs/PERFORMANCE.md),
     * scaled to the preset's p50 ({@link DetectorPreset#modelP50Ms}, estimated until measured on an endpoint).
     */
    static final Quantiles MODEL_SHAPE = new Quantiles(0.6, 1.0, 2.35, 3.2, 6.0);

    /**
     * The endpoint's target-tracking target as a share of MAX_RPS. SageMaker's guide says to start at 0.5; the load
     * here is cameras on timers, whose sum hardly moves within the minute target tracking needs to react, so the margin
     * only has to carry an instance lost until it is replaced and the queueing at the workers. docs/CAPACITY.md, "The
     * endpoint's target", shows the wait at 0.5, 0.7 and 0.85.
     */
    static final double TARGET_UTILISATION = 0.7;

    // ---- assumed, to be measured in AWS (say so wherever they are used) ----
    /**
     * Database CPU per frame: the PersistenceSteps transaction plus the stored check, ~3.7–5 ms wall on loopback, used
     * as an upper bound of the writer's CPU.
     */
    static final double DB_CPU_MS_PER_FRAME = 4.0;
    /**
     * With {@code imageEverySeconds}, the window's claim (FrameRepository.imageDue): one more transaction, the camera's
     * row read by its unique index and one row updated by its key. Estimated at an eighth of the frame's transaction.
     */
    static final double IMAGE_CLAIM_CPU_MS = 0.5;

    // ---- per frame, counted in the code ----
    /** Statements per frame: stored check, camera, frame, detections (one multi-row insert), counts, hour. */
    static final int STATEMENTS_PER_FRAME = 6;
    /** Rows written per frame with 8 detections: frame, 8 detections, counts, hour (camera rows exist). */
    static final int ROWS_PER_FRAME = 11;
    /** Database bytes per frame with its detections, counts and indexes: 5.6 GB for 10 million (RollupScale). */
    static final double DB_BYTES_PER_FRAME = 560;
    /** The persistence event: the frame base64 (80 KB × 4/3) and ~2 KB of JSON. */
    static final double EVENT_KB = 80 * 4.0 / 3 + 2;

    static final int INFERENCE_MB = LambdaFunctions.INFERENCE.memoryMb();
    static final int PERSISTENCE_MB = LambdaFunctions.PERSISTENCE.memoryMb();

    // ---- AWS limits (defaults; cited in docs/CAPACITY.md) ----
    static final double API_RPS = 10_000;
    static final double API_BURST = 5_000;
    static final int ACCOUNT_CONCURRENCY = 1_000;
    static final int PERSISTENCE_RESERVED = 50;
    static final int READ_RESERVED = 10;
    static final double S3_PUTS_PER_PREFIX = 3_500;
    static final double AURORA_MAX_ACU = 256;
    /** vCPU to ACU for Aurora's memory-optimised ratio (2 GiB an ACU, 8 GiB a vCPU). */
    static final double ACU_PER_VCPU = 4;

    // ---- list prices, us-east-1, on demand (sources in docs/CAPACITY.md, "Prices") ----
    static final double HOURS_A_MONTH = 730;
    static final double LAMBDA_GB_S = 0.0000166667;
    /** arm64 (Graviton), the first 6 billion GB-s a month (Lambda pricing). */
    static final double LAMBDA_ARM_GB_S = 0.0000133334;

    static final double LAMBDA_PER_MILLION = 0.20;
    /** SageMaker real-time inference, per instance-hour (SageMaker pricing, On-Demand, us-east-1). */
    static final Map<String, Double> SAGEMAKER_H =
            Map.of("ml.m5.xlarge", 0.23, "ml.c5.xlarge", 0.204, "ml.g4dn.xlarge", 0.7364);
    /** AWS WAF: per million requests inspected, and the web ACL with its one rule a month (AWS WAF pricing). */
    static final double WAF_PER_MILLION = 0.60;

    static final double WAF_MONTH = 5 + 1;
    static final double AURORA_ACU_H = 0.12;
    static final double PROXY_ACU_H = 0.015;
    static final double S3_PUT_PER_1000 = 0.005;
    static final double S3_GB_MONTH = 0.023;
    static final double DB_GB_MONTH = 0.10;
    static final double LOGS_GB = 0.50;
    static final double LOG_KB_PER_FRAME = 2;
    static final double FIXED_MONTH = 15 + 2 + 1; // interface endpoint, idle Lambda/API/SQS/alarms, rotation

    private CapacityModel() {}

    /** A piecewise-linear quantile function through (0, p0), (0.5, p50), (0.95, p95), (0.99, p99), (1, max). */
    record Quantiles(double p0, double p50, double p95, double p99, double max) {
        double sample(Random random) {
            double u = random.nextDouble();
            if (u < 0.5) {
                return p0 + (p50 - p0) * u / 0.5;
            } else if (u < 0.95) {
                return p50 + (p95 - p50) * (u - 0.5) / 0.45;
            } else if (u < 0.99) {
                return p95 + (p99 - p95) * (u - 0.95) / 0.04;
            }
            return p99 + (max - p99) * (u - 0.99) / 0.01;
        }

        double mean() {
            return 0.5 * (p0 + p50) / 2 + 0.45 * (p50 + p95) / 2 + 0.04 * (p95 + p99) / 2 + 0.01 * (p99 + max) / 2;
        }

        Quantiles times(double f) {
            return new Quantiles(p0 * f, p50 * f, p95 * f, p99 * f, max * f);
        }
    }

    /** What one simulated size came to. */
    record Outcome(
            int cameras,
            double framesPerSecond,
            long frames,
            long apiThrottled,
            long lambdaThrottled,
            double inferenceConcurrencyP99,
            double inferenceConcurrencyMax,
            Percentiles inferenceMs,
            Percentiles modelWaitMs,
            int modelInstances,
            int persistenceConcurrencyNeeded,
            Percentiles persistenceAgeMs,
            double persistenceAgeGrowthPerHourS) {}

    /** The default deployment (today's preset, one frame every 5 s). */
    static Outcome simulate(
            int cameras, double seconds, int persistenceReserved, int accountConcurrency, double apiRps, long seed) {
        return simulate(Deployment.DEFAULT, cameras, seconds, persistenceReserved, accountConcurrency, apiRps, seed);
    }

    /** The instances target tracking keeps for a frame rate: load at the target share of MAX_RPS, at least one. */
    static int instances(Deployment d, double framesPerSecond) {
        return Math.max(
                1, (int) Math.ceil(framesPerSecond / (d.preset().maxRps().value() * d.targetUtilisation())));
    }

    /** Simulates {@code seconds} of traffic from {@code cameras} cameras against one deployment as configured. */
    static Outcome simulate(
            Deployment d,
            int cameras,
            double seconds,
            int persistenceReserved,
            int accountConcurrency,
            double apiRps,
            long seed) {
        Random random = new Random(seed);
        double period = d.periodS();
        double rate = cameras / period;
        double maxRps = d.preset().maxRps().value();
        Quantiles model = MODEL_SHAPE.times(d.preset().modelP50Ms().value());
        int instances = instances(d, rate);
        int workersPerInstance = Math.max(1, (int) Math.round(maxRps * model.mean() / 1000));
        int inferenceLimit = accountConcurrency - persistenceReserved - READ_RESERVED;

        // arrivals: each camera at its phase, every period, with jitter; sorted
        List<Double> arrivals = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            double phase = random.nextDouble() * period;
            for (double t = phase; t < seconds; t += period) {
                arrivals.add(Math.max(0, t + (random.nextDouble() - 0.5)));
            }
        }
        double[] at =
                arrivals.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        double tokens = API_BURST;
        double lastRefill = 0;
        PriorityQueue<Double> inFlight = new PriorityQueue<>();
        // least outstanding requests: the earliest free worker of any instance; random: a random instance's earliest
        PriorityQueue<Double> modelWorkers = new PriorityQueue<>();
        double[][] byInstance = d.leastOutstanding() ? null : new double[instances][workersPerInstance];
        if (d.leastOutstanding()) {
            for (int i = 0; i < instances * workersPerInstance; i++) {
                modelWorkers.add(0.0);
            }
        }
        PriorityQueue<Double> persistenceWorkers = new PriorityQueue<>();
        for (int i = 0; i < persistenceReserved; i++) {
            persistenceWorkers.add(0.0);
        }
        long apiThrottled = 0;
        long lambdaThrottled = 0;
        List<Double> concurrency = new ArrayList<>();
        List<Double> inferenceMs = new ArrayList<>();
        List<Double> modelWaitMs = new ArrayList<>();
        List<Double> ages = new ArrayList<>();
        List<double[]> ageAt = new ArrayList<>();
        double persistenceBusySeconds = 0;
        for (double t : at) {
            tokens = Math.min(API_BURST, tokens + (t - lastRefill) * apiRps);
            lastRefill = t;
            if (tokens < 1) {
                apiThrottled++;
                continue;
            }
            tokens -= 1;
            while (!inFlight.isEmpty() && inFlight.peek() <= t) {
                inFlight.poll();
            }
            concurrency.add((double) inFlight.size());
            if (inFlight.size() >= inferenceLimit) {
                lambdaThrottled++;
                continue;
            }
            double own = INFERENCE_OWN_MS.sample(random) / 1000;
            double atModel = t + own * 0.4; // the check runs before the model call, the hand-off after
            double service = model.sample(random) / 1000;
            double start;
            if (byInstance == null) {
                start = Math.max(atModel, modelWorkers.poll());
                modelWorkers.add(start + service);
            } else {
                double[] workers = byInstance[random.nextInt(instances)];
                int earliest = 0;
                for (int w = 1; w < workers.length; w++) {
                    if (workers[w] < workers[earliest]) {
                        earliest = w;
                    }
                }
                start = Math.max(atModel, workers[earliest]);
                workers[earliest] = start + service;
            }
            double done = start + service + own * 0.6;
            inFlight.add(done);
            inferenceMs.add((done - t) * 1000);
            modelWaitMs.add((start - atModel) * 1000);

            double persistenceFree = persistenceWorkers.poll();
            double persistStart = Math.max(done, persistenceFree);
            double persistService = PERSISTENCE_MS.sample(random) / 1000;
            persistenceWorkers.add(persistStart + persistService);
            persistenceBusySeconds += persistService;
            double age = (persistStart - done) * 1000;
            ages.add(age);
            ageAt.add(new double[] {done, age});
        }
        // how fast the queue's age grows: the slope of age over the last half of the run, per hour
        double growth = 0;
        if (ageAt.size() > 10) {
            double[] a = ageAt.get(ageAt.size() / 2);
            double[] b = ageAt.getLast();
            growth = b[0] > a[0] ? (b[1] - a[1]) / 1000 / (b[0] - a[0]) * 3600 : 0;
        }
        int persistenceNeeded = (int) Math.ceil(persistenceBusySeconds / seconds);
        Percentiles c = new Percentiles(concurrency.isEmpty() ? List.of(0.0) : concurrency);
        return new Outcome(
                cameras,
                rate,
                at.length,
                apiThrottled,
                lambdaThrottled,
                c.at(99),
                c.max(),
                new Percentiles(inferenceMs.isEmpty() ? List.of(0.0) : inferenceMs),
                new Percentiles(modelWaitMs.isEmpty() ? List.of(0.0) : modelWaitMs),
                instances,
                persistenceNeeded,
                new Percentiles(ages.isEmpty() ? List.of(0.0) : ages),
                Math.max(0, growth));
    }

    /**
     * The persistence function's reserved concurrency a frame rate needs: its busy environments (Little's law) at 70 %.
     */
    static int reservedNeeded(double framesPerSecond) {
        return Math.max(PERSISTENCE_RESERVED, (int) Math.ceil(framesPerSecond * PERSISTENCE_MS.mean() / 1000 / 0.7));
    }

    /** A limit, and the number of cameras (one frame every 5 s each) at which it binds. */
    record Binds(String limit, String kind, double cameras, String then) {}

    /** Where each limit binds as cameras are added, from the per-frame costs (the same inputs as the simulation). */
    static List<Binds> breakpoints() {
        DetectorPreset preset = Deployment.DEFAULT.preset();
        double maxRps = preset.maxRps().value();
        double target = Deployment.DEFAULT.targetUtilisation();
        double inferenceS = (INFERENCE_OWN_MS.mean()
                        + MODEL_SHAPE.times(preset.modelP50Ms().value()).mean())
                / 1000;
        double persistenceS = PERSISTENCE_MS.mean() / 1000;
        double acuPerFps = DB_CPU_MS_PER_FRAME / 1000 * ACU_PER_VCPU / 0.7;
        List<Binds> all = new ArrayList<>(List.of(
                new Binds(
                        "SageMaker endpoint as deployed: 1 instance, no scaling policy until MAX_RPS is measured",
                        "setting",
                        maxRps * PERIOD_S,
                        "measure MAX_RPS, deploy with -c endpointMaxRps (and endpointMaxInstances); until then cameras queue on the model"),
                new Binds(
                        "SageMaker endpoint at endpointMaxInstances 4 (the default), at the policy's target (" + target
                                + " of MAX_RPS)",
                        "setting",
                        4 * maxRps * target * PERIOD_S,
                        "raise endpointMaxInstances, and the account's instance quota for " + preset.instanceType()
                                + " endpoints"),
                new Binds(
                        "Aurora Serverless v2 at its deployed maximum, 4 ACU, at 70 % CPU",
                        "setting", 4 / acuPerFps * PERIOD_S, "raise auroraMaxCapacity (up to 256 ACU)"),
                new Binds(
                        "persistence reserved concurrency 50, at 70 % busy",
                        "setting",
                        PERSISTENCE_RESERVED * 0.7 / persistenceS * PERIOD_S,
                        "raise it in LambdaFunctions.PERSISTENCE; RDS Proxy connections grow with it; past it, event age grows until events drop at 6 h"),
                new Binds(
                        "Lambda concurrency, account quota 1,000 a region (60 reserved for persistence and read)",
                        "quota",
                        (ACCOUNT_CONCURRENCY - PERSISTENCE_RESERVED - READ_RESERVED) / inferenceS * PERIOD_S,
                        "ask for more (Service Quotas); beyond it the API answers 429 and cameras resend"),
                new Binds(
                        "API keys, 10,000 an account and region (one per camera), cannot be raised",
                        "hard",
                        10_000,
                        "another stack in another account or region, or one key per group of cameras"),
                new Binds(
                        "S3, 3,500 PUT/s a partitioned prefix (frames/ and annotated/ each take every frame)",
                        "auto",
                        S3_PUTS_PER_PREFIX * PERIOD_S,
                        "S3 partitions a busy prefix by itself (503 SlowDown while it does; the functions retry); spread keys further"),
                new Binds(
                        "API Gateway, 10,000 requests/s an account and region",
                        "quota",
                        API_RPS * PERIOD_S,
                        "ask for more (Service Quotas)"),
                new Binds(
                        "Aurora Serverless v2 writer, 256 ACU, at 70 % CPU",
                        "hard",
                        AURORA_MAX_ACU / acuPerFps * PERIOD_S,
                        "one writer: shard cameras over clusters (several stacks)")));
        all.sort(java.util.Comparator.comparingDouble(Binds::cameras));
        return all;
    }

    /**
     * The month of a size, from its frame rate and what the simulation measured. Images and rows are costed twice: in
     * month 1 (that month's objects, held half the month on average) and at steady state, when the images of the last
     * {@code imageRetentionDays} + 0.5 days are kept (S3 rounds an expiry up to the next midnight) and the rows of a
     * year are (they are the counts; nothing expires them).
     */
    record Month(
            double api,
            double waf,
            double inferenceLambda,
            double persistenceLambda,
            double model,
            double aurora,
            double proxy,
            double s3Puts,
            double s3StorageMonth1,
            double s3StorageSteady,
            double dbStorageMonth1,
            double dbStorageYear,
            double logs,
            double fixed) {
        private double running() {
            return api + waf + inferenceLambda + persistenceLambda + model + aurora + proxy + s3Puts + logs + fixed;
        }

        double totalMonth1() {
            return running() + s3StorageMonth1 + dbStorageMonth1;
        }

        double totalSteady() {
            return running() + s3StorageSteady + dbStorageYear;
        }
    }

    static double auroraAcu(double framesPerSecond) {
        return auroraAcu(framesPerSecond, DB_CPU_MS_PER_FRAME);
    }

    static double auroraAcu(double framesPerSecond, double dbCpuMsPerFrame) {
        double acu = framesPerSecond * dbCpuMsPerFrame / 1000 * ACU_PER_VCPU / 0.7;
        return Math.max(0.5, Math.ceil(acu * 2) / 2);
    }

    /**
     * API Gateway REST's tiers per month: $3.50 per million for the first 333 million, $2.80 to 1 billion, $2.38 to 20
     * billion, $1.51 above.
     */
    static double apiGatewayMonth(double requests) {
        double[][] tiers = {{333e6, 3.50}, {667e6, 2.80}, {19e9, 2.38}, {Double.MAX_VALUE, 1.51}};
        double left = requests;
        double cost = 0;
        for (double[] tier : tiers) {
            double n = Math.min(left, tier[0]);
            cost += n / 1e6 * tier[1];
            left -= n;
            if (left <= 0) {
                break;
            }
        }
        return cost;
    }

    static Month month(Outcome o) {
        return month(Deployment.DEFAULT, o);
    }

    static Month month(Deployment d, Outcome o) {
        double frames = o.framesPerSecond() * 3600 * HOURS_A_MONTH;
        double inferenceS = o.inferenceMs().mean() / 1000;
        return common(d, o, frames, inferenceS, o.modelInstances() * instanceHour(d.preset()) * HOURS_A_MONTH);
    }

    /** The parts every design that sends frames to AWS shares, around the model's own cost. */
    private static Month common(Deployment d, Outcome o, double frames, double inferenceS, double model) {
        double persistenceS = PERSISTENCE_MS.mean() / 1000 * d.persistenceShare();
        double acu = auroraAcu(o.framesPerSecond(), d.dbCpuMsPerFrame());
        double gbPerFrame = d.kbPerFrame() / 1024 / 1024;
        double framesKeptSteady =
                o.cameras() * (86_400 / d.periodS()) * (d.privacy().imageRetentionDays() + 0.5);
        return new Month(
                apiGatewayMonth(frames),
                d.waf() ? frames / 1e6 * WAF_PER_MILLION + WAF_MONTH : 0,
                frames * (inferenceS * INFERENCE_MB / 1024.0 * inferenceGbSecond() + LAMBDA_PER_MILLION / 1e6),
                frames * (persistenceS * PERSISTENCE_MB / 1024.0 * LAMBDA_GB_S + LAMBDA_PER_MILLION / 1e6),
                model,
                acu * AURORA_ACU_H * HOURS_A_MONTH,
                Math.max(8, acu) * PROXY_ACU_H * HOURS_A_MONTH,
                frames * d.putsPerFrame() / 1000 * S3_PUT_PER_1000,
                frames * gbPerFrame * S3_GB_MONTH / 2,
                framesKeptSteady * gbPerFrame * S3_GB_MONTH,
                frames * DB_BYTES_PER_FRAME / 1e9 * DB_GB_MONTH / 2,
                frames * 11.5 * DB_BYTES_PER_FRAME / 1e9 * DB_GB_MONTH,
                frames * LOG_KB_PER_FRAME / 1024 / 1024 * LOGS_GB,
                FIXED_MONTH);
    }

    static double inferenceGbSecond() {
        return LambdaFunctions.INFERENCE.architecture().equals(dev.trafficcam.model.functions.FunctionSpec.ARM64)
                ? LAMBDA_ARM_GB_S
                : LAMBDA_GB_S;
    }

    static double instanceHour(DetectorPreset preset) {
        Double price = SAGEMAKER_H.get(preset.instanceType());
        if (price == null) {
            throw new IllegalArgumentException("no price for " + preset.instanceType() + ": add it to SAGEMAKER_H");
        }
        return price;
    }

    // ---- the alternatives, on the same inputs ----

    /**
     * Rekognition Image's Group 2 operations, DetectLabels among them, per image a month and account: $0.001 for the
     * first million, $0.0008 to 5 million, $0.0006 to 35 million, $0.00025 above (Rekognition pricing, us-east-1).
     */
    static double rekognitionMonth(double images) {
        double[][] tiers = {{1e6, 0.001}, {4e6, 0.0008}, {30e6, 0.0006}, {Double.MAX_VALUE, 0.00025}};
        double left = images;
        double cost = 0;
        for (double[] tier : tiers) {
            double n = Math.min(left, tier[0]);
            cost += n * tier[1];
            left -= n;
            if (left <= 0) {
                break;
            }
        }
        return cost;
    }

    /**
     * DetectLabels's time per call as the inference function waits on it: estimated, as Rekognition publishes no
     * latency; the same function waits on it instead of on the endpoint.
     */
    static final double REKOGNITION_P50_MS = 300;

    /** The same pipeline with the endpoint replaced by DetectLabels: no instances, a price per image. */
    static Month rekognition(Deployment d, Outcome o) {
        double frames = o.framesPerSecond() * 3600 * HOURS_A_MONTH;
        double inferenceS =
                (INFERENCE_OWN_MS.mean() + MODEL_SHAPE.times(REKOGNITION_P50_MS).mean()) / 1000;
        return common(d, o, frames, inferenceS, rekognitionMonth(frames));
    }

    /**
     * An edge design, on paper: a detector beside each camera sends counts once a minute and no images. All estimated:
     * a $400 box (an edge AI module of the ~$250 class with its case, power and mounting) written off over 36 months,
     * 10 W at $0.20 a kWh, and a minute's counts as one API request, one short function run and one row.
     */
    record Edge(double hardware, double power, double cloud) {
        static final double BOX_DOLLARS = 400;
        static final int MONTHS_WRITTEN_OFF = 36;
        static final double WATTS = 10;
        static final double DOLLARS_PER_KWH = 0.20;

        static Edge perCamera(int cameras) {
            double requests = 60 * HOURS_A_MONTH * cameras;
            double cloud = apiGatewayMonth(requests)
                    + requests * (0.05 * 0.5 * LAMBDA_ARM_GB_S + LAMBDA_PER_MILLION / 1e6)
                    + Math.max(0.5, auroraAcu(requests / HOURS_A_MONTH / 3600)) * AURORA_ACU_H * HOURS_A_MONTH
                    + FIXED_MONTH;
            return new Edge(
                    BOX_DOLLARS / MONTHS_WRITTEN_OFF, WATTS * HOURS_A_MONTH / 1000 * DOLLARS_PER_KWH, cloud / cameras);
        }

        double total() {
            return hardware + power + cloud;
        }
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 120;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 14;
        int[] sizes = {10, 1_000, 100_000};
        DetectorPreset preset = Deployment.DEFAULT.preset();
        System.out.printf(
                Locale.ROOT,
                "capacity model: %.0f s simulated per size, seed %d; default detector %s: model p50 %.0f ms (%s),"
                        + " %.1f requests/s an instance (%s), endpoint target %.2f of that%n%n",
                seconds,
                seed,
                preset.name(),
                preset.modelP50Ms().value(),
                preset.modelP50Ms().basis().label(),
                preset.maxRps().value(),
                preset.maxRps().basis().label(),
                TARGET_UTILISATION);
        List<Outcome> defaults = new ArrayList<>();
        List<Outcome> raised = new ArrayList<>();
        for (int cameras : sizes) {
            defaults.add(simulate(cameras, seconds, PERSISTENCE_RESERVED, ACCOUNT_CONCURRENCY, API_RPS, seed));
        }
        System.out.println("### What binds first, as cameras are added");
        System.out.println();
        System.out.println("| cameras | limit | kind | then |");
        System.out.println("| --- | --- | --- | --- |");
        for (Binds b : breakpoints()) {
            System.out.printf(Locale.ROOT, "| %,.0f | %s | %s | %s |%n", b.cameras(), b.limit(), b.kind(), b.then());
        }
        System.out.println();
        System.out.println("### Default quotas (persistence reserved concurrency " + PERSISTENCE_RESERVED
                + "), the endpoint and Aurora sized to the load");
        System.out.println();
        printDemand(defaults);
        for (Outcome o : defaults) {
            // what the size needs: the quotas raised to the demand the default run showed, with headroom
            int reserved = reservedNeeded(o.framesPerSecond());
            int account = Math.max(
                    ACCOUNT_CONCURRENCY,
                    (int) Math.ceil((o.framesPerSecond() * o.inferenceMs().mean() / 1000) * 1.5)
                            + reserved
                            + READ_RESERVED);
            double apiRps = Math.max(API_RPS, Math.ceil(o.framesPerSecond() * 1.5 / 1000) * 1000);
            raised.add(simulate(o.cameras(), seconds, reserved, account, apiRps, seed));
            System.out.printf(
                    Locale.ROOT,
                    "%d cameras, raised: account concurrency %d, persistence reserved %d, API %.0f requests/s%n",
                    o.cameras(),
                    account,
                    reserved,
                    apiRps);
        }
        System.out.println();
        System.out.println("### With the quotas raised to what each size needs");
        System.out.println();
        printDemand(raised);
        printLimits(raised);
        printCosts(raised);
        for (double period : new double[] {10, 5}) {
            printPresets(period, sizes, seconds, seed);
        }
        printTargets(seconds, seed);
        printLevers(seconds, seed);
        printAlternatives(sizes, seconds, seed);
    }

    /** One deployment at a size with the quotas raised to what that size needs. */
    static Outcome raisedRun(Deployment d, int cameras, double seconds, long seed) {
        double rate = cameras / d.periodS();
        double busyS = (INFERENCE_OWN_MS.mean()
                        + MODEL_SHAPE.times(d.preset().modelP50Ms().value()).mean())
                / 1000;
        int reserved = reservedNeeded(rate);
        int account = Math.max(ACCOUNT_CONCURRENCY, (int) Math.ceil(rate * busyS * 1.5) + reserved + READ_RESERVED);
        double apiRps = Math.max(API_RPS, Math.ceil(rate * 1.5 / 1000) * 1000);
        return simulate(d, cameras, seconds, reserved, account, apiRps, seed);
    }

    private static void printPresets(double period, int[] sizes, double seconds, long seed) {
        System.out.printf(
                Locale.ROOT,
                "### Per camera-month by detector, one frame every %.0f s (quotas raised; images kept %d days)%n%n",
                period,
                ImagePrivacy.DEFAULT_RETENTION_DAYS);
        System.out.println(
                "| detector | cameras | instances | API Gateway + WAF | inference Lambda | persistence Lambda | SageMaker | Aurora + RDS Proxy | S3 PUTs | S3 storage, month 1 / steady | DB storage, month 1 / a year on | logs | fixed | **a camera-month, month 1** | **steady state** | steady, copies drawn on read (`annotateOnRead=true`) | steady, annotated copy only (`keepOriginals=false`) | steady, images a minute (`imageEverySeconds=60`) |");
        System.out.println(
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (DetectorPreset p : DetectorPreset.ALL) {
            Deployment d = Deployment.DEFAULT.withPreset(p).withPeriod(period);
            for (int cameras : sizes) {
                Outcome o = raisedRun(d, cameras, seconds, seed);
                Month m = month(d, o);
                Month lean = month(d.copyOnly(), o);
                Month drawn = month(d.drawnOnRead(), o);
                Month minute = month(d.withImageEverySeconds(60), o);
                double n = cameras;
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %,d | %,d | $%.2f | $%.2f | $%.2f | $%.2f | $%.2f | $%.2f | $%.2f / $%.2f | $%.3f / $%.2f | $%.2f | $%.2f | **$%.2f** | **$%.2f** | $%.2f | $%.2f | $%.2f |%n",
                        p.name(),
                        cameras,
                        o.modelInstances(),
                        (m.api() + m.waf()) / n,
                        m.inferenceLambda() / n,
                        m.persistenceLambda() / n,
                        m.model() / n,
                        (m.aurora() + m.proxy()) / n,
                        m.s3Puts() / n,
                        m.s3StorageMonth1() / n,
                        m.s3StorageSteady() / n,
                        m.dbStorageMonth1() / n,
                        m.dbStorageYear() / n,
                        m.logs() / n,
                        m.fixed() / n,
                        m.totalMonth1() / n,
                        m.totalSteady() / n,
                        drawn.totalSteady() / n,
                        lean.totalSteady() / n,
                        minute.totalSteady() / n);
            }
        }
        System.out.println();
    }

    /** What the endpoint's target and routing do to the wait and the bill, at 1,000 cameras every 10 s. */
    private static void printTargets(double seconds, long seed) {
        System.out.println("### The endpoint's target utilisation, 1,000 cameras, one frame every 10 s");
        System.out.println();
        System.out.println(
                "| detector | routing | target (share of MAX_RPS) | instances | wait for a model worker p99, ms | camera's wait p50 / p99, ms | SageMaker a camera-month |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (DetectorPreset p : List.of(DetectorPreset.DETR_R50_CPU, DetectorPreset.RTDETR_R18_GPU)) {
            for (boolean leastOutstanding : new boolean[] {false, true}) {
                for (double target : new double[] {0.5, 0.7, 0.85}) {
                    Deployment d = Deployment.DEFAULT
                            .withPreset(p)
                            .withPeriod(10)
                            .withTarget(target)
                            .withLeastOutstanding(leastOutstanding);
                    Outcome o = raisedRun(d, 1_000, seconds, seed);
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %,d | %,.0f | %,.0f / %,.0f | $%.2f |%n",
                            p.name(),
                            leastOutstanding ? "least outstanding requests" : "random (SageMaker's default)",
                            target,
                            o.modelInstances(),
                            o.modelWaitMs().at(99),
                            o.inferenceMs().at(50),
                            o.inferenceMs().at(99),
                            month(d, o).model() / 1_000);
                }
            }
        }
        System.out.println();
    }

    /** From today's defaults to under $5, one step at a time, for the GPU preset at 100,000 cameras every 10 s. */
    private static void printLevers(double seconds, long seed) {
        System.out.println("### rtdetr-r18-gpu, 100,000 cameras, one frame every 10 s: the levers one by one");
        System.out.println();
        System.out.println("| step | built? | a camera-month at steady state |");
        System.out.println("| --- | --- | --- |");
        Deployment d =
                Deployment.DEFAULT.withPreset(DetectorPreset.RTDETR_R18_GPU).withPeriod(10);
        Outcome o = raisedRun(d, 100_000, seconds, seed);
        Object[][] steps = {
            {"the preset with the stack's defaults (originals kept, web ACL on)", "yes", d},
            {"-c annotateOnRead=true: the frame only, its copy drawn when opened", "yes", d.drawnOnRead()},
            {"-c keepOriginals=false: the annotated copy only, one PUT a frame", "yes", d = d.copyOnly()},
            {"-c wafRateLimit=0: no web ACL (per-camera keys and usage plans only)", "yes", d = d.withWaf(false)},
            {
                "-c imageEverySeconds=60: images for one frame a minute a camera, counts from every frame",
                "yes",
                d = d.withImageEverySeconds(60)
            },
            {
                "instead, the stack's defaults with only -c imageEverySeconds=60 (originals, copies, web ACL)",
                "yes",
                Deployment.DEFAULT
                        .withPreset(DetectorPreset.RTDETR_R18_GPU)
                        .withPeriod(10)
                        .withImageEverySeconds(60)
            }
        };
        for (Object[] step : steps) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | $%.2f |%n",
                    step[0],
                    step[1],
                    month((Deployment) step[2], o).totalSteady() / 100_000);
        }
        System.out.println();
    }

    private static void printAlternatives(int[] sizes, double seconds, long seed) {
        System.out.println("### Beside Rekognition DetectLabels and an edge design, a camera-month at steady state");
        System.out.println();
        System.out.println(
                "| frame every | cameras | cheapest preset (its name) | the same pipeline on Rekognition DetectLabels | of which Rekognition | edge boxes sending counts only |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (double period : new double[] {10, 5}) {
            for (int cameras : sizes) {
                double best = Double.MAX_VALUE;
                String bestName = "";
                Outcome any = null;
                Deployment base = Deployment.DEFAULT.withPeriod(period);
                for (DetectorPreset p : DetectorPreset.ALL) {
                    Deployment d = base.withPreset(p);
                    Outcome o = raisedRun(d, cameras, seconds, seed);
                    double perCamera = month(d, o).totalSteady() / cameras;
                    if (perCamera < best) {
                        best = perCamera;
                        bestName = p.name();
                    }
                    any = o;
                }
                Month r = rekognition(base, any);
                System.out.printf(
                        Locale.ROOT,
                        "| %.0f s | %,d | $%.2f (%s) | $%.2f | $%.2f | $%.2f |%n",
                        period,
                        cameras,
                        best,
                        bestName,
                        r.totalSteady() / cameras,
                        r.model() / cameras,
                        Edge.perCamera(cameras).total());
            }
        }
        System.out.println();
    }

    private static void printDemand(List<Outcome> outcomes) {
        System.out.println(
                "| cameras | frames/s | frames simulated | API throttled | Lambda throttled | inference concurrency p99 (max) | camera's wait p50 / p99, ms | wait for a model worker p99, ms | model instances | persistence concurrency needed | event age p50 / p99 / max, s | age growth, s per hour |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Outcome o : outcomes) {
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %,.0f | %,d | %,d | %,d | %,.0f (%,.0f) | %,.0f / %,.0f | %,.0f | %,d | %,d | %,.1f / %,.1f / %,.1f | %,.0f |%n",
                    o.cameras(),
                    o.framesPerSecond(),
                    o.frames(),
                    o.apiThrottled(),
                    o.lambdaThrottled(),
                    o.inferenceConcurrencyP99(),
                    o.inferenceConcurrencyMax(),
                    o.inferenceMs().at(50),
                    o.inferenceMs().at(99),
                    o.modelWaitMs().at(99),
                    o.modelInstances(),
                    o.persistenceConcurrencyNeeded(),
                    o.persistenceAgeMs().at(50) / 1000,
                    o.persistenceAgeMs().at(99) / 1000,
                    o.persistenceAgeMs().max() / 1000,
                    o.persistenceAgeGrowthPerHourS());
        }
        System.out.println();
    }

    private static void printLimits(List<Outcome> outcomes) {
        System.out.println(
                "| cameras | API requests/s (account quota 10,000) | Lambda concurrency, both functions (quota 1,000) | RDS Proxy connections (persistence + read + authorizer) | Aurora ACUs (writer; max 256) | statements/s, rows/s | S3 PUT/s per prefix (3,500 a partition) | async events, MB/s |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Outcome o : outcomes) {
            double rate = o.framesPerSecond();
            int reserved = reservedNeeded(rate);
            double lambda = o.inferenceConcurrencyP99() + o.persistenceConcurrencyNeeded();
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %,.0f | %,.0f | %,d | %.1f | %,.0f, %,.0f | %,.0f | %,.1f |%n",
                    o.cameras(),
                    rate,
                    lambda,
                    reserved + READ_RESERVED + 10,
                    auroraAcu(rate),
                    rate * STATEMENTS_PER_FRAME,
                    rate * ROWS_PER_FRAME,
                    rate,
                    rate * EVENT_KB / 1024);
        }
        System.out.println();
    }

    private static void printCosts(List<Outcome> outcomes) {
        System.out.println(
                "| cameras | API Gateway + WAF | inference Lambda | persistence Lambda | SageMaker | Aurora | RDS Proxy | S3 PUTs | S3 storage (month 1) | DB storage (month 1) | logs | fixed | total a month | per camera |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Outcome o : outcomes) {
            Month m = month(o);
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | **$%,.0f** | $%,.2f |%n",
                    o.cameras(),
                    m.api() + m.waf(),
                    m.inferenceLambda(),
                    m.persistenceLambda(),
                    m.model(),
                    m.aurora(),
                    m.proxy(),
                    m.s3Puts(),
                    m.s3StorageMonth1(),
                    m.dbStorageMonth1(),
                    m.logs(),
                    m.fixed(),
                    m.totalMonth1(),
                    m.totalMonth1() / o.cameras());
        }
        System.out.println();
    }
}
