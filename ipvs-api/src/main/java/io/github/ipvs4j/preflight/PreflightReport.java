package io.github.ipvs4j.preflight;

import io.github.ipvs4j.host.HostChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The findings of one preflight, in the order the checks ran.
 *
 * @param findings every finding, errors, advice and facts
 */
public record PreflightReport(List<Finding> findings) {
    /**
     * Copies the findings.
     *
     * @param findings every finding
     * @throws NullPointerException if {@code findings} or one of them is null
     */
    public PreflightReport {
        findings = List.copyOf(findings);
    }

    /**
     * Whether the host is ready: no finding is an error.
     *
     * @return true if no {@link Severity#ERROR} finding remains
     */
    public boolean ready() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /**
     * The findings of one severity.
     *
     * @param severity the severity
     * @return those findings, in order
     */
    public List<Finding> findings(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /**
     * The changes that fix the errors and the advice, in the order of the findings, each once.
     *
     * @return the changes; applying them changes exactly what the findings name
     */
    public List<HostChange> fixes() {
        Set<HostChange> changes = new LinkedHashSet<>();
        for (Finding f : findings) {
            changes.addAll(f.fix());
        }
        return new ArrayList<>(changes);
    }

    /** One finding a line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        findings.forEach(f -> sb.append(f).append('\n'));
        return sb.toString();
    }
}
