package dev.trafficcam.persistence.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.Json;
import java.io.IOException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * One persistence event run through the persistence function again, synchronously, and what came of it: the replay and
 * the automatic redelivery both ask it, so both read the function's answer the same way.
 */
final class PersistenceCall {
    enum Kind {
        STORED,
        ALREADY_STORED,
        /** The function refused the event itself: trying again cannot help. */
        INVALID,
        /** Anything else (the database, S3, a time-out): trying again later may. */
        FAILED
    }

    record Outcome(Kind kind, String errorType) {
        boolean done() {
            return kind == Kind.STORED || kind == Kind.ALREADY_STORED;
        }
    }

    private final LambdaClient lambda;
    private final String functionName;

    PersistenceCall(LambdaClient lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    Outcome persist(byte[] event) {
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(functionName)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArrayUnsafe(event)));
        } catch (RuntimeException e) {
            return new Outcome(Kind.FAILED, e.getClass().getSimpleName());
        }
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(response.payload().asByteArrayUnsafe());
        } catch (IOException e) {
            return new Outcome(Kind.FAILED, "UnreadableAnswer");
        }
        if (response.functionError() != null) {
            String type = answer != null && answer.hasNonNull("errorType")
                    ? answer.get("errorType").asText()
                    : "Unhandled";
            boolean invalid = type.equals(InvalidEventException.class.getName())
                    || type.equals(InvalidEventException.class.getSimpleName());
            return new Outcome(invalid ? Kind.INVALID : Kind.FAILED, type);
        }
        String outcome = answer != null && answer.hasNonNull("outcome")
                ? answer.get("outcome").asText()
                : "";
        return switch (outcome) {
            case "STORED" -> new Outcome(Kind.STORED, null);
            case "ALREADY_STORED" -> new Outcome(Kind.ALREADY_STORED, null);
            default -> new Outcome(Kind.FAILED, "UnexpectedAnswer");
        };
    }
}
