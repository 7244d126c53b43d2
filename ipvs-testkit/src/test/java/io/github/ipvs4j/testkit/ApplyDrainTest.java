package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Draining;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graceful drain: weight 0 first, removal once connections end or the drain timeout passes. */
class ApplyDrainTest {
    private static final VirtualService WEB = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80))
            .scheduler(Scheduler.RR).build();
    private static final RealServer A = RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).build();
    private static final RealServer B = RealServer.builder("198.51.100.2", 80).forwarding(ForwardingMethod.NAT)
            .weight(3).build();
    private static final IpvsConfig BOTH = IpvsConfig.of(ServiceConfig.of(WEB, A, B));
    private static final IpvsConfig ONLY_A = IpvsConfig.of(ServiceConfig.of(WEB, A));

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final FakeKernel kernel = FakeKernel.create();
    private final Ipvs ipvs = Ipvs.using(kernel);
    private final ManualClock clock = new ManualClock();
    private final Reconciler reconciler = Reconciler.builder(ipvs).gracefulDrain(Duration.ofMinutes(5)).clock(clock)
            .build();

    /** Opens client connections until one lands on {@code server}; returns its handle. */
    private ConnectionHandle connectionTo(RealServer server) {
        for (int port = 40000; port < 40100; port++) {
            ConnectResult r = kernel.connect(Client.tcp("203.0.113.7", port, "192.0.2.1", 80));
            if (r.realServer().orElseThrow().equals(server.endpoint())) {
                return r.handle();
            }
        }
        throw new AssertionError("no connection reached " + server);
    }

    private RealServerStatus status(RealServer server) {
        return ipvs.listRealServerStatus(WEB.key()).stream().filter(s -> s.server().endpoint().equals(server.endpoint()))
                .findFirst().orElse(null);
    }

    @Test
    void aLeavingServerWithConnectionsDrainsAtWeightZeroUntilTheyEnd() {
        reconciler.apply(BOTH);
        ConnectionHandle held = connectionTo(B);

        ApplyResult first = reconciler.apply(ONLY_A);
        assertThat(first.converged()).isFalse();
        assertThat(first.draining()).extracting(Draining::endpoint).containsExactly(B.endpoint());
        assertThat(first.draining().get(0).activeConnections()).isEqualTo(1);
        assertThat(status(B).server().weight()).isZero();
        assertThat(status(B).activeConnections()).isEqualTo(1);
        // No new client goes to a server at weight 0.
        for (int port = 50000; port < 50020; port++) {
            assertThat(kernel.connect(Client.tcp("203.0.113.8", port, "192.0.2.1", 80)).realServer())
                    .contains(A.endpoint());
        }

        // Still connected: nothing to send, still draining.
        ApplyResult second = reconciler.apply(ONLY_A);
        assertThat(second.applied()).isEmpty();
        assertThat(second.draining()).hasSize(1);

        kernel.disconnect(held);
        ApplyResult third = reconciler.apply(ONLY_A);
        assertThat(third.converged()).isTrue();
        assertThat(status(B)).isNull();
        assertThat(reconciler.apply(ONLY_A).applied()).isEmpty();
    }

    @Test
    void aDrainingServerIsRemovedOnceTheDrainTimeoutHasPassed() {
        reconciler.apply(BOTH);
        connectionTo(B);
        ApplyResult first = reconciler.apply(ONLY_A);
        Instant since = first.draining().get(0).since();
        assertThat(since).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(4));
        ApplyResult before = reconciler.apply(ONLY_A);
        assertThat(before.draining()).extracting(Draining::since).containsExactly(since);
        assertThat(status(B)).isNotNull();

        clock.advance(Duration.ofMinutes(1));
        ApplyResult after = reconciler.apply(ONLY_A);
        assertThat(after.converged()).isTrue();
        assertThat(status(B)).isNull();
    }

    @Test
    void aDrainTimesOutOnTheFakeKernelsClock() {
        Reconciler onKernelTime = Reconciler.builder(ipvs).gracefulDrain(Duration.ofMinutes(5)).clock(kernel.clock())
                .build();
        onKernelTime.apply(BOTH);
        connectionTo(B);
        ApplyResult first = onKernelTime.apply(ONLY_A);
        assertThat(first.draining()).extracting(Draining::since).containsExactly(Instant.EPOCH);

        kernel.advance(Duration.ofMinutes(4));
        ApplyResult before = onKernelTime.apply(ONLY_A);
        assertThat(before.draining()).extracting(Draining::since).containsExactly(Instant.EPOCH);
        assertThat(status(B).activeConnections()).isEqualTo(1);

        // The connection is still established (tcp timeout 15 min), but the drain has timed out.
        kernel.advance(Duration.ofMinutes(1));
        assertThat(status(B).activeConnections()).isEqualTo(1);
        ApplyResult after = onKernelTime.apply(ONLY_A);
        assertThat(after.converged()).isTrue();
        assertThat(status(B)).isNull();
    }

    @Test
    void aServerWithoutActiveConnectionsIsRemovedAtOnce() {
        reconciler.apply(BOTH);
        ConnectionHandle h = connectionTo(B);
        kernel.disconnect(h); // inactive (TIME_WAIT) connections do not hold a drain
        ApplyResult result = reconciler.apply(ONLY_A);
        assertThat(result.converged()).isTrue();
        assertThat(status(B)).isNull();
    }

    @Test
    void aServerComingBackDuringDrainKeepsItsConnections() {
        reconciler.apply(BOTH);
        ConnectionHandle held = connectionTo(B);
        reconciler.apply(ONLY_A);
        assertThat(status(B).server().weight()).isZero();

        ApplyResult back = reconciler.apply(BOTH);
        assertThat(back.converged()).isTrue();
        assertThat(back.applied()).hasSize(1);
        assertThat(status(B).server()).isEqualTo(B);
        assertThat(status(B).activeConnections()).isEqualTo(1);
        assertThat(kernel.touch(held)).isTrue();

        // Leaving again later starts a new drain, timed from then.
        clock.advance(Duration.ofMinutes(10));
        ApplyResult again = reconciler.apply(ONLY_A);
        assertThat(again.draining()).extracting(Draining::since).containsExactly(clock.instant());
    }

    @Test
    void withoutGracefulDrainALeavingServerIsRemovedWithItsConnections() {
        Reconciler immediate = Reconciler.builder(ipvs).build();
        immediate.apply(BOTH);
        connectionTo(B);
        assertThat(immediate.apply(ONLY_A).converged()).isTrue();
        assertThat(ipvs.listRealServers(WEB.key())).containsExactly(A);
        assertThat(List.copyOf(ipvs.listRealServers(WEB.key()))).hasSize(1);
    }
}
