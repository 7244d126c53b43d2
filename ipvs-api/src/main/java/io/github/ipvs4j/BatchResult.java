package io.github.ipvs4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What became of each change of a batch, in submission order. Every change of a batch is attempted,
 * whatever became of the others, so each one's outcome is known.
 *
 * @param outcomes one outcome per submitted change, in order
 */
public record BatchResult(List<Outcome> outcomes) {

    /**
     * The outcome of one change.
     *
     * @param change the change
     * @param error why it failed, or null if it was applied
     */
    public record Outcome(Change change, IpvsException error) {
        /** Validates the component. */
        public Outcome {
            Check.notNull("change", change);
        }

        /** True if the change was applied. */
        public boolean succeeded() {
            return error == null;
        }
    }

    /** Freezes the list. */
    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }

    /** True if every change was applied. */
    public boolean allSucceeded() {
        return outcomes.stream().allMatch(Outcome::succeeded);
    }

    /** The outcomes that failed, in order. */
    public List<Outcome> failures() {
        List<Outcome> failed = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.succeeded()) {
                failed.add(o);
            }
        }
        return Collections.unmodifiableList(failed);
    }

    /** The changes that were applied, in order. */
    public List<Change> applied() {
        List<Change> done = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.succeeded()) {
                done.add(o.change());
            }
        }
        return Collections.unmodifiableList(done);
    }
}
