package io.github.ipvs4j.examples.sim;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A parsed traffic file: connections and clock advances, in order. */
final class Traffic {

    /** One line of a traffic file. */
    sealed interface Step permits Connect, Advance {
        /** The line it came from, 1-based. */
        int line();
    }

    /** {@code <tcp|udp|sctp> <client-ip> <client-port> <virtual-ip> <virtual-port> <hold|close>}. */
    record Connect(int line, Protocol protocol, InetAddress client, int clientPort, InetAddress virtualAddress,
            int virtualPort, boolean hold) implements Step {
    }

    /** {@code advance <seconds>}: moves the fake kernel's clock. */
    record Advance(int line, Duration duration) implements Step {
    }

    /** A traffic file line that cannot be read; the message names the file and line. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String source, int line, String problem) {
            super(source + ":" + line + ": " + problem);
        }
    }

    private Traffic() {
    }

    /** Reads every step; blank lines and {@code #} comments are skipped. */
    static List<Step> parse(Reader reader, String source) throws IOException, SyntaxException {
        List<Step> steps = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split("\\s+");
            try {
                steps.add(step(lineNumber, f));
            } catch (InvalidConfigurationException | IllegalArgumentException e) {
                throw new SyntaxException(source, lineNumber, e.getMessage());
            }
        }
        return steps;
    }

    private static Step step(int line, String[] f) {
        if (f[0].equals("advance")) {
            if (f.length != 2) {
                throw new IllegalArgumentException("expected 'advance <seconds>'");
            }
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("advance: '" + f[1] + "' is not a number of seconds");
            }
            if (seconds.signum() < 0 || seconds.scale() > 9 || seconds.compareTo(BigDecimal.valueOf(315_360_000L)) > 0) {
                throw new IllegalArgumentException("advance: '" + f[1] + "' is not allowed; expected 0..315360000"
                        + " seconds (at most nanosecond precision)");
            }
            return new Advance(line, Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
        }
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(f[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown step '" + f[0] + "'; expected tcp, udp, sctp or advance");
        }
        if (f.length != 6) {
            throw new IllegalArgumentException("expected '" + f[0]
                    + " <client-ip> <client-port> <virtual-ip> <virtual-port> <hold|close>'");
        }
        InetAddress client = Addresses.parse(f[1],
                expected -> new InvalidConfigurationException("client ip", f[1], expected));
        InetAddress vip = Addresses.parse(f[3],
                expected -> new InvalidConfigurationException("virtual ip", f[3], expected));
        if (client.getAddress().length != vip.getAddress().length) {
            throw new IllegalArgumentException("client ip " + f[1] + " and virtual ip " + f[3]
                    + " are of different families");
        }
        boolean hold = switch (f[5]) {
            case "hold" -> true;
            case "close" -> false;
            default -> throw new IllegalArgumentException("'" + f[5] + "' is not allowed; expected hold or close");
        };
        return new Connect(line, protocol, client, port("client port", f[2]), vip, port("virtual port", f[4]), hold);
    }

    private static int port(String field, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535 && text.chars().allMatch(Character::isDigit)) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(field, text, "0..65535");
    }
}
