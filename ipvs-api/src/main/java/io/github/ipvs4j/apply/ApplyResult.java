package io.github.ipvs4j.apply;

import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import java.util.List;

/**
 * What an apply did. Only changes the transport confirmed are listed as applied.
 *
 * @param applied changes the kernel accepted, in order
 * @param failed changes the kernel refused, each with its reason
 * @param notTried changes not attempted because an earlier phase failed
 * @param draining real servers held at weight 0 until their connections end; apply again to finish
 */
public record ApplyResult(List<Change> applied, List<BatchResult.Outcome> failed, List<Change> notTried,
        List<Draining> draining) {
    /** Freezes the lists. */
    public ApplyResult {
        applied = List.copyOf(applied);
        failed = List.copyOf(failed);
        notTried = List.copyOf(notTried);
        draining = List.copyOf(draining);
    }

    /** True if every planned change was applied. */
    public boolean succeeded() {
        return failed.isEmpty() && notTried.isEmpty();
    }

    /** True if the table now matches the desired state: nothing failed and nothing is draining. */
    public boolean converged() {
        return succeeded() && draining.isEmpty();
    }

    @Override
    public String toString() {
        return applied.size() + " applied, " + failed.size() + " failed, " + notTried.size() + " not tried, "
                + draining.size() + " draining";
    }
}
