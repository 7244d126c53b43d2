package io.github.ipvs4j.model;

import java.util.Objects;

/**
 * A value was rejected before anything reached the kernel. The message, and the accessors, name the
 * field, the value given and what is allowed.
 */
public class InvalidConfigurationException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /** The name of the rejected field. */
    private final String field;
    /** The rejected value, as text. */
    private final String value;
    /** What the field accepts. */
    private final String allowed;

    /**
     * Creates the exception.
     *
     * @param field the field, e.g. {@code "weight"}
     * @param value the rejected value (formatted with {@link String#valueOf(Object)})
     * @param allowed what would have been accepted, e.g. {@code "0..2147483647"}
     * @throws NullPointerException if {@code field} or {@code allowed} is null
     */
    public InvalidConfigurationException(String field, Object value, String allowed) {
        super(field + ": " + (value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value))
                + " is not allowed; expected " + allowed, null);
        this.field = Objects.requireNonNull(field, "field");
        this.value = String.valueOf(value);
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    /**
     * The name of the rejected field.
     *
     * @return the field, e.g. {@code "weight"}
     */
    public String field() {
        return field;
    }

    /**
     * The rejected value, as text.
     *
     * @return the value formatted with {@link String#valueOf(Object)}; {@code "null"} for a null value
     */
    public String value() {
        return value;
    }

    /**
     * What the field accepts.
     *
     * @return a description of the accepted values, e.g. {@code "0..2147483647"}
     */
    public String allowed() {
        return allowed;
    }
}
