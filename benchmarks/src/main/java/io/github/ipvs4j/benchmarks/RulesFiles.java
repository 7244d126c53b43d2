package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the benchmark tables as {@code ipvsadm -R} input, so ipvsadm, jipvsadm and the C floor load
 * exactly what {@link Tables} gives the in-process benchmark:
 * {@code DIR/load-S-R.rules} (the whole table) and {@code DIR/change-S-R.rules} (the 1% change as
 * {@code -A/-a}, {@code -e} and {@code -D} commands, in the order a reconcile sends them).
 *
 * <p>Usage: {@code RulesFiles DIR SERVICESxREALSERVERS...}, e.g. {@code RulesFiles /tmp/rules 10000x8}.
 */
public final class RulesFiles {
    private RulesFiles() {
    }

    /** Writes the files for each size given. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RulesFiles DIR SERVICESxREALSERVERS...");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            String[] size = args[i].split("x");
            int services = Integer.parseInt(size[0]);
            int perService = Integer.parseInt(size[1]);
            IpvsConfig table = Tables.generate(services, perService);
            IpvsConfig changed = Tables.changed(services, perService);
            try (Writer w = Files.newBufferedWriter(dir.resolve("load-" + args[i] + ".rules"), StandardCharsets.US_ASCII)) {
                for (ServiceConfig s : table.services()) {
                    create(w, s);
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("change-" + args[i] + ".rules"),
                    StandardCharsets.US_ASCII)) {
                writeChange(w, table, changed);
            }
        }
    }

    private static void create(Writer w, ServiceConfig s) throws IOException {
        String key = key(s.service().key());
        w.write("-A " + key + " -s " + s.service().scheduler().name() + "\n");
        for (RealServer rs : s.realServers()) {
            w.write("-a " + key + " " + realServer(rs) + "\n");
        }
    }

    /** New services with their servers, then edited servers, then deleted services. */
    private static void writeChange(Writer w, IpvsConfig from, IpvsConfig to) throws IOException {
        Map<ServiceKey, ServiceConfig> before = new HashMap<>();
        for (ServiceConfig s : from.services()) {
            before.put(s.service().key(), s);
        }
        Set<ServiceKey> kept = new HashSet<>();
        StringBuilder edits = new StringBuilder();
        for (ServiceConfig s : to.services()) {
            ServiceConfig old = before.get(s.service().key());
            if (old == null) {
                create(w, s);
                continue;
            }
            kept.add(s.service().key());
            for (RealServer rs : s.realServers()) {
                if (!old.realServers().contains(rs)) {
                    edits.append("-e ").append(key(s.service().key())).append(' ').append(realServer(rs)).append('\n');
                }
            }
        }
        w.write(edits.toString());
        for (ServiceConfig s : from.services()) {
            if (!kept.contains(s.service().key())) {
                w.write("-D " + key(s.service().key()) + "\n");
            }
        }
    }

    private static String key(ServiceKey key) {
        ServiceKey.Address a = (ServiceKey.Address) key;
        return "-t " + Addresses.format(a.address(), a.port());
    }

    private static String realServer(RealServer rs) {
        return "-r " + Addresses.format(rs.address(), rs.port()) + " -m -w " + rs.weight();
    }
}
