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
    /**
     * Freezes the lists.
     *
     * @param applied changes the kernel accepted, in order; copied
     * @param failed changes the kernel refused, each with its reason; copied
     * @param notTried changes not attempted because an earlier phase failed; copied
     * @param draining real servers held at weight 0 until their connections end; copied
     * @throws NullPointerException if a list is null or holds a null
     */
    public ApplyResult {
        applied = List.copyOf(applied);
        failed = List.copyOf(failed);
        notTried = List.copyOf(notTried);
        draining = List.copyOf(draining);
    }

    /**
     * Whether every planned change was applied.
     *
     * @return true if nothing failed and nothing was left untried (real servers may still be draining)
     */
    public boolean succeeded() {
        return failed.isEmpty() && notTried.isEmpty();
    }

    /**
     * Whether the table now matches the desired state: nothing failed and nothing is draining.
     *
     * @return true if {@link #succeeded()} and no real server is draining
     */
    public boolean converged() {
        return succeeded() && draining.isEmpty();
    }

    @Override
    public String toString() {
        return applied.size() + " applied, " + failed.size() + " failed, " + notTried.size() + " not tried, "
                + draining.size() + " draining";
    }
}
