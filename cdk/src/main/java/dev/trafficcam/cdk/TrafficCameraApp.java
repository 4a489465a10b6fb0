package dev.trafficcam.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.constructs.IConstruct;

/** The CDK app ({@code cdk.json}): one stack with the whole pipeline, checked by cdk-nag on every synth. */
public final class TrafficCameraApp {
    private TrafficCameraApp() {}

    public static void main(String[] args) {
        App app = new App();
        Object dir = app.getNode().tryGetContext("functionsDir");
        Path functionsDir = Path.of(dir != null ? dir.toString() : System.getProperty("functions.dir", ".."));
        new TrafficCameraStack(
                app,
                "TrafficCamera",
                StackProps.builder()
                        .description(
                                "Traffic camera pipeline: frames API, inference and persistence functions, Aurora, S3, SageMaker")
                        .build(),
                PipelineSettings.fromContext(app.getNode(), functionsDir));
        addRulePacks(app);
        app.synth();
    }

    /**
     * cdk-nag's AwsSolutions and Serverless packs: an unsuppressed finding is an error (or warning) annotation, which
     * {@code cdk synth}/{@code cdk deploy} print and the tests fail on. Accepted findings are suppressed next to the
     * resource, with the reason (Parts#suppress).
     */
    static void addRulePacks(IConstruct scope) {
        Aspects.of(scope)
                .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(scope)
                .add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
    }
}
