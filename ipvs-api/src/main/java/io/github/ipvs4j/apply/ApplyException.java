package io.github.ipvs4j.apply;

import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.IpvsException;

/**
 * An apply stopped part-way: {@link #result()} lists what was applied, what failed (with the kernel's
 * reason) and what was not tried. Applying the same desired state again converges.
 */
public class ApplyException extends IpvsException {
    private static final long serialVersionUID = 1L;

    private final transient ApplyResult result;

    /**
     * Creates the exception for a partial result; the first failure is the cause, and gives the exception
     * its errno, operation, service and real server.
     *
     * @param result what was applied, what failed and what was not tried
     * @throws NullPointerException if {@code result} is null
     */
    public ApplyException(ApplyResult result) {
        super(message(result), result.failed().isEmpty() ? 0 : result.failed().get(0).error().orElseThrow().errno(),
                result.failed().isEmpty() ? null : result.failed().get(0).change().operation(),
                result.failed().isEmpty() ? null : result.failed().get(0).change().service(),
                result.failed().isEmpty() ? null : result.failed().get(0).change().realServer().orElse(null),
                result.failed().isEmpty() ? null : result.failed().get(0).error().orElseThrow());
        this.result = result;
    }

    /**
     * What was applied, what failed and what was not tried.
     *
     * @return the partial result; null in an exception that was deserialized, as the result is not
     *     serialized
     */
    public ApplyResult result() {
        return result;
    }

    private static String message(ApplyResult r) {
        StringBuilder sb = new StringBuilder("apply stopped: ").append(r);
        for (BatchResult.Outcome o : r.failed()) {
            sb.append("\n  failed: ").append(o.error().orElseThrow().getMessage());
        }
        return sb.toString();
    }
}
