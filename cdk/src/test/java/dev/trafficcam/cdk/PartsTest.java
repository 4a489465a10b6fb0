package dev.trafficcam.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.functions.Lifetimes;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Each part of the stack built alone in an empty stack: what it makes, and what it offers the parts that use it. (The
 * functions and the API need every other part; TrafficCameraStackTest covers them.) And the logical ids of what holds
 * data, which must never change: CloudFormation replaces a resource whose logical id changes, and for these that means
 * a new, empty database, bucket or queue.
 */
class PartsTest {
    private static final Path FUNCTIONS = Path.of(System.getProperty("functions.dir", ".."));

    @Test
    void theNetworkIsIsolatedWithEndpointsAndAFlowLog() {
        Stack stack = new Stack(new App(), "N");
        new Network(stack, "Network");
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::EC2::NatGateway", 0);
        t.resourceCountIs("AWS::EC2::InternetGateway", 0);
        t.resourceCountIs("AWS::EC2::Subnet", 2);
        t.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Gateway")));
        t.hasResourceProperties(
                "AWS::EC2::VPCEndpoint",
                Match.objectLike(Map.of("VpcEndpointType", "Interface", "PrivateDnsEnabled", true)));
        t.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of("TrafficType", "ALL")));
    }

    @Test
    void theDatabaseLetsFunctionsInThroughTheProxyAsTheApplicationUser() {
        Stack stack = new Stack(new App(), "D");
        Network network = new Network(stack, "Network");
        Database database = new Database(stack, "Database", network, 0.5, 4, true);
        Template t = Template.fromStack(stack);
        t.hasResourceProperties(
                "AWS::RDS::DBCluster",
                Match.objectLike(Map.of(
                        "EnableIAMDatabaseAuthentication",
                        true,
                        "StorageEncrypted",
                        true,
                        "DeletionProtection",
                        true,
                        "ServerlessV2ScalingConfiguration",
                        Map.of("MinCapacity", 0.5, "MaxCapacity", 4))));
        t.hasResourceProperties(
                "AWS::RDS::DBProxy", Match.objectLike(Map.of("RequireTLS", true, "DefaultAuthScheme", "IAM_AUTH")));
        assertThat(database.appUserEnvironment())
                .containsEntry("DB_AUTH", "iam")
                .containsEntry("DB_USER", Database.APP_USER)
                .hasEntrySatisfying(
                        "DB_URL",
                        url -> assertThat(url)
                                .startsWith("jdbc:postgresql://")
                                .endsWith(":5432/traffic?sslmode=verify-full"
                                        + "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"));
        assertThat(database.adminJdbcUrl()).endsWith(":5432/traffic?sslmode=require");
    }

    @Test
    void storageKeepsFramesAndLetsOnlyClaimChecksExpireAfterTheReplayWindow() {
        Stack stack = new Stack(new App(), "S");
        stack.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        Storage storage = new Storage(
                stack,
                "Storage",
                Lifetimes.ofDays(7),
                dev.trafficcam.model.functions.ImagePrivacy.DEFAULT,
                RedeliveryPolicy.DEFAULT);
        Template t = Template.fromStack(stack);
        t.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Prefix",
                                        "incoming/",
                                        "ExpirationInDays",
                                        Lifetimes.ofDays(7).claimCheckExpiryDays()))))))));
        t.resourceCountIs("AWS::SQS::Queue", 2);
        // the failure queue: redelivered from, six times the redelivery function's time-out hidden, then dead letters
        t.hasResourceProperties(
                "AWS::SQS::Queue",
                Match.objectLike(Map.of(
                        "MaximumMessageSize",
                        1_048_576,
                        "MessageRetentionPeriod",
                        7 * 86_400,
                        "VisibilityTimeout",
                        6 * 90,
                        "RedrivePolicy",
                        Match.objectLike(Map.of("maxReceiveCount", RedeliveryPolicy.DEFAULT.maxReceives())))));
        // the dead-letter queue keeps a message as long: SQS counts from when it was first sent
        t.hasResourceProperties(
                "AWS::SQS::Queue",
                Match.objectLike(Map.of(
                        "MaximumMessageSize",
                        1_048_576,
                        "MessageRetentionPeriod",
                        7 * 86_400,
                        "RedrivePolicy",
                        Match.absent())));
        assertThat(stack.resolve(storage.objectsUnder("frames/")).toString()).contains("/frames/*");
    }

    @Test
    void theModelIsAnEndpointOfItsOwnOrOneItOnlyNames() {
        Stack own = new Stack(new App(), "M");
        DetectorEndpoint model = new DetectorEndpoint(own, "Model", PipelineSettings.defaults(FUNCTIONS));
        Template.fromStack(own).resourceCountIs("AWS::SageMaker::Endpoint", 1);
        assertThat(own.resolve(model.endpointName()).toString()).contains("EndpointName");

        Stack named = new Stack(new App(), "E");
        DetectorEndpoint existing = new DetectorEndpoint(
                named, "Model", PipelineSettings.defaults(FUNCTIONS).withExistingEndpoint("My-Detector"));
        Template.fromStack(named).resourceCountIs("AWS::SageMaker::Endpoint", 0);
        assertThat(existing.endpointName()).isEqualTo("My-Detector");
        assertThat(named.resolve(existing.endpointArn()).toString()).contains("endpoint/my-detector");
    }

    @Test
    void whatHoldsDataKeepsItsLogicalId() {
        // the stack's name as the app gives it: CDK writes it into the admin secret's id
        Template template = Template.fromStack(new TrafficCameraStack(
                new App(), "TrafficCamera", StackProps.builder().build(), PipelineSettings.defaults(FUNCTIONS)));
        Map<String, String> ids = new TreeMap<>();
        for (String type : List.of(
                "AWS::RDS::DBCluster",
                "AWS::RDS::DBInstance",
                "AWS::S3::Bucket",
                "AWS::SQS::Queue",
                "AWS::SecretsManager::Secret",
                "AWS::KMS::Key")) {
            template.findResources(type).keySet().forEach(id -> ids.put(id, type));
        }
        assertThat(ids)
                .isEqualTo(Map.of(
                        "DatabaseCluster5B53A178", "AWS::RDS::DBCluster",
                        "DatabaseClusterwriterF225C73E", "AWS::RDS::DBInstance",
                        "TrafficCameraDatabaseClusterSecret92413E773fdaad7efa858a3daf9490cf0a702aeb",
                                "AWS::SecretsManager::Secret",
                        "StorageFrames624B4CD7", "AWS::S3::Bucket",
                        "StorageAccessLogs96FB524C", "AWS::S3::Bucket",
                        "StorageFailureQueueACD5AD80", "AWS::SQS::Queue",
                        "StorageDeadLetterQueue20CE9B17", "AWS::SQS::Queue",
                        "MonitoringAlarmTopicKeyFFA45DC9", "AWS::KMS::Key"));
    }
}
