package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "hardware" of the kernel tests' clusters, wired with {@code ip} in the qemu guest: network
 * namespaces (one per machine), bridges (the switches) and veth pairs (the cables). Only what a data
 * centre's cabling and each machine's own address would give; every cluster setting is left to ipvs4j.
 * Every namespace, bridge and web server made here is removed by {@link #clean()}.
 */
public final class Netns {
    /** The prefix of every namespace, bridge and root-side veth made here. */
    public static final String PREFIX = "pf";
    private static final Path WWW = Path.of("/tmp/ipvs4j-pf-www");
    private static final Pattern NEIGH = Pattern.compile(
            "\\{\"dst\":\"([^\"]+)\",\"dev\":\"[^\"]+\",\"lladdr\":\"([^\"]+)\"");

    private Netns() {
    }

    /**
     * Creates a bridge in the root namespace, up.
     *
     * @param name its name, starting with {@link #PREFIX}
     */
    public static void bridge(String name) {
        batch(null, "link add " + checked(name) + " type bridge", "link set " + name + " up");
    }

    /** The IPv4 settings of a freshly booted machine that the preflight reads, at the kernel's defaults. */
    private static final List<String> FRESH = List.of("net.ipv4.ip_forward=0",
            "net.ipv4.conf.all.send_redirects=1", "net.ipv4.conf.default.send_redirects=1",
            "net.ipv4.conf.all.arp_ignore=0", "net.ipv4.conf.default.arp_ignore=0",
            "net.ipv4.conf.all.arp_announce=0", "net.ipv4.conf.default.arp_announce=0",
            "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
            "net.ipv4.conf.all.proxy_arp=0", "net.ipv4.conf.default.proxy_arp=0");

    /**
     * Creates a namespace with {@code lo} up and the IPv4 settings of a freshly booted machine: a new
     * namespace copies them from the root namespace, which other tests may have changed.
     *
     * @param ns its name, starting with {@link #PREFIX}
     */
    public static void namespace(String ns) {
        sh("ip", "netns", "add", checked(ns));
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, "sysctl", "-qw"));
        command.addAll(FRESH);
        sh(command.toArray(String[]::new));
        batch(ns, "link set lo up");
    }

    /**
     * Cables an interface of a namespace to a bridge of the root namespace and gives it an address
     * (and, if {@code gateway} is not null, a default route): what the machine's own network setup does.
     *
     * @param ns the namespace
     * @param device the interface's name inside it, e.g. {@code eth0}
     * @param bridge the bridge
     * @param cidr its address, e.g. {@code 192.0.2.11/24}
     * @param gateway the default gateway, or null for none
     */
    public static void plug(String ns, String device, String bridge, String cidr, String gateway) {
        String peer = checked(ns + "-" + device.replace("eth", ""));
        batch(null, "link add " + peer + " type veth peer name " + device + " netns " + ns,
                "link set " + peer + " master " + bridge + " up");
        List<String> commands = new ArrayList<>(List.of("addr add " + cidr + " dev " + device,
                "link set " + device + " up"));
        if (gateway != null) {
            commands.add("route add default via " + gateway);
        }
        batch(ns, commands.toArray(String[]::new));
        awaitOperationallyUp(ns, device);
    }

    /**
     * Waits (up to 5 s) until the kernel has activated a device it just brought up: until then (its link
     * watcher runs up to a second later) the device drops what is sent on it, gratuitous ARP included.
     */
    private static void awaitOperationallyUp(String ns, String device) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!sh("ip", "-n", ns, "-j", "link", "show", "dev", device).contains("\"operstate\":\"UP\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(device + " in " + ns + " did not come up within 5 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Starts busybox httpd on port 80 of a namespace; its {@code /} answers {@code name}.
     *
     * @param ns the namespace
     * @param name what the server answers
     */
    public static void httpd(String ns, String name) {
        try {
            Path dir = Files.createDirectories(WWW.resolve(name));
            Files.writeString(dir.resolve("index.html"), name + "\n");
            sh("ip", "netns", "exec", ns, "busybox", "httpd", "-p", "80", "-h", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One HTTP GET from a namespace.
     *
     * @param ns the client's namespace
     * @param url the URL
     * @param seconds the most it may take
     * @return the exit status of curl and its output
     */
    public static Result get(String ns, String url, int seconds) {
        return run("ip", "netns", "exec", ns, "curl", "-sS", "--max-time", Integer.toString(seconds), url);
    }

    /**
     * The link-layer address a namespace's neighbour table holds for an address ({@code ip -j neigh}).
     *
     * @param ns the namespace
     * @param address the neighbour's address
     * @return the address, lower case, or null if there is no entry with one
     */
    public static String neighbour(String ns, String address) {
        Matcher m = NEIGH.matcher(sh("ip", "-n", ns, "-j", "neigh"));
        while (m.find()) {
            if (m.group(1).equals(address)) {
                return m.group(2);
            }
        }
        return null;
    }

    /** Stops the web servers and removes the namespaces and bridges made here (quietly: some may not exist). */
    public static void clean() {
        String namespaces = run("ip", "netns", "list").out();
        StringBuilder batch = new StringBuilder();
        for (String line : namespaces.split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(PREFIX)) {
                for (String pid : run("ip", "netns", "pids", ns).out().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        run("kill", pid);
                    }
                }
                batch.append("netns del ").append(ns).append('\n');
            }
        }
        for (String line : run("ip", "-o", "link", "show", "type", "bridge").out().split("\n")) {
            String[] parts = line.split(": ");
            if (parts.length > 1 && parts[1].startsWith(PREFIX)) {
                batch.append("link del ").append(parts[1]).append('\n');
            }
        }
        withInput(batch.toString(), "ip", "-force", "-batch", "-");
    }

    /**
     * Runs {@code ip -batch} in a namespace (or the root namespace for null); fails the test if it fails.
     *
     * @param ns the namespace, or null
     * @param commands the commands, without {@code ip}
     */
    public static void batch(String ns, String... commands) {
        String text = String.join("\n", commands) + "\n";
        Result r = ns == null ? withInput(text, "ip", "-batch", "-") : withInput(text, "ip", "-n", ns, "-batch", "-");
        assertThat(r.status()).as("ip -batch in %s: %s%n%s", ns, text, r.out()).isZero();
    }

    /**
     * Runs a command; fails the test if it fails.
     *
     * @param command the command and its arguments
     * @return its standard output and error
     */
    public static String sh(String... command) {
        Result r = run(command);
        assertThat(r.status()).as("%s: %s", String.join(" ", command), r.out()).isZero();
        return r.out();
    }

    /**
     * Runs a command.
     *
     * @param command the command and its arguments
     * @return its exit status and its standard output and error, together
     */
    public static Result run(String... command) {
        return withInput("", command);
    }

    private static Result withInput(String stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String checked(String name) {
        assertThat(name).startsWith(PREFIX).hasSizeLessThanOrEqualTo(15);
        return name;
    }

    /**
     * What a command did.
     *
     * @param status its exit status
     * @param out its standard output and error
     */
    public record Result(int status, String out) {
    }
}
