package dev.trafficcam.model.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifetimesTest {

    @Test
    void aClaimCheckOutlivesEveryWayItsEventCanWait() {
        for (int days = 1; days <= 14; days++) {
            Lifetimes lifetimes = Lifetimes.ofDays(days);
            Duration longestWait = lifetimes
                    .maxEventAge()
                    .plus(lifetimes.failureQueueRetention())
                    .plus(Lifetimes.SLACK);
            assertThat(lifetimes.claimCheckLifetime()).as("%d-day window", days).isGreaterThanOrEqualTo(longestWait);
            // and not a day longer than needed: orphans (frames whose event never left) go soon after
            assertThat(lifetimes.claimCheckLifetime().minusDays(1)).isLessThan(longestWait);
        }
        assertThat(Lifetimes.DEFAULT.failureQueueRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(Lifetimes.DEFAULT.claimCheckExpiryDays()).isEqualTo(15);
    }

    @Test
    void theWindowIsWhatSqsCanKeep() {
        assertThatThrownBy(() -> Lifetimes.ofDays(15)).hasMessageContaining("1 to 14 days");
        assertThatThrownBy(() -> Lifetimes.ofDays(0)).hasMessageContaining("1 to 14 days");
    }
}
