package dev.trafficcam.access.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ops commands ({@code cameras}, {@code viewers}) share: the words and {@code --api URL} (or
 * {@code --api=URL}, anywhere among them; the local stack's by default), the client for that API, and the exit codes: 0
 * done, 1 refused or failed (the problem's detail on stderr), 2 bad arguments (with the usage).
 */
abstract class OpsCommand {
    protected final PrintStream out;
    protected final PrintStream err;
    private final String name;
    private final String usage;

    OpsCommand(String name, String usage, PrintStream out, PrintStream err) {
        this.name = name;
        this.usage = usage;
        this.out = out;
        this.err = err;
    }

    /** One command with its words after the command's own, against the API's client; the exit code. */
    abstract int run(String command, List<String> words, CameraAdminClient client) throws Exception;

    /** Runs one command; the exit code. */
    public int run(String[] args) {
        List<String> words = new ArrayList<>();
        String api = CamerasCommand.DEFAULT_API;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--api")) {
                if (i + 1 >= args.length) {
                    return usage("--api needs a URL");
                }
                api = args[++i];
            } else if (args[i].startsWith("--api=")) {
                api = args[i].substring("--api=".length());
            } else {
                words.add(args[i]);
            }
        }
        if (words.isEmpty()) {
            return usage(null);
        }
        String command = words.removeFirst();
        CameraAdminClient client;
        try {
            client = new CameraAdminClient(api);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        try {
            return run(command, words, client);
        } catch (IOException e) {
            err.println(name + ": cannot reach " + api + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            // refused, no credentials to sign with, no region: say so, without a stack trace
            err.println(name + ": " + e.getMessage());
            return 1;
        }
    }

    int usage(String problem) {
        if (problem != null) {
            err.println(name + ": " + problem);
        }
        err.println(usage);
        return 2;
    }
}
