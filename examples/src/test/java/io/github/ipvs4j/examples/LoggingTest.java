package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyException;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.Client;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the README's "Logging" section says the Reconciler logs at info and warn, read back from the
 * file slf4j-simple writes in these tests (src/test/resources/simplelogger.properties). Each test uses a
 * service address of its own, so lines of other tests in the same JVM do not count.
 */
class LoggingTest {
    private static final Path LOG = Path.of("target", "ipvs4j-test.log");
    private static final String RECONCILER = " io.github.ipvs4j.apply.Reconciler - ";

    /** What was logged from {@code offset} on. */
    private static String since(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(LOG.toFile(), "r")) {
            byte[] bytes = new byte[(int) (f.length() - offset)];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Where the log ends now, after slf4j has been set up (which creates the file). */
    private static long end() throws IOException {
        LoggerFactory.getLogger(Reconciler.class);
        return Files.size(LOG);
    }

    @Test
    void drainsStartAndFinishAtInfoWithApplySummaries() throws IOException {
        ServiceKey key = ServiceKey.tcp("192.0.2.201", 80);
        VirtualService web = VirtualService.builder(key).scheduler(Scheduler.RR).build();
        RealServer a = RealServer.builder("198.51.100.1", 80).build();
        RealServer b = RealServer.builder("198.51.100.2", 80).build();
        FakeKernel kernel = FakeKernel.create();
        try (Ipvs ipvs = Ipvs.using(kernel)) {
            Reconciler reconciler = Reconciler.builder(ipvs).gracefulDrain(Duration.ofMinutes(5))
                    .clock(kernel.clock()).build();
            assertThat(applyLogged(reconciler, IpvsConfig.of(ServiceConfig.of(web, a, b))))
                    .contains(info("applied 3 changes, 0 real servers draining"));

            ConnectResult r = kernel.connect(Client.tcp("203.0.113.9", 40000, "192.0.2.201", 80));
            RealServer busy = r.realServer().orElseThrow().equals(a.endpoint()) ? a : b;
            IpvsConfig withoutBusy = IpvsConfig.of(ServiceConfig.of(web, busy == a ? b : a));
            String drained = " 1 real servers: TCP 192.0.2.201:80 -> " + busy.endpoint().getAddress().getHostAddress()
                    + ":80";
            assertThat(applyLogged(reconciler, withoutBusy)).contains(info("started draining" + drained))
                    .contains(info("applied 1 changes, 1 real servers draining"));
            // Still draining: nothing to say above debug.
            assertThat(applyLogged(reconciler, withoutBusy)).doesNotContain(RECONCILER);

            kernel.disconnect(r.handle());
            assertThat(applyLogged(reconciler, withoutBusy)).contains(info("finished draining and removed" + drained))
                    .contains(info("applied 1 changes, 0 real servers draining"));
        }
    }

    /** What {@code reconciler.apply(desired)} logged. */
    private static String applyLogged(Reconciler reconciler, IpvsConfig desired) throws IOException {
        long offset = end();
        reconciler.apply(desired);
        return since(offset);
    }

    private static String info(String message) {
        return "INFO" + RECONCILER + message;
    }

    @Test
    void aFailedApplyIsAWarningAndIncrementalReadsAreInfo() throws IOException {
        FakeKernel kernel = FakeKernel.builder().schedulers(Scheduler.RR).build();
        try (Ipvs ipvs = Ipvs.using(kernel)) {
            Reconciler reconciler = Reconciler.builder(ipvs).incremental(Duration.ofMinutes(1)).build();
            long offset = end();
            IpvsConfig unknownScheduler = IpvsConfig.of(ServiceConfig.of(
                    VirtualService.builder(ServiceKey.tcp("192.0.2.202", 80)).scheduler(Scheduler.MH).build()));
            assertThatThrownBy(() -> reconciler.apply(unknownScheduler)).isInstanceOf(ApplyException.class);
            reconciler.apply(IpvsConfig.EMPTY);
            String logged = since(offset);
            assertThat(logged)
                    .contains(info("incremental: reading the whole owned table (first plan)"))
                    .contains("WARN" + RECONCILER + "apply failed: 0 applied, 1 failed, 0 not tried, 0 draining;")
                    .contains(info("incremental: reading the whole owned table (after a failure or invalidate())"));
        }
    }
}
