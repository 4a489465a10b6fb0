package dev.trafficcam.inference.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.trafficcam.model.Distortion;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameImage;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.PersistenceEvent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

class FailureQueueHandoffTest {

    private static PersistenceEvent event() throws Exception {
        FrameName name = FrameName.parse("a_b_c_12-10-2022_10-51-38.jpg");
        return PersistenceEvent.distorted(
                FrameIds.forFrame(name.camera(), name.capturedAt(), "0".repeat(64)),
                Instant.now(),
                name,
                new Distortion(DistortionReason.BLANK, "blank"),
                FrameImage.inline(ImageFormat.JPEG, new byte[] {1}, "0".repeat(64), 10, 10));
    }

    @Test
    void theQueueClientIsMadeOnlyWhenTheFallbackIsFirstTaken() throws Exception {
        AtomicInteger made = new AtomicInteger();
        SqsClient sqs = mock(SqsClient.class);
        FailureQueueHandoff queue = new FailureQueueHandoff(
                () -> {
                    made.incrementAndGet();
                    return sqs;
                },
                "http://127.0.0.1:1/q",
                null,
                262_144);
        FrameHandoff lambda = e -> HandoffRoute.PERSISTENCE_FUNCTION;
        FallbackHandoff handoff = new FallbackHandoff(lambda, queue, (e, x) -> {});

        assertThat(handoff.handOff(event())).isEqualTo(HandoffRoute.PERSISTENCE_FUNCTION);
        assertThat(made).hasValue(0);
        assertThat(queue.clientCreated()).isFalse();

        FallbackHandoff failing = new FallbackHandoff(
                e -> {
                    throw new IllegalStateException("throttled");
                },
                queue,
                (e, x) -> {});
        assertThat(failing.handOff(event())).isEqualTo(HandoffRoute.FAILURE_QUEUE);
        assertThat(failing.handOff(event())).isEqualTo(HandoffRoute.FAILURE_QUEUE);
        assertThat(made).hasValue(1);
    }

    @Test
    void bothRoutesFailingIsOneNamedFailureAndTheFirstCauseIsKept() throws Exception {
        @SuppressWarnings("unchecked")
        BiConsumer<PersistenceEvent, RuntimeException> onPrimaryFailure = mock(BiConsumer.class);
        FallbackHandoff handoff = new FallbackHandoff(
                e -> {
                    throw new IllegalStateException("lambda down");
                },
                e -> {
                    throw new IllegalStateException("queue down");
                },
                onPrimaryFailure);

        assertThatThrownBy(() -> handoff.handOff(event()))
                .isInstanceOf(HandoffFailedException.class)
                .hasMessageContaining("lambda down")
                .hasMessageContaining("queue down")
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
        verify(onPrimaryFailure).accept(any(), any());
    }

    @Test
    void aWorkingPrimaryNeverTouchesTheFallback() throws Exception {
        FrameHandoff fallback = mock(FrameHandoff.class);
        when(fallback.handOff(any())).thenReturn(HandoffRoute.FAILURE_QUEUE);
        new FallbackHandoff(e -> HandoffRoute.PERSISTENCE_FUNCTION, fallback, (e, x) -> {}).handOff(event());
        verify(fallback, never()).handOff(any());
    }
}
