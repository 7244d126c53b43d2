package io.github.ipvs4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
     * @param error why it failed, or empty if it was applied
     */
    public record Outcome(Change change, Optional<IpvsException> error) {
        /**
         * Validates the components.
         *
         * @param change the change
         * @param error why it failed, or empty if it was applied
         * @throws NullPointerException if a component is null
         */
        public Outcome {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(error, "error");
        }

        /**
         * The outcome of a change that was applied.
         *
         * @param change the change
         * @return the outcome
         * @throws NullPointerException if {@code change} is null
         */
        public static Outcome applied(Change change) {
            return new Outcome(change, Optional.empty());
        }

        /**
         * The outcome of a change that failed.
         *
         * @param change the change
         * @param error why it failed
         * @return the outcome
         * @throws NullPointerException if an argument is null
         */
        public static Outcome failed(Change change, IpvsException error) {
            return new Outcome(change, Optional.of(Objects.requireNonNull(error, "error")));
        }

        /**
         * Whether the change was applied.
         *
         * @return true if it was
         */
        public boolean succeeded() {
            return error.isEmpty();
        }
    }

    /**
     * Freezes the list.
     *
     * @param outcomes one outcome per submitted change, in order; copied
     * @throws NullPointerException if {@code outcomes} is null or holds a null
     */
    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * Whether every change was applied.
     *
     * @return true if no change failed (also for an empty batch)
     */
    public boolean allSucceeded() {
        return outcomes.stream().allMatch(Outcome::succeeded);
    }

    /**
     * The outcomes that failed, in order.
     *
     * @return the failed outcomes, an unmodifiable list; empty if every change was applied
     */
    public List<Outcome> failures() {
        List<Outcome> failed = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.succeeded()) {
                failed.add(o);
            }
        }
        return Collections.unmodifiableList(failed);
    }

    /**
     * The changes that were applied, in order.
     *
     * @return the applied changes, an unmodifiable list; empty if none was
     */
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
