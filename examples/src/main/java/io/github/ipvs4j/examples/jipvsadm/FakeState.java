package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Keeps a fake kernel's table in a rules file between runs, so jipvsadm can be tried without root:
 * {@code JIPVSADM_FAKE_STATE=/tmp/table.rules jipvsadm -A -t 192.0.2.1:80}. Only the table is kept
 * (with thresholds); timeouts, daemons, counters and connections start afresh each run.
 */
final class FakeState {
    private FakeState() {
    }

    static int run(Path file, ToIntFunction<Ipvs> command) {
        Ipvs ipvs = Ipvs.using(FakeKernel.create());
        try {
            if (Files.exists(file)) {
                IpvsConfig saved = IpvsadmRules.read(Files.newBufferedReader(file), file.toString());
                List<Change> changes = new ArrayList<>();
                for (ServiceConfig s : saved.services()) {
                    changes.add(new Change.CreateService(s.service()));
                    // Added oldest first, as the kernel lists newest first.
                    for (int i = s.realServers().size() - 1; i >= 0; i--) {
                        RealServer rs = s.realServers().get(i);
                        changes.add(new Change.CreateRealServer(s.service().key(), rs));
                    }
                }
                ipvs.submit(changes);
            }
            int status = command.applyAsInt(ipvs);
            Files.writeString(file, IpvsadmRules.formatWithThresholds(ipvs.readConfig()));
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ipvs.close();
        }
    }
}
