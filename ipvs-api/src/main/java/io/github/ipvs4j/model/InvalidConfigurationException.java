package io.github.ipvs4j.model;

import java.util.Objects;

/**
 * A value was rejected before anything reached the kernel. The message, and the accessors, name the
 * field, the value given and what is allowed.
 */
public class InvalidConfigurationException extends IpvsException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;
    private final String allowed;

    /**
     * Creates the exception.
     *
     * @param field the field, e.g. {@code "weight"}
     * @param value the rejected value (formatted with {@link String#valueOf(Object)})
     * @param allowed what would have been accepted, e.g. {@code "0..2147483647"}
     */
    public InvalidConfigurationException(String field, Object value, String allowed) {
        super(field + ": " + (value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value))
                + " is not allowed; expected " + allowed, null);
        this.field = Objects.requireNonNull(field, "field");
        this.value = String.valueOf(value);
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    /** The name of the rejected field. */
    public String field() {
        return field;
    }

    /** The rejected value, as text. */
    public String value() {
        return value;
    }

    /** What the field accepts. */
    public String allowed() {
        return allowed;
    }
}
