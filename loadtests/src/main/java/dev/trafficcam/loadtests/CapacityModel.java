package dev.trafficcam.loadtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * How one deployment fares at 10, 1,000 and 100,000 cameras, each sending a frame every 5 s: a discrete-event
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
 *       the safety factor 0.5 of one instance's measured peak, {@code EndpointScaling});
 *   <li>the persistence function, invoked asynchronously: FCFS over its reserved concurrency; an event's wait is its
 *       age in Lambda's queue (dropped past 6 h, {@code Lifetimes.MAX_EVENT_AGE}).
 * </ol>
 *
 * Service times are drawn from piecewise-linear quantile functions through the measured percentiles.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.CapacityModel [SECONDS] [SEED]</pre>
 */
public final class CapacityModel {
    /** Each camera sends a frame every 5 s (the design's rate). */
    static final double PERIOD_S = 5.0;

    // ---- measured here (docs/PERFORMANCE.md); ms ----
    /**
     * The inference function's own work (total − model), real-process path, warm: p50 14.4–17.0 (docs/PERFORMANCE.md);
     * tail shape from HandlerOverhead (p95/p50 1.6, p99/p50 2.9).
     */
    static final Quantiles INFERENCE_OWN_MS = new Quantiles(6, 15, 24, 44, 120);
    /**
     * The persistence function, real-process path, warm, its logged ms: p50 60–78 (docs/PERFORMANCE.md); tail shape
     * from PersistenceSteps (p95/p50 1.47, p99/p50 2.24). Loopback S3 and PostgreSQL: in AWS add their RTTs.
     */
    static final Quantiles PERSISTENCE_MS = new Quantiles(30, 70, 103, 157, 600);
    /**
     * The detector's time, shape of the local detector's measured distribution (p50 96, p95 226, docs/PERFORMANCE.md),
     * scaled to {@link #MODEL_P50_MS}.
     */
    static final Quantiles MODEL_SHAPE = new Quantiles(0.6, 1.0, 2.35, 3.2, 6.0);

    // ---- assumed, to be measured in AWS (say so wherever they are used) ----
    /** DETR-ResNet-50 on one ml.m5.xlarge, per request: docs/DEPLOY.md's cost estimate assumes 0.7 s a call. */
    static final double MODEL_P50_MS = 600;
    /** One instance's peak requests/s (SageMaker's MAX_RPS); not measured: no AWS account here. */
    static final double MODEL_MAX_RPS_PER_INSTANCE = 3.0;
    /**
     * Database CPU per frame: the PersistenceSteps transaction plus the stored check, ~3.7–5 ms wall on loopback, used
     * as an upper bound of the writer's CPU.
     */
    static final double DB_CPU_MS_PER_FRAME = 4.0;

    // ---- per frame, counted in the code ----
    /** Statements per frame: stored check, camera, frame, detections (one multi-row insert), counts, hour. */
    static final int STATEMENTS_PER_FRAME = 6;
    /** Rows written per frame with 8 detections: frame, 8 detections, counts, hour (camera rows exist). */
    static final int ROWS_PER_FRAME = 11;
    /** S3 PUTs per frame: the original and the annotated copy (claim checks are rare and not counted). */
    static final int S3_PUTS_PER_FRAME = 2;
    /** S3 bytes per frame: an 80 KB frame and its annotated copy (docs/DEPLOY.md cost table). */
    static final double S3_KB_PER_FRAME = 160;
    /** Database bytes per frame with its detections, counts and indexes: 5.6 GB for 10 million (RollupScale). */
    static final double DB_BYTES_PER_FRAME = 560;
    /** The persistence event: the frame base64 (80 KB × 4/3) and ~2 KB of JSON. */
    static final double EVENT_KB = 80 * 4.0 / 3 + 2;

    static final int INFERENCE_MB = 1536;
    static final int PERSISTENCE_MB = 1024;

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

    // ---- list prices, us-east-1 (docs/DEPLOY.md's cost table) ----
    static final double HOURS_A_MONTH = 730;
    static final double LAMBDA_GB_S = 0.0000166667;
    static final double LAMBDA_PER_MILLION = 0.20;
    static final double SAGEMAKER_M5_XLARGE_H = 0.23;
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

    /** Simulates {@code seconds} of traffic from {@code cameras} cameras against one deployment as configured. */
    static Outcome simulate(
            int cameras, double seconds, int persistenceReserved, int accountConcurrency, double apiRps, long seed) {
        Random random = new Random(seed);
        double rate = cameras / PERIOD_S;
        Quantiles model = MODEL_SHAPE.times(MODEL_P50_MS);
        int instances = Math.max(1, (int) Math.ceil(rate / (MODEL_MAX_RPS_PER_INSTANCE * 0.5)));
        int workersPerInstance = Math.max(1, (int) Math.round(MODEL_MAX_RPS_PER_INSTANCE * model.mean() / 1000));
        int inferenceLimit = accountConcurrency - persistenceReserved - READ_RESERVED;

        // arrivals: each camera at its phase, every period, with jitter; sorted
        List<Double> arrivals = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            double phase = random.nextDouble() * PERIOD_S;
            for (double t = phase; t < seconds; t += PERIOD_S) {
                arrivals.add(Math.max(0, t + (random.nextDouble() - 0.5)));
            }
        }
        double[] at =
                arrivals.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        double tokens = API_BURST;
        double lastRefill = 0;
        PriorityQueue<Double> inFlight = new PriorityQueue<>();
        PriorityQueue<Double> modelWorkers = new PriorityQueue<>();
        for (int i = 0; i < instances * workersPerInstance; i++) {
            modelWorkers.add(0.0);
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
            double free = modelWorkers.poll();
            double start = Math.max(atModel, free);
            double service = model.sample(random) / 1000;
            modelWorkers.add(start + service);
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
        double inferenceS =
                (INFERENCE_OWN_MS.mean() + MODEL_SHAPE.times(MODEL_P50_MS).mean()) / 1000;
        double persistenceS = PERSISTENCE_MS.mean() / 1000;
        double acuPerFps = DB_CPU_MS_PER_FRAME / 1000 * ACU_PER_VCPU / 0.7;
        List<Binds> all = new ArrayList<>(List.of(
                new Binds(
                        "SageMaker endpoint as deployed: 1 instance, no scaling policy until MAX_RPS is measured",
                        "setting",
                        MODEL_MAX_RPS_PER_INSTANCE * PERIOD_S,
                        "measure MAX_RPS, deploy with -c endpointMaxRps (and endpointMaxInstances); until then cameras queue on the model"),
                new Binds(
                        "SageMaker endpoint at endpointMaxInstances 4 (the default), at the policy's target (0.5 of MAX_RPS)",
                        "setting",
                        4 * MODEL_MAX_RPS_PER_INSTANCE * 0.5 * PERIOD_S,
                        "raise endpointMaxInstances, and the account's instance quota for ml.m5.xlarge endpoints"),
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

    /** The month of a size, from its frame rate and what the simulation measured. */
    record Month(
            double api,
            double inferenceLambda,
            double persistenceLambda,
            double sageMaker,
            double aurora,
            double proxy,
            double s3Puts,
            double s3Storage,
            double dbStorage,
            double logs,
            double fixed) {
        double total() {
            return api
                    + inferenceLambda
                    + persistenceLambda
                    + sageMaker
                    + aurora
                    + proxy
                    + s3Puts
                    + s3Storage
                    + dbStorage
                    + logs
                    + fixed;
        }
    }

    static double auroraAcu(double framesPerSecond) {
        double acu = framesPerSecond * DB_CPU_MS_PER_FRAME / 1000 * ACU_PER_VCPU / 0.7;
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
        double frames = o.framesPerSecond() * 3600 * HOURS_A_MONTH;
        double inferenceS = o.inferenceMs().mean() / 1000;
        double persistenceS = PERSISTENCE_MS.mean() / 1000;
        double acu = auroraAcu(o.framesPerSecond());
        return new Month(
                apiGatewayMonth(frames),
                frames * (inferenceS * INFERENCE_MB / 1024.0 * LAMBDA_GB_S + LAMBDA_PER_MILLION / 1e6),
                frames * (persistenceS * PERSISTENCE_MB / 1024.0 * LAMBDA_GB_S + LAMBDA_PER_MILLION / 1e6),
                o.modelInstances() * SAGEMAKER_M5_XLARGE_H * HOURS_A_MONTH,
                acu * AURORA_ACU_H * HOURS_A_MONTH,
                Math.max(8, acu) * PROXY_ACU_H * HOURS_A_MONTH,
                frames * S3_PUTS_PER_FRAME / 1000 * S3_PUT_PER_1000,
                // the first month's objects, held half the month on average
                frames * S3_KB_PER_FRAME / 1024 / 1024 * S3_GB_MONTH / 2,
                frames * DB_BYTES_PER_FRAME / 1e9 * DB_GB_MONTH / 2,
                frames * LOG_KB_PER_FRAME / 1024 / 1024 * LOGS_GB,
                FIXED_MONTH);
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 120;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 14;
        int[] sizes = {10, 1_000, 100_000};
        System.out.printf(
                Locale.ROOT,
                "capacity model: %.0f s simulated per size, seed %d; model p50 %.0f ms (assumed), %.1f requests/s an instance (assumed)%n%n",
                seconds,
                seed,
                MODEL_P50_MS,
                MODEL_MAX_RPS_PER_INSTANCE);
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
                "| cameras | API Gateway | inference Lambda | persistence Lambda | SageMaker | Aurora | RDS Proxy | S3 PUTs | S3 storage (month 1) | DB storage (month 1) | logs | fixed | total a month | per camera |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Outcome o : outcomes) {
            Month m = month(o);
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | $%,.0f | **$%,.0f** | $%,.2f |%n",
                    o.cameras(),
                    m.api(),
                    m.inferenceLambda(),
                    m.persistenceLambda(),
                    m.sageMaker(),
                    m.aurora(),
                    m.proxy(),
                    m.s3Puts(),
                    m.s3Storage(),
                    m.dbStorage(),
                    m.logs(),
                    m.fixed(),
                    m.total(),
                    m.total() / o.cameras());
        }
        System.out.println();
    }
}
