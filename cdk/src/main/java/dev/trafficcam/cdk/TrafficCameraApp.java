package dev.trafficcam.cdk;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The CDK app ({@code cdk.json}): one stack with the whole pipeline. */
public final class TrafficCameraApp {
    private TrafficCameraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object dir = app.getNode().tryGetContext("functionsDir");
        Path functionsDir = Path.of(dir != null ? dir.toString() : System.getProperty("functions.dir", ".."));
        new TrafficCameraStack(app, "TrafficCamera", StackProps.builder()
                .description("Traffic camera pipeline: frames API, inference and persistence functions, Aurora, S3, SageMaker")
                .build(), PipelineSettings.fromContext(app.getNode(), functionsDir));
        app.synth();
    }
}
