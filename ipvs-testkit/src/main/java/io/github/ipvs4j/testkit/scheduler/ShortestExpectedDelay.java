package io.github.ipvs4j.testkit.scheduler;

/** {@code sed}: weighted least connection with overhead {@code active + 1} (inactive ones ignored). */
final class ShortestExpectedDelay extends WeightedLeastConnection {
    ShortestExpectedDelay() {
        super(d -> d.activeConnections() + 1);
    }
}
