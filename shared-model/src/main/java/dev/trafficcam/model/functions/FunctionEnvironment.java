package dev.trafficcam.model.functions;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a function's (or an operator command's) settings from its environment, the same way everywhere: blank is unset,
 * values are stripped, and each problem is collected, so that one error message at start-up names every variable that
 * is wrong, not only the first ({@link #check}).
 */
public final class FunctionEnvironment {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public FunctionEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The process's own environment: what Lambda sets, or the operator's shell. */
    public static FunctionEnvironment ofProcess() {
        return new FunctionEnvironment(System.getenv());
    }

    /** The variable's value, stripped; empty when unset or blank. */
    public Optional<String> value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A variable that must be set: its value; or null, with a problem noted. */
    public String required(String name) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            problems.add(name + " is not set");
            return null;
        }
        return v.get();
    }

    public String text(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    public int integer(String name, int fallback) {
        return (int) whole(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longValue(String name, long fallback) {
        return whole(name, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A duration given in whole milliseconds ({@code ..._MS}). */
    public Duration millis(String name, long fallbackMs) {
        return Duration.ofMillis(longValue(name, fallbackMs));
    }

    public double decimal(String name, double fallback) {
        return parsed(name, fallback, "a number", v -> {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        });
    }

    /** One of a fixed set of words, compared in lower case. */
    public String oneOf(String name, String fallback, List<String> allowed) {
        String v = value(name).map(s -> s.toLowerCase(Locale.ROOT)).orElse(fallback);
        if (!allowed.contains(v)) {
            problems.add(name + " must be "
                    + String.join(
                            " or ", allowed.stream().map(a -> "'" + a + "'").toList()) + ", got '" + v + "'");
            return fallback;
        }
        return v;
    }

    /**
     * A service's endpoint override, as the AWS SDKs name it: {@code AWS_ENDPOINT_URL_<SERVICE>} (for example
     * {@code S3}, {@code SQS}, {@code LAMBDA}, {@code SAGEMAKER_RUNTIME}), else {@code AWS_ENDPOINT_URL}; empty for the
     * service itself (AWS SDKs and Tools Reference Guide, "Service-specific endpoints").
     */
    public Optional<URI> endpoint(String service) {
        String specific = "AWS_ENDPOINT_URL_" + service;
        Optional<String> v = value(specific);
        String name = v.isPresent() ? specific : "AWS_ENDPOINT_URL";
        return v.or(() -> value("AWS_ENDPOINT_URL")).map(url -> uri(name, url));
    }

    /** The region Lambda sets ({@code AWS_REGION}), or the operator's; the fallback when neither is set. */
    public String region(String fallback) {
        return value("AWS_REGION").or(() -> value("AWS_DEFAULT_REGION")).orElse(fallback);
    }

    /** Notes a problem found while reading, for {@link #check}. */
    public void problem(String problem) {
        problems.add(problem);
    }

    /** The problems so far. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** @throws IllegalArgumentException naming every problem noted, as "invalid {what} configuration: ...; ..." */
    public void check(String what) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + " configuration: " + String.join("; ", problems));
        }
    }

    private long whole(String name, long fallback, long min, long max) {
        return parsed(name, fallback, "a whole number", v -> {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        });
    }

    private <T> T parsed(String name, T fallback, String kind, Function<String, T> parse) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return parse.apply(v.get());
        } catch (NumberFormatException e) {
            problems.add(name + " must be " + kind + ", got '" + v.get() + "'");
            return fallback;
        }
    }

    private URI uri(String name, String v) {
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problems.add(name + " must be an absolute http(s) URL, got '" + v + "'");
            return null;
        }
    }
}
