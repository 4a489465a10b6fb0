package dev.trafficcam.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyOptions;
import software.amazon.awscdk.services.rds.DefaultAuthScheme;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.constructs.Construct;

/**
 * Aurora PostgreSQL Serverless v2 with IAM authentication, its admin secret rotated monthly, and RDS Proxy in front,
 * end-to-end IAM: the functions sign in to the proxy as the application user with an IAM token, and the proxy signs in
 * to Aurora with one of its own.
 */
public final class Database extends Construct {
    public static final String NAME = "traffic";
    /** The application's database user (Migrations.ensureAppUser makes it, with rds_iam and its grants). */
    public static final String APP_USER = "persistence";
    /** The read side's database user: SELECT on the traffic, nothing else (Migrations.ensureReader). */
    public static final String READER = "traffic_reader";
    /** The erasure's database user: marks images erased, deletes detections (Migrations.ensureEraser). */
    public static final String ERASER = "traffic_eraser";
    /** The key tables' user: the camera authorizer and the operators' function sign in as it, nobody else. */
    public static final String KEY_KEEPER = "traffic_keys";

    private final DatabaseCluster cluster;
    private final DatabaseProxy proxy;

    public Database(
            Construct scope,
            String id,
            Network network,
            double minCapacity,
            double maxCapacity,
            boolean deletionProtection) {
        super(scope, id);
        Vpc vpc = network.vpc();
        cluster = DatabaseCluster.Builder.create(this, "Cluster")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_17_5)
                        .build()))
                .writer(ClusterInstance.serverlessV2("writer"))
                .serverlessV2MinCapacity(minCapacity)
                .serverlessV2MaxCapacity(maxCapacity)
                .vpc(vpc)
                .vpcSubnets(Network.isolated())
                .securityGroups(List.of(Parts.securityGroup(
                        this, "DatabaseSecurity", vpc, "Aurora: in from the proxy and the migrations")))
                .credentials(Credentials.fromGeneratedSecret("traffic_admin"))
                .defaultDatabaseName(NAME)
                .iamAuthentication(true)
                .storageEncrypted(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .deletionProtection(deletionProtection)
                .build();
        // only the migrations log in with the admin secret; they read it on each run, so rotation cannot strand them
        cluster.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(30))
                .vpcSubnets(Network.isolated())
                .endpoint(network.secretsManager())
                .securityGroup(Parts.securityGroup(this, "SecretRotation", vpc, "the admin secret rotation function"))
                .build());
        // End-to-end IAM: the function signs in to the proxy with an IAM token and the proxy signs in to Aurora
        // with one of its own, so the password-less rds_iam user needs no secret. In the standard scheme the proxy
        // would log in with a Secrets Manager secret per user, which `persistence` does not have (RDS user guide,
        // "Setting up IAM authentication for RDS Proxy": end-to-end IAM needs rds-db:connect on the proxy's role).
        Role proxyRole = Role.Builder.create(this, "ProxyRole")
                .assumedBy(new ServicePrincipal("rds.amazonaws.com"))
                .build();
        proxyRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("rds-db:connect"))
                .resources(List.of(dbUser(APP_USER), dbUser(READER), dbUser(ERASER), dbUser(KEY_KEEPER)))
                .build());
        proxy = cluster.addProxy(
                "Proxy",
                DatabaseProxyOptions.builder()
                        .vpc(vpc)
                        .vpcSubnets(Network.isolated())
                        .role(proxyRole)
                        .securityGroups(List.of(Parts.securityGroup(
                                this, "ProxySecurity", vpc, "RDS Proxy: in from the functions, out to Aurora")))
                        .defaultAuthScheme(DefaultAuthScheme.IAM_AUTH)
                        .iamAuth(true)
                        .requireTls(true)
                        .build());
    }

    /** The IAM resource of a database user of the cluster, as the proxy signs in to Aurora with it. */
    private String dbUser(String user) {
        return Stack.of(this)
                .formatArn(ArnComponents.builder()
                        .service("rds-db")
                        .resource("dbuser")
                        .resourceName(cluster.getClusterResourceIdentifier() + "/" + user)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build());
    }

    public DatabaseCluster cluster() {
        return cluster;
    }

    /** The variables of a function that uses the database as the application user, through the proxy. */
    public Map<String, String> appUserEnvironment() {
        return environment(APP_USER);
    }

    /** The variables of a function that reads the traffic as the read-only user, through the proxy. */
    public Map<String, String> readerEnvironment() {
        return environment(READER);
    }

    /** The variables of the authorizer and the operators' function, which sign in as the key keeper. */
    public Map<String, String> keyKeeperEnvironment() {
        return environment(KEY_KEEPER);
    }

    /** The variables of the erasure function, which signs in as its own user. */
    public Map<String, String> eraserEnvironment() {
        return environment(ERASER);
    }

    /**
     * How the functions reach the proxy: TLS with the server's certificate and name verified ({@code verify-full})
     * against the JVM's own trust store ({@code DefaultJavaSSLFactory}). RDS Proxy serves certificates from AWS
     * Certificate Manager (AWS Prescriptive Guidance, "Amazon RDS Proxy" best practices: "RDS Proxy uses certificates
     * from AWS Certificate Manager (ACM)"), which chain to the Amazon Trust Services roots the JDK's trust store holds,
     * so no RDS CA bundle ships with the functions and a proxy certificate's rotation needs nothing from them.
     */
    static final String PROXY_TLS = "?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory";

    private Map<String, String> environment(String user) {
        return Map.of(
                "DB_URL",
                "jdbc:postgresql://" + proxy.getEndpoint() + ":5432/" + NAME + PROXY_TLS,
                "DB_USER",
                user,
                "DB_AUTH",
                "iam");
    }

    /** Lets a function in the VPC connect to the proxy as the application user: rds-db:connect and port 5432. */
    public void letIn(Function function) {
        letIn(function, APP_USER);
    }

    /** Lets a function in the VPC connect to the proxy as the read-only user, and as no other. */
    public void letInAsReader(Function function) {
        letIn(function, READER);
    }

    /** Lets the authorizer and the operators' function connect to the proxy as the key keeper, and as no other. */
    public void letInAsKeyKeeper(Function function) {
        letIn(function, KEY_KEEPER);
    }

    /** Lets the erasure function connect to the proxy as the eraser, and as no other. */
    public void letInAsEraser(Function function) {
        letIn(function, ERASER);
    }

    private void letIn(Function function, String user) {
        proxy.grantConnect(function, user);
        proxy.getConnections()
                .allowFrom(function, Port.tcp(5432), "the " + function.getNode().getId() + " reaches the proxy");
    }

    /** The migrations sign in to Aurora itself with the admin secret, through the Secrets Manager endpoint. */
    public void letInAsAdmin(Function migrations, Network network) {
        cluster.getSecret().grantRead(migrations);
        cluster.getConnections().allowDefaultPortFrom(migrations);
        network.secretsManager().getConnections().allowDefaultPortFrom(migrations);
    }

    /**
     * The writer's JDBC URL, for the migrations: TLS, not verified. Aurora's own certificate chains to the RDS CA
     * ({@code rds-ca-rsa2048-g1}), which no JDK trust store holds; verifying it needs AWS's certificate bundle in the
     * function, and that bundle is published only on AWS's trust-store site, which this project's build cannot reach
     * (docs/SECURITY.md). The migrations run once per deploy, inside the isolated subnets.
     */
    public String adminJdbcUrl() {
        return "jdbc:postgresql://" + cluster.getClusterEndpoint().getHostname() + ":5432/" + NAME + "?sslmode=require";
    }
}
