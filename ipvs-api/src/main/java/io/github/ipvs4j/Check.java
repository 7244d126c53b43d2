package io.github.ipvs4j;

/** Validation helpers shared by the model; every failure names the field and the allowed range. */
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
        if (value == null) {
            throw new InvalidConfigurationException(field, null, "a value (not null)");
        }
        return value;
    }

    static int port(String field, int port) {
        return range(field, port, 0, 65535);
    }
}
