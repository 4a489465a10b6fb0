package dev.trafficcam.cdk;

import java.time.Duration;

/**
 * How many instances serve the model, and when there are more. Target tracking on SageMaker's predefined
 * {@code SageMakerVariantInvocationsPerInstance} (invocations per instance per minute), with the target SageMaker's
 * guide computes from a load test: {@code (MAX_RPS * TARGET_UTILISATION) * 60}, where MAX_RPS is the peak requests per
 * second one instance served before its latency rose or requests failed (SageMaker developer guide, "Load testing your
 * auto scaling configuration"). No figure is guessed: without a measured MAX_RPS there is no policy.
 *
 * <p>The guide starts at 0.5; this stack targets 0.7 because its load is cameras on timers, whose sum hardly moves
 * within the minute target tracking needs, and because its endpoint routes to the least busy instance
 * ({@link DetectorEndpoint}): docs/CAPACITY.md, "The endpoint's target", simulates 0.5, 0.7 and 0.85 under both of
 * SageMaker's routings. At 0.7 the p99 wait for a model worker stays under 30 ms on the GPU preset; with four instances
 * or more, losing one leaves the rest under MAX_RPS until it is replaced.
 *
 * @param minInstances instances at least, and at deploy. 1 by default; 2 keeps the endpoint up when an instance or its
 *     Availability Zone fails (SageMaker spreads the instances of a variant over zones; AWS Config's
 *     {@code sagemaker-endpoint-config-prod-instance-count} rule flags a production variant of 1) and doubles the
 *     endpoint's cost
 * @param maxInstances instances at most
 * @param maxRpsPerInstance the load test's MAX_RPS for the model and instance type, or null: no scaling policy
 */
public record EndpointScaling(int minInstances, int maxInstances, Double maxRpsPerInstance) {
    public static final double TARGET_UTILISATION = 0.7;
    /**
     * Scale in slowly: an instance takes minutes to come back (the model is loaded on start), so losing one to a lull
     * costs.
     */
    public static final Duration SCALE_IN_COOLDOWN = Duration.ofMinutes(10);
    /** Scale out quickly: cameras wait on the model while it is short of instances. */
    public static final Duration SCALE_OUT_COOLDOWN = Duration.ofMinutes(1);

    public static final EndpointScaling DEFAULT = new EndpointScaling(1, 4, null);

    public EndpointScaling {
        if (minInstances < 1 || maxInstances < minInstances) {
            throw new IllegalArgumentException(
                    "the endpoint's instances must satisfy 1 <= min <= max, got " + minInstances + ".." + maxInstances);
        }
        if (maxRpsPerInstance != null && !(maxRpsPerInstance > 0)) {
            throw new IllegalArgumentException(
                    "endpointMaxRps must be a positive number of requests per second, got " + maxRpsPerInstance);
        }
    }

    public boolean scales() {
        return maxRpsPerInstance != null;
    }

    /** The policy's target: invocations per instance per minute. */
    public double invocationsPerInstanceTarget() {
        if (maxRpsPerInstance == null) {
            throw new IllegalStateException("no MAX_RPS measured: set endpointMaxRps");
        }
        // to the hundredth: 3 x 0.7 x 60 is 125.99999999999997 in binary, and the template should say 126
        return Math.round(maxRpsPerInstance * TARGET_UTILISATION * 60 * 100) / 100.0;
    }
}
