package dev.trafficcam.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The VPC: private isolated subnets in two zones and no NAT gateway; S3 through a gateway endpoint, Secrets Manager
 * through an interface endpoint that only what is let in may reach; a flow log.
 */
public final class Network extends Construct {
    private final Vpc vpc;
    private final InterfaceVpcEndpoint secretsManager;

    public Network(Construct scope, String id) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
                .gatewayEndpoints(Map.of(
                        "S3",
                        GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.S3)
                                .build()))
                .build();
        // rejected and accepted traffic alike, a month in CloudWatch Logs
        vpc.addFlowLog(
                "FlowLog",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(Parts.logGroup(this, "VpcFlowLogs")))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build());
        // reached by the migration function and the secret's rotation only; `open` would let the whole VPC in
        secretsManager = vpc.addInterfaceEndpoint(
                "SecretsManager",
                InterfaceVpcEndpointOptions.builder()
                        .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                        .privateDnsEnabled(true)
                        .open(false)
                        .securityGroups(List.of(Parts.securityGroup(
                                this, "SecretsManagerEndpoint", vpc, "the Secrets Manager endpoint")))
                        .build());
    }

    public Vpc vpc() {
        return vpc;
    }

    public InterfaceVpcEndpoint secretsManager() {
        return secretsManager;
    }

    public static SubnetSelection isolated() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }
}
