package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's fake-kernel sample, as written there, so it cannot drift from the API. */
class ReadmeTest {
    @TempDir
    Path dir;

    @Test
    void fakeKernelSample() throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.txt"), """
                -A -t 192.0.2.100:80 -s wrr
                -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 1
                -a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 2
                """);
        // From README.md:
        FakeKernel kernel = FakeKernel.create();
        try (Ipvs ipvs = Ipvs.using(kernel)) {
            Reconciler.of(ipvs).apply(IpvsadmRules.read(Files.newBufferedReader(rules), "rules.txt"));
            ConnectResult r = kernel.connect(Protocol.TCP, InetAddress.getByName("203.0.113.7"), 40000,
                    InetAddress.getByName("192.0.2.100"), 80);
            assertThat(r.realServer()).contains(new InetSocketAddress("192.0.2.12", 80));
        }
    }
}
