package io.github.ipvs4j.examples.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String rules, String traffic) throws IOException {
        Path r = Files.writeString(dir.resolve("rules.txt"), rules);
        Path t = Files.writeString(dir.resolve("traffic.txt"), traffic);
        return Simulator.run(new String[] {"--rules", r.toString(), "--traffic", t.toString()},
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static final String WRR_NAT = """
            -A -t 192.0.2.1:80 -s wrr
            -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 1
            -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 2
            """;

    @Test
    void wrrSequenceMatchesWhatTheRealKernelDid() throws IOException {
        // In the qemu guest, six sequential HTTP requests to this table went rs2, rs1, rs2, rs2, rs1, rs2.
        StringBuilder traffic = new StringBuilder("# six sequential requests\n");
        for (int i = 0; i < 6; i++) {
            traffic.append("tcp 203.0.113.7 ").append(40000 + i).append(" 192.0.2.1 80 close\n");
        }
        assertThat(run(WRR_NAT, traffic.toString())).isZero();
        assertThat(out()).isEqualTo("""
                203.0.113.7 40000 -> 198.51.100.2 80
                203.0.113.7 40001 -> 198.51.100.1 80
                203.0.113.7 40002 -> 198.51.100.2 80
                203.0.113.7 40003 -> 198.51.100.2 80
                203.0.113.7 40004 -> 198.51.100.1 80
                203.0.113.7 40005 -> 198.51.100.2 80

                connections per real server:
                  198.51.100.1 80 2
                  198.51.100.2 80 4
                  none 0
                """);
    }

    @Test
    void trafficFromStandardInputWithTheReasonForEachConnectionThatGoesNowhere() throws IOException {
        Path r = Files.writeString(dir.resolve("rules.txt"), WRR_NAT + "-A -t 192.0.2.2:80 -s rr\n");
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(
                "tcp 203.0.113.7 1000 192.0.2.2 80 close\ntcp 203.0.113.7 1001 192.0.2.1 80 close\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(Simulator.run(new String[] {"--rules", r.toString(), "--traffic", "-"}, in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isZero();
        assertThat(err()).isEmpty();
        assertThat(out()).startsWith("203.0.113.7 1000 -> none (no real server)\n203.0.113.7 1001 -> 1");
        in = new java.io.ByteArrayInputStream(new byte[] {'t', 'c', 'p', (byte) 0xe9, '\n'});
        assertThat(Simulator.run(new String[] {"--rules", r.toString(), "--traffic", "-"}, in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err()).isEqualTo("ipvs-sim: -:1: byte 0xe9 is not UTF-8\n");
    }

    @Test
    void unknownVirtualAddressGoesNowhere() throws IOException {
        assertThat(run(WRR_NAT, "udp 203.0.113.7 5000 192.0.2.1 53 hold\ntcp 203.0.113.7 5000 192.0.2.99 80 close\n"))
                .isZero();
        assertThat(out()).startsWith("203.0.113.7 5000 -> none (no service)\n203.0.113.7 5000 -> none (no service)\n")
                .endsWith("  none 2\n");
    }

    @Test
    void persistenceHoldsUntilTheTemplateExpires() throws IOException {
        String rules = """
                -A -t 192.0.2.1:80 -s rr -p 60
                -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 1
                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 1
                """;
        String traffic = """
                tcp 203.0.113.7 1000 192.0.2.1 80 close
                tcp 203.0.113.7 1001 192.0.2.1 80 close
                advance 30
                tcp 203.0.113.7 1002 192.0.2.1 80 close
                advance 1000
                tcp 203.0.113.8 1000 192.0.2.1 80 close
                tcp 203.0.113.7 1003 192.0.2.1 80 close
                """;
        assertThat(run(rules, traffic)).isZero();
        String[] lines = out().split("\n");
        String first = lines[0].substring(lines[0].indexOf("->"));
        assertThat(lines[1]).endsWith(first);
        assertThat(lines[2]).endsWith(first);
        // After the template expired, rr moves on: the next two clients go to both servers.
        assertThat(lines[3].substring(lines[3].indexOf("->"))).isNotEqualTo(lines[4].substring(lines[4].indexOf("->")));
    }

    @Test
    void badTrafficLineNamesFileLineAndProblem() throws IOException {
        assertThat(run(WRR_NAT, "tcp 203.0.113.7 1000 192.0.2.1 80 close\n\ntcp 203.0.113.7 99999 192.0.2.1 80 close\n"))
                .isEqualTo(2);
        assertThat(err()).contains("traffic.txt:3:").contains("client port").contains("99999").contains("0..65535");
        assertThat(out()).isEmpty();
    }

    @Test
    void badTrafficWordsAreReported() throws IOException {
        assertThat(run(WRR_NAT, "tcp 203.0.113.7 1000 192.0.2.1 80 linger\n")).isEqualTo(2);
        assertThat(err()).contains("traffic.txt:1:").contains("hold or close");
        err.reset();
        assertThat(run(WRR_NAT, "advance soon\n")).isEqualTo(2);
        assertThat(err()).contains("traffic.txt:1:").contains("advance");
        err.reset();
        assertThat(run(WRR_NAT, "icmp 203.0.113.7 1 192.0.2.1 80 close\n")).isEqualTo(2);
        assertThat(err()).contains("unknown step 'icmp'");
        err.reset();
        assertThat(run(WRR_NAT, "tcp web.example 1 192.0.2.1 80 close\n")).isEqualTo(2);
        assertThat(err()).contains("client ip");
    }

    @Test
    void badRulesLineNamesFileAndLine() throws IOException {
        assertThat(run("-A -t 192.0.2.1:80 -s wrr\n-a -t 192.0.2.1:80 -r 198.51.100.1:80 --bogus\n", "")).isEqualTo(2);
        assertThat(err()).contains("rules.txt").contains("2");
    }

    @Test
    void aRuleTheKernelRefusesNamesFileAndLine() throws IOException {
        String rules = WRR_NAT + "\n-a -t 192.0.2.1:80 -r 224.0.0.1:80 -m\n";
        assertThat(run(rules, "tcp 203.0.113.7 1000 192.0.2.1 80 close\n")).isEqualTo(2);
        assertThat(err()).isEqualTo("ipvs-sim: " + dir.resolve("rules.txt")
                + ":5: the kernel refuses this rule: create real"
                + " server TCP 192.0.2.1:80 -> 224.0.0.1:80: kernel refused with EINVAL (invalid argument: a value the"
                + " kernel does not accept, or an address it cannot route)\n");
        assertThat(out()).isEmpty();
        err.reset();
        // A service refused: its -E line, the last that defines it.
        assertThat(run(WRR_NAT + "-E -t 192.0.2.1:80 -s nosuch\n", "")).isEqualTo(2);
        assertThat(err()).startsWith("ipvs-sim: " + dir.resolve("rules.txt") + ":4: the kernel refuses this rule: ");
    }

    @Test
    void aByteThatIsNotUtf8NamesFileAndLine() throws IOException {
        Path r = Files.write(dir.resolve("rules.txt"), bytes("-A -t 192.0.2.1:80 -s rr\n# caf\u00e9\n", 0xe9, '\n'));
        Path t = Files.write(dir.resolve("traffic.txt"), bytes("tcp 203.0.113.7 1000 192.0.2.1 80 close\n", 0xff));
        assertThat(Simulator.run(new String[] {"--rules", r.toString(), "--traffic", t.toString()},
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err()).isEqualTo("ipvs-sim: " + r + ":3: byte 0xe9 is not UTF-8\n");
        err.reset();
        Files.writeString(r, WRR_NAT);
        assertThat(Simulator.run(new String[] {"--rules", r.toString(), "--traffic", t.toString()},
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err()).isEqualTo("ipvs-sim: " + t + ":2: byte 0xff is not UTF-8\n");
        assertThat(out()).isEmpty();
    }

    /** The text in UTF-8, then the given raw bytes. */
    private static byte[] bytes(String text, int... raw) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(utf8, utf8.length + raw.length);
        for (int i = 0; i < raw.length; i++) {
            all[utf8.length + i] = (byte) raw[i];
        }
        return all;
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertThat(Simulator.run(new String[] {"--rules"}, InputStream.nullInputStream(), new PrintStream(out),
                new PrintStream(err))).isEqualTo(2);
        assertThat(err()).contains("usage: ipvs-sim");
    }
}
