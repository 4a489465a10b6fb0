package dev.trafficcam.db;

import dev.trafficcam.model.functions.FunctionEnvironment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to reach the database, from the environment:
 *
 * <ul>
 *   <li>{@code DB_URL}: JDBC URL, e.g. {@code jdbc:postgresql://proxy.example:5432/traffic?sslmode=require};
 *   <li>{@code DB_USER}: the database user (with a secret, its {@code username} wins);
 *   <li>{@code DB_AUTH}: {@code password} (default) or {@code iam} (RDS IAM auth tokens, as through RDS Proxy);
 *   <li>{@code DB_PASSWORD} or {@code DB_SECRET_ARN} (a Secrets Manager secret holding
 *       {@code {"username":..,"password":..}}, as RDS writes them) for password auth;
 *   <li>{@code AWS_REGION}: for IAM tokens and the secret.
 * </ul>
 */
public record DatabaseSettings(
        String jdbcUrl, String user, Auth auth, String password, String secretArn, String region) {

    public enum Auth {
        PASSWORD,
        IAM
    }

    public DatabaseSettings {
        List<String> problems = new ArrayList<>();
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            problems.add("DB_URL must be a jdbc:postgresql:// URL, got '" + jdbcUrl + "'");
        }
        if (auth == Auth.PASSWORD && password == null && secretArn == null) {
            problems.add("password authentication needs DB_PASSWORD or DB_SECRET_ARN");
        }
        if (auth == Auth.PASSWORD && secretArn == null && (user == null || user.isBlank())) {
            problems.add("DB_USER is not set");
        }
        if (auth == Auth.IAM && (user == null || user.isBlank())) {
            problems.add("IAM authentication needs DB_USER");
        }
        if ((auth == Auth.IAM || secretArn != null) && (region == null || region.isBlank())) {
            problems.add("AWS_REGION is not set");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid database configuration: " + String.join("; ", problems));
        }
    }

    public static DatabaseSettings password(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(jdbcUrl, user, Auth.PASSWORD, password, null, null);
    }

    public static DatabaseSettings fromEnvironment(Map<String, String> variables) {
        FunctionEnvironment env = new FunctionEnvironment(variables);
        DatabaseSettings settings = fromEnvironment(env);
        env.check("database");
        return settings;
    }

    /** The settings, or null with the problems noted in {@code env}, beside a function's own. */
    public static DatabaseSettings fromEnvironment(FunctionEnvironment env) {
        String auth = env.oneOf("DB_AUTH", "password", List.of("password", "iam"));
        try {
            return new DatabaseSettings(
                    env.value("DB_URL").orElse(null),
                    env.value("DB_USER").orElse(null),
                    auth.equals("iam") ? Auth.IAM : Auth.PASSWORD,
                    env.value("DB_PASSWORD").orElse(null),
                    env.value("DB_SECRET_ARN").orElse(null),
                    env.value("AWS_REGION").orElse(null));
        } catch (IllegalArgumentException e) {
            env.problem(e.getMessage());
            return null;
        }
    }

    /** Host and port from the JDBC URL, as IAM auth tokens name them. */
    URI hostAndPort() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return URI.create("postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()));
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + jdbcUrl + ", user=" + user + ", auth=" + auth
                + (secretArn != null ? ", secret=" + secretArn : "") + "]";
    }
}
