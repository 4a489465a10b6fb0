package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedeliveryPolicyTest {
    @Test
    void delaysDoubleFromTheFirstUpToTheLongest() {
        RedeliveryPolicy policy = RedeliveryPolicy.DEFAULT;
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(960));
        assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.delayAfter(1_000_000)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.delayAfter(0)).as("a count SQS did not give").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theDefaultRetriesForAboutThreeHoursBeforeAskingAHuman() {
        // 30 + 60 + 120 + 240 + 480 + 960 s, then 5 x 1,800 s: the 11 waits between 12 receives
        assertThat(RedeliveryPolicy.DEFAULT.retryWindow()).isEqualTo(Duration.ofSeconds(1890 + 5 * 1800));
        assertThat(RedeliveryPolicy.DEFAULT.retryWindow()).isBetween(Duration.ofHours(3), Duration.ofHours(4));
    }

    @Test
    void theFunctionReadsTheDelaysItWasGivenAndNamesBadOnes() {
        RedeliveryPolicy shortDelays = new RedeliveryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(8), 5);
        FunctionEnvironment env = new FunctionEnvironment(shortDelays.environment());
        RedeliveryPolicy read = RedeliveryPolicy.fromEnvironment(env);
        assertThat(read.firstDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(read.maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(env.problems()).isEmpty();

        FunctionEnvironment bad = new FunctionEnvironment(
                Map.of(RedeliveryPolicy.FIRST_DELAY_SECONDS, "60", RedeliveryPolicy.MAX_DELAY_SECONDS, "10"));
        RedeliveryPolicy.fromEnvironment(bad);
        assertThat(bad.problems()).singleElement().asString().contains("0 < first (60 s) <= max (10 s)");
    }

    @Test
    void sqsLimitsAreRefused() {
        assertThatThrownBy(() -> new RedeliveryPolicy(Duration.ofSeconds(30), Duration.ofHours(13), 5))
                .hasMessageContaining("12 hours");
        assertThatThrownBy(() -> new RedeliveryPolicy(Duration.ZERO, Duration.ofMinutes(1), 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedeliveryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 1001))
                .hasMessageContaining("maxReceiveCount");
    }
}
