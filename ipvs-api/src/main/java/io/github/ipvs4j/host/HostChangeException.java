package io.github.ipvs4j.host;

import io.github.ipvs4j.model.IpvsException;
import java.util.List;
import java.util.Objects;

/**
 * A list of host changes stopped at one that failed: says which were made, which failed and why (the
 * cause), and which were not tried, so nothing is left half-applied without a report.
 */
public class HostChangeException extends IpvsException {
    private static final long serialVersionUID = 1L;

    private final transient List<HostChange> applied;
    private final transient HostChange failed;
    private final transient List<HostChange> notApplied;

    /**
     * Creates the exception.
     *
     * @param applied the changes made, in order
     * @param failed the change that failed
     * @param notApplied the changes not tried, in order
     * @param cause the failure of {@code failed}: the transport's {@link IpvsException}, or e.g. an
     *     {@link IllegalStateException} if the handle was closed meanwhile
     * @throws NullPointerException if an argument is null
     */
    public HostChangeException(List<HostChange> applied, HostChange failed, List<HostChange> notApplied,
            RuntimeException cause) {
        super(message(applied, failed, notApplied, cause), cause instanceof IpvsException i ? i.errno() : 0,
                cause instanceof IpvsException i ? i.operation().orElse(null) : null, null, null, cause);
        this.applied = List.copyOf(applied);
        this.failed = Objects.requireNonNull(failed, "failed");
        this.notApplied = List.copyOf(notApplied);
    }

    private static String message(List<HostChange> applied, HostChange failed, List<HostChange> notApplied,
            RuntimeException cause) {
        StringBuilder sb = new StringBuilder("could not ").append(failed).append(": ").append(cause.getMessage());
        sb.append("; applied before it: ").append(applied.isEmpty() ? "none" : applied.toString());
        sb.append("; not applied: ").append(notApplied.isEmpty() ? "none" : notApplied.toString());
        return sb.toString();
    }

    /**
     * The changes made before the failure.
     *
     * @return them, in order
     */
    public List<HostChange> applied() {
        return applied;
    }

    /**
     * The change that failed; {@link #getCause()} says why.
     *
     * @return the change
     */
    public HostChange failed() {
        return failed;
    }

    /**
     * The changes not tried after the failure.
     *
     * @return them, in order
     */
    public List<HostChange> notApplied() {
        return notApplied;
    }
}
