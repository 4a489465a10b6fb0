package dev.trafficcam.db;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The migration runner as a Lambda function (the deployment invokes it on every deploy). Any
 * input is accepted; the answer says how many migrations ran and the schema version. A failed
 * migration throws, so the deployment fails rather than starting code on the wrong schema.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DatabaseConnections connections;

    public MigrationHandler() {
        this(new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv())));
    }

    public MigrationHandler(DatabaseConnections connections) {
        this.connections = connections;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Migrations.Outcome outcome = Migrations.migrate(connections);
        return Map.of("migrationsApplied", outcome.applied(), "schemaVersion", String.valueOf(outcome.schemaVersion()));
    }
}
