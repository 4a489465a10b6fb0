package dev.trafficcam.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * A deployed stack's resources keep their CloudFormation logical ids: CloudFormation replaces a resource whose id
 * changes (the database, the bucket, the queue, the API and its keys among them), so renaming a construct or a module
 * must not rename one. {@code logical-ids.txt} lists the ids as deployed; every one must still be in the template. New
 * resources may be added. Left out, since they are new under a new id by design: a function's published version (Lambda
 * publishes one for every change of its code) and the API's deployment (CDK puts a hash of the API's model in its
 * logical id, so that a changed API gets a new deployment; CDK API reference, aws_apigateway.Deployment: "This is done
 * automatically for the restApi.latestDeployment deployment").
 */
class LogicalIdsTest {
    private static final String PINNED = "/logical-ids.txt";
    private static final Set<String> REPLACED_BY_DESIGN = Set.of("AWS::Lambda::Version", "AWS::ApiGateway::Deployment");

    @Test
    void everyDeployedResourceKeepsItsLogicalId() throws IOException {
        Set<String> now = logicalIds();
        String written = System.getProperty("logical-ids.write");
        if (written != null) {
            // how the list is made: -Dlogical-ids.write=PATH on the commit that is deployed
            Files.writeString(Path.of(written), String.join("\n", now) + "\n");
        }
        Set<String> pinned;
        try (InputStream in = Objects.requireNonNull(LogicalIdsTest.class.getResourceAsStream(PINNED), PINNED)) {
            pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(pinned).as("the pinned list").hasSizeGreaterThan(100);
        assertThat(now).as("logical ids that a deploy would replace").containsAll(pinned);
    }

    private static Set<String> logicalIds() {
        Path functions = Path.of(System.getProperty("functions.dir", ".."));
        Template template = Template.fromStack(new TrafficCameraStack(
                new App(), "TrafficCamera", StackProps.builder().build(), PipelineSettings.defaults(functions)));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources =
                (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
        return resources.entrySet().stream()
                .filter(e ->
                        !REPLACED_BY_DESIGN.contains(String.valueOf(e.getValue().get("Type"))))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
