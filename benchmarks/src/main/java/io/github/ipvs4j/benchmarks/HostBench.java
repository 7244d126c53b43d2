package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.preflight.Preflight;
import io.github.ipvs4j.preflight.PreflightFix;
import io.github.ipvs4j.preflight.Role;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ipvs4j side of {@code benchmarks/host-bench.sh}, run in the guest as one long-lived JVM that
 * {@code kernel/host-in-guest.sh} drives through its standard input, one command a line, so that every
 * round after the warm-up meets an already loaded and compiled library (the JVM's start is never timed).
 * Each command answers with {@code ROUND ipvs4j OP N SECONDS} lines, other lines starting with {@code #},
 * and a last line {@code done}:
 *
 * <ul>
 *   <li>{@code keys NS}: one line {@code KEYS k1 k2 ...}, the sysctl names of
 *       {@link Preflight#settingsToRead} for NS's interfaces (what {@code sysctl -n} reads on the other side);
 *   <li>{@code run ROUND NS IF N...}: for each N, {@link Host#addAddress} of N /32s on IF one call each
 *       ({@code add}), {@link Host#listAddresses()} ({@code list}), {@link Host#readSettings} of those keys
 *       ({@code settings}, N = their number, once per round after the first add), {@link Host#removeAddress}
 *       N times ({@code remove}); also {@code open}, {@link Host#open} in NS;
 *   <li>{@code preflight ROUND NS VIP}: a DR real server's {@link Preflight#fix} of NS on a host opened
 *       just before ({@code preflight-fix}; N = the number of changes made);
 *   <li>{@code warmup NS IF N}: {@code run} there, its figures printed as comments.
 * </ul>
 *
 * <p>Addresses: the i-th (from 1) is 198.18.(i / 256).(i % 256)/32, as {@code host-in-guest.sh} writes them.
 */
public final class HostBench {
    private static final PrintStream OUT = System.out;

    private HostBench() {
    }

    /** Reads commands until end of input. */
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "keys" -> keys(w[1]);
                    case "run" -> run(w[1], w[2], w[3], sizes(w, 4), false);
                    case "warmup" -> run("0", w[1], w[2], sizes(w, 3), true);
                    case "preflight" -> preflight(w[1], w[2], w[3]);
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
            } catch (RuntimeException e) {
                OUT.println("# FAILED " + line + ": " + e);
                e.printStackTrace();
            }
            OUT.println("done");
            OUT.flush();
        }
    }

    private static int[] sizes(String[] w, int from) {
        int[] n = new int[w.length - from];
        for (int i = 0; i < n.length; i++) {
            n[i] = Integer.parseInt(w[from + i]);
        }
        return n;
    }

    private static Host open(String ns) {
        return Host.open(TransportOptions.DEFAULTS.withNetworkNamespace(ns));
    }

    private static void keys(String ns) {
        try (Host host = open(ns)) {
            OUT.println("KEYS " + settings(host).stream().map(Setting::name).collect(Collectors.joining(" ")));
        }
    }

    private static List<Setting> settings(Host host) {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip("192.0.2.100").build();
        return List.copyOf(p.settingsToRead(host.listLinks()));
    }

    static InetAddress address(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) (i / 256), (byte) (i % 256)});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void run(String round, String ns, String ifName, int[] sizes, boolean warmup) {
        long t0 = System.nanoTime();
        Host host = open(ns);
        record(warmup, round, "open", 1, t0);
        try (host) {
            List<Setting> keys = settings(host);
            boolean settingsDone = false;
            for (int n : sizes) {
                List<InterfaceAddress> addresses = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    addresses.add(InterfaceAddress.host(ifName, address(i)));
                }
                int before = host.listAddresses().size();
                t0 = System.nanoTime();
                for (InterfaceAddress a : addresses) {
                    host.addAddress(a);
                }
                record(warmup, round, "add", n, t0);
                t0 = System.nanoTime();
                List<InterfaceAddress> listed = host.listAddresses();
                record(warmup, round, "list", n, t0);
                if (listed.size() != before + n) {
                    throw new IllegalStateException("listed " + listed.size() + " addresses, expected " + (before + n));
                }
                if (!settingsDone) {
                    t0 = System.nanoTime();
                    Map<Setting, Integer> values = host.readSettings(keys);
                    record(warmup, round, "settings", keys.size(), t0);
                    if (values.size() != keys.size()) {
                        OUT.println("# read " + values.size() + " of " + keys.size() + " settings");
                    }
                    settingsDone = true;
                }
                t0 = System.nanoTime();
                for (InterfaceAddress a : addresses) {
                    host.removeAddress(a);
                }
                record(warmup, round, "remove", n, t0);
                if (host.listAddresses().size() != before) {
                    throw new IllegalStateException("addresses left after the removal");
                }
            }
        }
    }

    private static void preflight(String round, String ns, String vip) {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(vip).build();
        try (Host host = open(ns)) {
            long t0 = System.nanoTime();
            PreflightFix fix = p.fix(host);
            long t1 = System.nanoTime();
            List<HostChange> applied = fix.applied();
            OUT.printf("%s ipvs4j preflight-fix %d %.6f%n", round, applied.size(), (t1 - t0) / 1e9);
            OUT.println("# changes: " + applied + "; ready after: " + fix.after().ready());
        }
    }

    private static void record(boolean warmup, String round, String op, int n, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        OUT.printf("%s%s ipvs4j %s %d %.6f%n", warmup ? "# warmup " : "", round, op, n, s);
    }
}
