package dev.trafficcam.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What every part of the stack builds the same way: security groups that let nothing out until a rule does, log groups
 * kept a month, the {@code live} alias, and cdk-nag suppressions with a reason.
 */
final class Parts {
    private Parts() {}

    /** No egress until a rule adds it (CDK's default allows all outbound traffic). */
    static SecurityGroup securityGroup(Construct scope, String id, IVpc vpc, String description) {
        return SecurityGroup.Builder.create(scope, id)
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(false)
                .build();
    }

    static LogGroup logGroup(Construct scope, String id) {
        return LogGroup.Builder.create(scope, id)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /** The published version callers go through (with SnapStart, the snapshot's). */
    static Alias alias(Construct scope, String id, Function function) {
        return Alias.Builder.create(scope, id)
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();
    }

    /**
     * A cdk-nag finding accepted on purpose, with why (on the construct and its children). {@code appliesTo} narrows it
     * to the named policies, actions or resources of a finding such as AwsSolutions-IAM5 (strings, or a
     * {@link RegexAppliesTo} where a logical id is in the name).
     */
    static void suppress(IConstruct construct, String rule, String reason, Object... appliesTo) {
        NagPackSuppression.Builder suppression =
                NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}
