package io.github.ipvs4j.preflight;

import io.github.ipvs4j.host.HostChange;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Preflight#fix(io.github.ipvs4j.Host)} did.
 *
 * @param before the findings before the changes
 * @param applied the changes made, in order
 * @param after the findings of a fresh look at the host after the changes
 */
public record PreflightFix(PreflightReport before, List<HostChange> applied, PreflightReport after) {
    /**
     * Validates and copies the components.
     *
     * @param before the findings before
     * @param applied the changes made
     * @param after the findings after
     * @throws NullPointerException if a component is null
     */
    public PreflightFix {
        Objects.requireNonNull(before, "before");
        applied = List.copyOf(applied);
        Objects.requireNonNull(after, "after");
    }
}
