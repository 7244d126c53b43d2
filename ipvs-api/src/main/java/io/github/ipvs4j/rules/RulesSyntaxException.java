package io.github.ipvs4j.rules;

import io.github.ipvs4j.model.IpvsException;
import java.util.Optional;

/**
 * An ipvsadm command line, or a line of a rules file, could not be read. The message has the form
 * {@code rules.txt:7: unknown option --foo} (source and line are left out for a single command line).
 *
 * <p>This is an {@link IpvsException} rather than an {@link io.github.ipvs4j.model.InvalidConfigurationException}:
 * most reasons (an unknown option, a missing argument, an option the command does not take) are about
 * text, not about one field's value. When the text was fine but the model rejected a value (say a lower
 * threshold above the upper one), that {@code InvalidConfigurationException} is the {@linkplain #getCause()
 * cause} and its message the {@linkplain #reason() reason}.
 */
public class RulesSyntaxException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /** Where the text came from (a file name), or null for a single command line. */
    private final String sourceName;
    /** The 1-based line number, or 0 for a single command line. */
    private final int lineNumber;
    /** What is wrong, without the location. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param sourceName where the text came from (a file name), or null for a single command line
     * @param lineNumber the 1-based line number, or 0 for a single command line
     * @param reason what is wrong, e.g. {@code unknown option --foo}
     * @param cause the model's rejection of a value, or null
     */
    public RulesSyntaxException(String sourceName, int lineNumber, String reason, Throwable cause) {
        super(location(sourceName, lineNumber) + reason, cause);
        this.sourceName = sourceName;
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /**
     * Creates the exception for a single command line (no source name or line number, no cause).
     *
     * @param reason what is wrong, e.g. {@code unknown option --foo}
     */
    public RulesSyntaxException(String reason) {
        this(null, 0, reason, null);
    }

    private static String location(String sourceName, int lineNumber) {
        if (sourceName != null) {
            return sourceName + ":" + (lineNumber > 0 ? lineNumber + ":" : "") + " ";
        }
        return lineNumber > 0 ? "line " + lineNumber + ": " : "";
    }

    /**
     * Where the text came from.
     *
     * @return the source's name, e.g. a file name; empty for a single command line
     */
    public Optional<String> sourceName() {
        return Optional.ofNullable(sourceName);
    }

    /**
     * The line the error is on.
     *
     * @return the 1-based number of the offending line, or 0 for a single command line
     */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * What is wrong, without the location.
     *
     * @return the reason, e.g. {@code unknown option --foo}
     */
    public String reason() {
        return reason;
    }

    /** Returns a copy of this exception located at the given line of the given source. */
    RulesSyntaxException at(String sourceName, int lineNumber) {
        RulesSyntaxException located = new RulesSyntaxException(sourceName, lineNumber, reason, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }
}
