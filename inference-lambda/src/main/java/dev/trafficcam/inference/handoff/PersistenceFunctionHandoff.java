package dev.trafficcam.inference.handoff;

import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Invokes the persistence function asynchronously ({@code InvocationType=Event}); Lambda queues the event. */
public final class PersistenceFunctionHandoff implements FrameHandoff {
    private final LambdaClient lambda;
    private final String functionName;

    public PersistenceFunctionHandoff(LambdaClient lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public HandoffRoute handOff(PersistenceEvent event) {
        InvokeResponse response = lambda.invoke(b -> b.functionName(functionName)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArrayUnsafe(PersistenceEvents.toJson(event))));
        if (response.statusCode() != 202) {
            throw new HandoffFailedException(
                    "the persistence function '" + functionName + "' did not accept the event: HTTP "
                            + response.statusCode(),
                    null);
        }
        return HandoffRoute.PERSISTENCE_FUNCTION;
    }
}
