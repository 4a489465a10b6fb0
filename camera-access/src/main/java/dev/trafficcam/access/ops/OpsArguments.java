package dev.trafficcam.access.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of an ops command ({@code cameras}, {@code viewers}): its words, and the stack's API from
 * {@code --api URL} or {@code --api=URL}, anywhere among them (the local stack's by default).
 */
record OpsArguments(List<String> words, String api) {

    /** @throws IllegalArgumentException if {@code --api} has no value */
    static OpsArguments parse(String[] args) {
        List<String> words = new ArrayList<>();
        String api = CamerasCommand.DEFAULT_API;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--api")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--api needs a URL");
                }
                api = args[++i];
            } else if (args[i].startsWith("--api=")) {
                api = args[i].substring("--api=".length());
            } else {
                words.add(args[i]);
            }
        }
        return new OpsArguments(words, api);
    }
}
