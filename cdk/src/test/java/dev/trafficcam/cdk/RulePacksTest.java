package dev.trafficcam.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions and Serverless rule packs over the synthesized stack, both variants (a new endpoint, an
 * existing one): every finding is fixed or suppressed with a reason in the stack, so any annotation left, error or
 * warning, is a new finding and fails the build. Also CDK's own warnings, which the stack acknowledges by id.
 */
class RulePacksTest {

    private static List<String> findings(PipelineSettings settings) {
        App app = new App();
        TrafficCameraStack stack =
                new TrafficCameraStack(app, "Checked", StackProps.builder().build(), settings);
        TrafficCameraApp.addRulePacks(app);
        Annotations annotations = Annotations.fromStack(stack);
        return Stream.concat(
                        annotations.findError("*", Match.anyValue()).stream(),
                        annotations.findWarning("*", Match.anyValue()).stream())
                .map(RulePacksTest::describe)
                .toList();
    }

    private static String describe(SynthesisMessage message) {
        return message.getId() + ": "
                + String.valueOf(message.getEntry().getData())
                        .lines()
                        .findFirst()
                        .orElse("");
    }

    @Test
    void theStackHasNoUnsuppressedFinding() {
        Path functions = Path.of(System.getProperty("functions.dir", ".."));
        // with the scaling policy, as deployed once MAX_RPS is measured (the figure is a test input, not a
        // measurement); without it the stack warns on purpose (TrafficCameraStackTest)
        // and the model pinned to a commit (a made-up one: the check reads its shape); a branch warns on purpose
        assertThat(findings(PipelineSettings.defaults(functions)
                        .withEndpointScaling(new EndpointScaling(1, 4, 2.0))
                        .withModelRevision("0123456789abcdef0123456789abcdef01234567")))
                .as("with a new, autoscaled endpoint")
                .isEmpty();
        assertThat(findings(PipelineSettings.defaults(functions).withExistingEndpoint("my-detector")))
                .as("with an existing endpoint")
                .isEmpty();
    }

    @Test
    void aSuppressionCoversOnlyWhatItNames() {
        // the same packs see a wildcard grant that nothing suppresses: the check is live, not silenced stack-wide
        App app = new App();
        TrafficCameraStack stack = new TrafficCameraStack(
                app,
                "Checked",
                StackProps.builder().build(),
                PipelineSettings.defaults(Path.of(System.getProperty("functions.dir", ".."))));
        software.amazon.awscdk.services.iam.Role extra = software.amazon.awscdk.services.iam.Role.Builder.create(
                        stack, "Extra")
                .assumedBy(new software.amazon.awscdk.services.iam.ServicePrincipal("lambda.amazonaws.com"))
                .build();
        extra.addToPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("s3:Get*"))
                .resources(List.of("*"))
                .build());
        TrafficCameraApp.addRulePacks(app);
        List<String> errors = Annotations.fromStack(stack).findError("*", Match.anyValue()).stream()
                .map(RulePacksTest::describe)
                .toList();
        assertThat(errors)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e).startsWith("/Checked/Extra/"))
                .anySatisfy(e -> assertThat(e).contains("AwsSolutions-IAM5[Action::s3:Get*]"));
    }
}
