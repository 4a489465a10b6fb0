package dev.trafficcam.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function with SnapStart hooks, for {@link DeployedFunctionTest}: with {@code HOOK=throw} its
 * {@code beforeCheckpoint} throws (as a priming that cannot reach S3 would); otherwise both hooks run and the handler
 * answers which of them did.
 */
public final class HookedHandler implements RequestStreamHandler, Resource {
    private volatile boolean checkpointed;
    private volatile boolean restored;

    public HookedHandler() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if ("throw".equals(System.getenv("HOOK"))) {
            throw new IllegalStateException("priming failed: the bucket is not there");
        }
        checkpointed = true;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        restored = true;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        output.write(("{\"checkpointed\":" + checkpointed + ",\"restored\":" + restored + "}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
