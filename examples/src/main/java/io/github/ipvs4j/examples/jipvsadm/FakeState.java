package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.examples.files.TextFile;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.rules.RulesSyntaxException;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Keeps a fake kernel's table in a rules file between runs, so jipvsadm can be tried without root:
 * {@code JIPVSADM_FAKE_STATE=/tmp/table.rules jipvsadm -A -t 192.0.2.1:80}. Only the table is kept
 * (with thresholds); timeouts, daemons, counters and connections start afresh each run.
 *
 * <p>A state that cannot be loaded (not readable, not rules, rules the fake kernel refuses) is reported,
 * naming the file and line, and the command does not run, as when ipvsadm cannot reach the kernel. The
 * file is written only when a command succeeded and changed the table, and then as a new file moved over
 * the old one, so a write that fails (a full disk) leaves the old state whole.
 */
final class FakeState {
    private FakeState() {
    }

    /**
     * Runs {@code command} on a fake kernel holding the table saved in {@code file} (none if there is no
     * such file), and saves the table if the command changed it and succeeded.
     *
     * @param err where to report a state that cannot be read or written
     * @return the command's status, or {@link Jipvsadm#BAD_USAGE} if the state cannot be read or written
     */
    static int run(Path file, ToIntFunction<Ipvs> command, PrintStream err) {
        String program = System.getProperty(Jipvsadm.PROGRAM_PROPERTY, "jipvsadm");
        try (Ipvs ipvs = Ipvs.using(FakeKernel.create())) {
            IpvsConfig loaded;
            try {
                loaded = load(file, ipvs);
            } catch (Unusable e) {
                err.println(program + ": " + e.getMessage());
                return Jipvsadm.BAD_USAGE;
            }
            int status = command.applyAsInt(ipvs);
            IpvsConfig table = ipvs.readConfig();
            if (status != 0 || table.equals(loaded)) {
                return status;
            }
            try {
                save(file, IpvsadmRules.formatWithThresholds(table));
            } catch (IOException e) {
                err.println(program + ": " + file + ": cannot write: " + TextFile.reason(e));
                return Jipvsadm.BAD_USAGE;
            }
            return status;
        }
    }

    /** A state file that cannot be used; the message names the file (and line). */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    /** Loads the saved table into the fake kernel; returns the table as the kernel then holds it. */
    private static IpvsConfig load(Path file, Ipvs ipvs) throws Unusable {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new Unusable(file + ": no such folder " + folder);
        }
        if (!Files.exists(file)) {
            return ipvs.readConfig();
        }
        IpvsadmRules rules;
        IpvsConfig saved;
        try {
            rules = IpvsadmRules.parse(TextFile.read(file), file.toString());
            saved = rules.toConfig();
        } catch (RulesSyntaxException | TextFile.NotUtf8Exception e) {
            throw new Unusable(e.getMessage());
        } catch (IOException e) {
            throw new Unusable(file + ": cannot read: " + TextFile.reason(e));
        }
        List<Change> changes = new ArrayList<>();
        for (ServiceConfig s : saved.services()) {
            changes.add(new Change.CreateService(s.service()));
            // Added oldest first, as the kernel lists newest first.
            for (int i = s.realServers().size() - 1; i >= 0; i--) {
                RealServer rs = s.realServers().get(i);
                changes.add(new Change.CreateRealServer(s.service().key(), rs));
            }
        }
        List<BatchResult.Outcome> refused = ipvs.submit(changes).failures();
        if (!refused.isEmpty()) {
            Change c = refused.get(0).change();
            int line = rules.lineOf(c.service(), c.realServer().orElse(null));
            throw new Unusable(file + (line > 0 ? ":" + line : "") + ": the fake kernel refuses this rule: "
                    + KernelMessages.of(refused.get(0).error().orElseThrow()));
        }
        return ipvs.readConfig();
    }

    /**
     * Writes the text to a new file in the same folder, then moves it over the old one: a reader sees the
     * old state or the new one, never part of one.
     */
    private static void save(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, text);
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
