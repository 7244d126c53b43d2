package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.rules.IpvsadmCommand.ListOption;
import io.github.ipvs4j.rules.IpvsadmCommand;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.rules.RulesSyntaxException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * An ipvsadm-compatible command line on ipvs4j: the same syntax as ipvsadm 1.31 (read by the rules
 * package's parser), the same output for {@code -L -n} and {@code -S -n}, the same kernel error
 * messages and exit statuses. {@code -R} reads all of standard input and sends its changes as batches,
 * so large rule files pay no round trip per rule; {@code -R --dry-run} prints the plan instead.
 *
 * <p>Differences from ipvsadm: names are never looked up (output is numeric even without {@code -n});
 * syntax errors are described in ipvs4j's words (with ipvsadm's exit status); see
 * {@link IpvsadmCommand} for the few inputs the parser reads differently.
 */
public final class Jipvsadm {
    /** System property: the program name used in messages (the launcher sets it). */
    static final String PROGRAM_PROPERTY = "jipvsadm.program";
    /** Environment variable: a rules file holding a fake kernel's table between runs (for trying it out). */
    static final String FAKE_STATE_ENV = "JIPVSADM_FAKE_STATE";
    /** ipvsadm returns -1 from main for a kernel error or a bad option: exit status 255. */
    static final int FAILED = 255;
    /** ipvsadm's {@code fail(2, ...)}: a command line it refuses. */
    static final int BAD_USAGE = 2;
    /** ipvsadm's status when a listing cannot be read. */
    static final int LIST_FAILED = 1;

    private final Supplier<Ipvs> kernel;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final String program;

    private Jipvsadm(Supplier<Ipvs> kernel, InputStream in, PrintStream out, PrintStream err, String program) {
        this.kernel = kernel;
        this.in = in;
        this.out = out;
        this.err = err;
        this.program = program;
    }

    /** Runs one command line against the kernel (or, with {@value #FAKE_STATE_ENV} set, a saved fake). */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false);
        String fakeState = System.getenv(FAKE_STATE_ENV);
        int status;
        if (fakeState != null && !fakeState.isEmpty()) {
            status = FakeState.run(java.nio.file.Path.of(fakeState), k -> run(args, () -> k, System.in, out,
                    System.err), System.err);
        } else {
            try (LazyIpvs kernel = new LazyIpvs()) {
                status = run(args, kernel, System.in, out, System.err);
            }
        }
        out.flush();
        System.exit(status);
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments after the program name
     * @param kernel opens the handle on first use (not closed here)
     * @return the exit status ipvsadm would return
     */
    static int run(String[] args, Supplier<Ipvs> kernel, InputStream in, PrintStream out, PrintStream err) {
        Jipvsadm j = new Jipvsadm(kernel, in, out, err, System.getProperty(PROGRAM_PROPERTY, "jipvsadm"));
        try {
            return j.run(args);
        } catch (IpvsUnavailableException e) {
            err.println("Can't initialize ipvs: " + e.getMessage());
            err.println("Are you sure that IP Virtual Server is built in the kernel or as module?");
            return BAD_USAGE;
        }
    }

    private int run(String[] args) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        boolean dryRun = list.remove("--dry-run");
        IpvsadmCommand command;
        try {
            command = IpvsadmCommand.parse(list);
        } catch (RulesSyntaxException e) {
            return syntaxError(e).status();
        }
        if (dryRun && !(command instanceof IpvsadmCommand.Restore)) {
            err.println("--dry-run is only for -R (restore)");
            return BAD_USAGE;
        }
        if (command instanceof IpvsadmCommand.Restore) {
            return new Restore(this).run(in, dryRun);
        }
        return execute(command);
    }

    /** How ipvsadm reacts to a line it cannot read. */
    record SyntaxOutcome(int status, boolean fatal) {
    }

    /**
     * Prints what ipvsadm prints for a line it cannot read and says how it goes on: popt's own errors (an
     * unknown option, a missing value) make that line fail with -1; a first word that is no command
     * exits with 255 after a hint; everything else exits with status 2.
     */
    SyntaxOutcome syntaxError(RulesSyntaxException e) {
        String reason = e.reason();
        if (reason.startsWith("unknown option ")) {
            err.println(reason.substring("unknown option ".length()) + ": unknown option");
            return new SyntaxOutcome(FAILED, false);
        }
        if (reason.startsWith("option ") && reason.endsWith(" needs a value")) {
            err.println(reason.substring("option ".length(), reason.length() - " needs a value".length())
                    + ": missing argument");
            return new SyntaxOutcome(FAILED, false);
        }
        if (reason.startsWith("the first option must be a command") || reason.startsWith("no command given")) {
            tryHelp();
            return new SyntaxOutcome(FAILED, true);
        }
        err.println(reason);
        return new SyntaxOutcome(BAD_USAGE, true);
    }

    void tryHelp() {
        err.println("Try `" + program + " -h' or '" + program + " --help' for more information.");
    }

    Ipvs ipvs() {
        return kernel.get();
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Executes any command but {@code -R}; returns the exit status. */
    int execute(IpvsadmCommand command) {
        try {
            if (command instanceof IpvsadmCommand.ListTable l) {
                return list(l);
            } else if (command instanceof IpvsadmCommand.Save s) {
                return save();
            } else if (command instanceof IpvsadmCommand.Help) {
                out.print(Usage.text(program));
                return 0;
            } else if (command instanceof IpvsadmCommand.Version) {
                out.println(program + " " + Usage.VERSION);
                return 0;
            } else if (command instanceof IpvsadmCommand.Restore) {
                tryHelp(); // -R inside -R: ipvsadm refuses to loop
                return FAILED;
            }
            change(command);
            return 0;
        } catch (IpvsUnavailableException e) {
            throw e;
        } catch (IpvsException e) {
            err.println(KernelMessages.of(e));
            return FAILED;
        }
    }

    private void change(IpvsadmCommand command) {
        Ipvs ipvs = ipvs();
        if (command instanceof IpvsadmCommand.AddService c) {
            ipvs.createService(c.service());
        } else if (command instanceof IpvsadmCommand.EditService c) {
            ipvs.updateService(c.service());
        } else if (command instanceof IpvsadmCommand.DeleteService c) {
            ipvs.removeService(c.service());
        } else if (command instanceof IpvsadmCommand.AddRealServer c) {
            ipvs.createRealServer(c.service(), c.server());
        } else if (command instanceof IpvsadmCommand.EditRealServer c) {
            ipvs.updateRealServer(c.service(), c.server());
        } else if (command instanceof IpvsadmCommand.DeleteRealServer c) {
            ipvs.removeRealServer(c.service(), c.server());
        } else if (command instanceof IpvsadmCommand.Clear) {
            ipvs.flush();
        } else if (command instanceof IpvsadmCommand.Zero c) {
            if (c.service().isPresent()) {
                ipvs.zeroCounters(c.service().get());
            } else {
                ipvs.zeroCounters();
            }
        } else if (command instanceof IpvsadmCommand.SetTimeouts c) {
            ipvs.setTimeouts(c.timeouts());
        } else if (command instanceof IpvsadmCommand.StartDaemon c) {
            ipvs.startSyncDaemon(c.daemon());
        } else if (command instanceof IpvsadmCommand.StopDaemon c) {
            ipvs.stopSyncDaemon(c.role());
        } else {
            throw new IllegalStateException("unhandled command " + command);
        }
    }

    /** {@code -L}: like ipvsadm, a listing that cannot be read prints the kernel's reason and exits 1. */
    private int list(IpvsadmCommand.ListTable command) {
        Set<ListOption> options = command.options();
        Listing.Format format = new Listing.Format(columns(options), options.contains(ListOption.EXACT),
                !options.contains(ListOption.NO_SORT));
        Ipvs ipvs = ipvs();
        try {
            if (options.contains(ListOption.CONNECTIONS)) {
                out.print(Listing.connections(ipvs.listConnections()));
            } else if (command.service().isPresent()) {
                ServiceKey key = command.service().get();
                Optional<VirtualServiceStatus> status = ipvs.getServiceStatus(key);
                if (status.isEmpty()) {
                    err.println(KernelMessages.of(io.github.ipvs4j.model.IpvsOperation.GET_SERVICE,
                            io.github.ipvs4j.internal.Errno.ESRCH));
                    return LIST_FAILED;
                }
                out.print(Listing.single(new Listing.Entry(status.get(), ipvs.listRealServerStatus(key)), format));
            } else if (options.contains(ListOption.TIMEOUTS)) {
                out.print(Listing.timeouts(ipvs.getTimeouts()));
            } else if (options.contains(ListOption.DAEMONS)) {
                out.print(Listing.daemons(ipvs.listSyncDaemons()));
            } else {
                List<Listing.Entry> entries = new ArrayList<>();
                for (VirtualServiceStatus s : ipvs.listServiceStatus()) {
                    List<RealServerStatus> servers = ipvs.listRealServerStatus(s.service().key());
                    entries.add(new Listing.Entry(s, servers));
                }
                out.print(Listing.table(ipvs.info(), entries, format));
            }
            return 0;
        } catch (IpvsUnavailableException e) {
            throw e;
        } catch (IpvsException e) {
            err.println(KernelMessages.of(e));
            return LIST_FAILED;
        }
    }

    /** ipvsadm's precedence when several column options are given. */
    private static Listing.Columns columns(Set<ListOption> options) {
        if (options.contains(ListOption.STATS)) {
            return Listing.Columns.STATS;
        } else if (options.contains(ListOption.RATE)) {
            return Listing.Columns.RATE;
        } else if (options.contains(ListOption.THRESHOLDS)) {
            return Listing.Columns.THRESHOLDS;
        } else if (options.contains(ListOption.PERSISTENT_CONNECTIONS)) {
            return Listing.Columns.PERSISTENT_CONN;
        } else if (options.contains(ListOption.TUN_INFO)) {
            return Listing.Columns.TUN_INFO;
        }
        return Listing.Columns.DEFAULT;
    }

    /** {@code -S}: the table as rules, in ipvsadm's order. */
    private int save() {
        try {
            IpvsadmRules.write(IpvsadmRules.sortedAsIpvsadm(ipvs().readConfig()), asciiOut());
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IpvsUnavailableException e) {
            throw e;
        } catch (IpvsException e) {
            err.println(KernelMessages.of(e));
            return LIST_FAILED;
        }
    }

    /**
     * {@link #out} for ASCII text, written as bytes: rules are ASCII, the same bytes in any charset a
     * terminal uses, and the PrintStream's character encoder was a third of writing 90,000 of them.
     */
    private Appendable asciiOut() {
        return new Appendable() {
            @Override
            public Appendable append(CharSequence text) {
                byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(bytes, 0, bytes.length);
                return this;
            }

            @Override
            public Appendable append(CharSequence text, int start, int end) {
                return append(text.subSequence(start, end));
            }

            @Override
            public Appendable append(char c) {
                return append(String.valueOf(c));
            }
        };
    }

    /**
     * Starts opening the kernel on another thread when it is opened lazily: {@code -R} reads its rules
     * meanwhile. The first use of jnr-ffi in a fresh JVM costs seconds under qemu's TCG, as long as
     * parsing tens of thousands of rules; a failure to open shows (as before) only once the kernel is
     * needed.
     */
    void openKernelInBackground() {
        if (kernel instanceof LazyIpvs lazy) {
            lazy.openInBackground();
        }
    }

    /** Opens the kernel on first use, so {@code -h} and bad command lines never touch it. */
    static final class LazyIpvs implements Supplier<Ipvs>, AutoCloseable {
        private FutureTask<Ipvs> opening;

        /** Starts opening on a daemon thread, unless that has begun already. */
        synchronized void openInBackground() {
            if (opening == null) {
                opening = new FutureTask<>(Ipvs::open);
                Thread thread = new Thread(opening, "jipvsadm-open");
                thread.setDaemon(true);
                thread.start();
            }
        }

        /** The handle; the exception {@link Ipvs#open()} threw, if it failed. */
        @Override
        public synchronized Ipvs get() {
            if (opening == null) {
                opening = new FutureTask<>(Ipvs::open);
                opening.run();
            }
            try {
                return opening.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while opening the kernel", e);
            }
        }

        /** Closes the handle if it was opened; an open still under way is left to the exiting JVM. */
        @Override
        public synchronized void close() {
            if (opening != null && opening.isDone()) {
                try {
                    opening.get().close();
                } catch (ExecutionException | InterruptedException | RuntimeException e) {
                    // It never opened: nothing to close.
                }
            }
        }
    }
}
