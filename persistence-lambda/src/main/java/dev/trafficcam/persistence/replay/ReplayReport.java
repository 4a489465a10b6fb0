package dev.trafficcam.persistence.replay;

import java.util.List;
import java.util.Map;

/**
 * What one replay run did.
 *
 * @param examined messages looked at
 * @param replayed events stored by this run (their messages deleted)
 * @param alreadyStored events that were stored already (their messages deleted)
 * @param stillFailing events whose persistence failed again, by error type (messages kept for later)
 * @param invalid messages that can never be stored: not an event, or rejected as invalid (kept, see docs/OPERATIONS.md)
 * @param wouldReplay in a dry run: the events that would have been replayed (nothing is changed)
 * @param dryRun whether this was a dry run
 * @param invalidIds message ids of the invalid messages, for an operator to inspect
 */
public record ReplayReport(
        int examined,
        int replayed,
        int alreadyStored,
        Map<String, Integer> stillFailing,
        int invalid,
        int wouldReplay,
        boolean dryRun,
        List<String> invalidIds) {

    public int stillFailingTotal() {
        return stillFailing.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String summary() {
        return (dryRun ? "dry run: " : "") + "examined " + examined + ", replayed " + replayed + ", already stored "
                + alreadyStored + ", still failing " + stillFailingTotal()
                + (stillFailing.isEmpty() ? "" : " " + stillFailing)
                + ", invalid " + invalid + (dryRun ? ", would replay " + wouldReplay : "");
    }
}
