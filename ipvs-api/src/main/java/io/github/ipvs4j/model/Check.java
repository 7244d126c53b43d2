package io.github.ipvs4j.model;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Validation helpers shared by the model; every failure names the field and, for a value out of range,
 * the allowed range. A null argument is a programming error and gets a {@link NullPointerException}
 * naming the field; a value that cannot work gets an {@link InvalidConfigurationException}.
 */
final class Check {
    private Check() {
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(field, value, min + ".." + max);
        }
        return value;
    }

    static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(field, value, min + ".." + max);
        }
        return value;
    }

    static <T> T notNull(String field, T value) {
        return Objects.requireNonNull(value, field);
    }

    static int port(String field, int port) {
        return range(field, port, 0, 65535);
    }

    /** Parses an IP literal (never a host name), refusing anything else as a value of {@code field}. */
    static InetAddress address(String field, String text) {
        Objects.requireNonNull(text, field);
        return Addresses.parse(text, expected -> new InvalidConfigurationException(field, text, expected));
    }
}
