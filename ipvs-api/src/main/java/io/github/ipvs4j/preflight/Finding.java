package io.github.ipvs4j.preflight;

import io.github.ipvs4j.host.HostChange;
import java.util.List;
import java.util.Objects;

/**
 * One result of a preflight: a setting or address, the value found, the value needed, and why, in a
 * sentence an operator understands; with the changes that fix it, when the host can fix it itself.
 *
 * @param severity how much it matters
 * @param subject what it is about: a setting's sysctl name, an address, an interface, a real server
 * @param found what the host has, e.g. {@code 0} or {@code missing}
 * @param needed what it needs, e.g. {@code 1 or more}; for an {@link Severity#OK} finding, what it is
 * @param reason why, in one sentence
 * @param fix the changes that make the finding go away; empty if only a person can fix it (e.g. a
 *     real server behind a gateway)
 */
public record Finding(Severity severity, String subject, String found, String needed, String reason,
        List<HostChange> fix) {
    /**
     * Validates the components.
     *
     * @param severity how much it matters
     * @param subject what it is about
     * @param found what the host has
     * @param needed what it needs
     * @param reason why
     * @param fix the changes that fix it, possibly none; copied
     * @throws NullPointerException if a component is null
     */
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(needed, "needed");
        Objects.requireNonNull(reason, "reason");
        fix = List.copyOf(fix);
    }

    /**
     * One line: {@code error  net.ipv4.conf.all.arp_ignore is 0, needs 1 or more: REASON (fix: set ...)};
     * an OK finding reads {@code ok     SUBJECT: NEEDED: REASON}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-6s ", severity)).append(subject);
        if (severity == Severity.OK) {
            sb.append(": ").append(needed);
        } else {
            sb.append(" is ").append(found).append(", needs ").append(needed);
        }
        sb.append(": ").append(reason);
        if (!fix.isEmpty()) {
            sb.append(" (fix: ");
            for (int i = 0; i < fix.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(fix.get(i));
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
