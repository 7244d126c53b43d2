package io.github.ipvs4j.preflight;

/** How much a finding matters. */
public enum Severity {
    /** The cluster will not work (or will fail in the way the finding says) until it is changed. */
    ERROR,
    /** The cluster works, but better with the change (e.g. how it behaves when real servers leave). */
    ADVICE,
    /** A fact worth knowing that needs no change, e.g. which interface holds the VIP. */
    OK;

    /** The lower-case name printed in reports: {@code error}, {@code advice}, {@code ok}. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
