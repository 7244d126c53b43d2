package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One JVM run through jipvsadm's usual paths, for the build to record the classes they load
 * ({@code -XX:DumpLoadedClassList}) into the launchers' class-data-sharing archive (see
 * {@code examples/bin/.archive}). Under qemu's TCG, loading and linking a class from a jar costs
 * far more than mapping it from an archive, and jipvsadm is a short-lived process.
 *
 * <p>It restores, saves and lists a small table on a fake kernel, then opens the real kernel
 * through netlink and reads its timeouts (read only: the build may run as root on a director). On a
 * machine without IPVS the open fails after loading the transport, which is all that is wanted.
 */
public final class Training {
    private static final String RULES = """
            -A -t 192.0.2.1:80 -s wrr -p 300
            -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 2
            -a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 1
            -A -u [2001:db8::1]:53 -s rr
            -a -u [2001:db8::1]:53 -r [2001:db8::2]:53 -m -w 1
            -A -f 7 -s sh -b sh-port
            -a -f 7 -r 198.51.100.3:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum
            -e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 3
            """;

    private Training() {
    }

    /**
     * Runs the training; prints nothing.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8);
        try (Ipvs fake = Ipvs.using(FakeKernel.create())) {
            run(() -> fake, RULES, sink, "-R");
            run(() -> fake, "", sink, "-S", "-n");
            run(() -> fake, "", sink, "-L", "-n");
            run(() -> fake, "", sink, "-C");
        }
        try (Jipvsadm.LazyIpvs kernel = new Jipvsadm.LazyIpvs()) {
            run(kernel, "", sink, "-L", "--timeout");
        } catch (RuntimeException e) {
            // No IPVS here, or no permission: the transport's classes are loaded all the same.
        }
        sink.flush();
    }

    private static void run(Supplier<Ipvs> kernel, String stdin, PrintStream sink,
            String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        Jipvsadm.run(args, kernel, in, sink, sink);
    }
}
