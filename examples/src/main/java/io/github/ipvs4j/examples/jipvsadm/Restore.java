package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.apply.TableModel;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.rules.IpvsadmCommand;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.rules.RulesSyntaxException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code -R}: reads rules from standard input, as ipvsadm does, and applies them.
 *
 * <p>Runs of table changes ({@code -A -E -D -a -e -d}) are sent as {@link io.github.ipvs4j.Ipvs#submit
 * batches}, in line order, rather than one request per line: the kernel sees exactly the commands
 * ipvsadm would send, in the same order, so it refuses the same lines with the same errors (a service
 * added twice, a real server for a service whose creation failed), and none of the table has to be read
 * first. A sender thread submits each batch of {@value #BATCH} changes while the next lines are parsed,
 * so the kernel works while Java parses. Other commands ({@code -C -Z --set}, daemons, listings) and
 * syntax errors first wait for every change before them (and their messages), then run in place.
 *
 * <p>Like ipvsadm: a kernel refusal prints its message and the next line is read; an option ipvsadm's
 * option parser rejects (unknown, missing value) fails that line only; any other syntax error stops
 * with status 2 (after the lines before it were applied); the exit status is that of the last line.
 *
 * <p>{@code --dry-run} (ipvs4j's) changes nothing: it folds the rules onto the current table, as the
 * kernel would apply them, reports the lines that would fail, and prints the {@link Plan} from the
 * current table to the result as ipvsadm commands, followed by the commands that do not change the
 * table.
 */
final class Restore {
    /** Changes per batch handed to the sender: large enough to fill the transport's sends, small enough to overlap. */
    static final int BATCH = 2048;

    private final Jipvsadm jipvsadm;
    private List<Change> batch = new ArrayList<>();
    /** The batches' sender; batches run one after another, in line order. Made on first use. */
    private ExecutorService sender;
    /** The last batch handed to the sender; waiting for it waits for all before it. */
    private Future<?> lastBatch;
    /** The status of the last line; written by the sender for batches, read after {@link #drain()}. */
    private volatile int status;

    Restore(Jipvsadm jipvsadm) {
        this.jipvsadm = jipvsadm;
    }

    int run(InputStream in, boolean dryRun) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Fold fold = dryRun ? new Fold(jipvsadm.ipvs().readConfig()) : null;
        if (!dryRun) {
            jipvsadm.openKernelInBackground();
        }
        List<IpvsadmCommand> others = new ArrayList<>();
        try {
            IpvsadmRules.CommandReader commands = new IpvsadmRules.CommandReader(reader, "-");
            while (true) {
                IpvsadmCommand command;
                try {
                    Optional<IpvsadmRules.Line> line = commands.next();
                    if (line.isEmpty()) {
                        break;
                    }
                    command = line.get().command();
                } catch (RulesSyntaxException e) {
                    drain();
                    Jipvsadm.SyntaxOutcome outcome = jipvsadm.syntaxError(e);
                    if (outcome.fatal()) {
                        return outcome.status();
                    }
                    status = outcome.status();
                    continue;
                }
                Optional<Change> change = command.toChange();
                if (dryRun) {
                    if (change.isPresent()) {
                        status = fold.apply(change.get());
                    } else if (command instanceof IpvsadmCommand.Clear) {
                        fold.clear();
                        status = 0;
                    } else if (command instanceof IpvsadmCommand.Help || command instanceof IpvsadmCommand.Version
                            || command instanceof IpvsadmCommand.Restore) {
                        return jipvsadm.execute(command);
                    } else {
                        others.add(command);
                        status = 0;
                    }
                } else if (change.isPresent()) {
                    batch.add(change.get());
                    if (batch.size() == BATCH) {
                        send();
                    }
                } else {
                    drain();
                    status = jipvsadm.execute(command);
                    if (command instanceof IpvsadmCommand.Help || command instanceof IpvsadmCommand.Version
                            || command instanceof IpvsadmCommand.Restore) {
                        return status; // ipvsadm exits on these
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!dryRun) {
                try {
                    drain();
                } finally {
                    if (sender != null) {
                        sender.shutdown();
                    }
                }
            }
        }
        if (dryRun) {
            Plan plan = Reconciler.builder(jipvsadm.ipvs()).build().plan(fold.toConfig());
            for (Change c : plan.changes()) {
                jipvsadm.out().println(IpvsadmCommand.of(c));
            }
            for (IpvsadmCommand c : others) {
                jipvsadm.out().println(c);
            }
        }
        return status;
    }

    /** Hands the pending changes to the sender as one batch. */
    private void send() {
        if (batch.isEmpty()) {
            return;
        }
        if (sender == null) {
            sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jipvsadm-restore");
                t.setDaemon(true);
                return t;
            });
        }
        List<Change> changes = batch;
        batch = new ArrayList<>();
        lastBatch = sender.submit(() -> submit(changes));
    }

    /** Sends what is pending and waits until every batch is done and its refusals printed. */
    private void drain() {
        send();
        if (lastBatch == null) {
            return;
        }
        try {
            lastBatch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the rules were sent", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // e.g. the kernel cannot be opened: the sender stops at the first batch
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            lastBatch = null;
        }
    }

    /** Sends one batch (on the sender thread) and reports each refusal, in line order. */
    private void submit(List<Change> changes) {
        try {
            BatchResult result = jipvsadm.ipvs().submit(changes);
            for (BatchResult.Outcome o : result.outcomes()) {
                if (!o.succeeded()) {
                    jipvsadm.err().println(KernelMessages.of(o.error().orElseThrow()));
                }
            }
            status = result.outcomes().get(result.outcomes().size() - 1).succeeded() ? 0 : Jipvsadm.FAILED;
        } catch (IpvsUnavailableException e) {
            throw e;
        } catch (IpvsException e) {
            // The transport failed as a whole (not one change): nothing more is known of this batch.
            jipvsadm.err().println(KernelMessages.of(e));
            status = Jipvsadm.FAILED;
        }
    }

    /**
     * The table as the kernel would hold it after each change, with the kernel's refusals: what the
     * dry run plans towards. Services keep their order; new real servers follow the existing ones, in
     * the order the rules add them (the plan adds them in that order).
     */
    private final class Fold {
        private final TableModel table;
        /** Real servers the rules created; those still in the table are the first their service lists. */
        private final Set<Added> added = new HashSet<>();

        Fold(IpvsConfig current) {
            table = TableModel.of(current);
        }

        /** Applies one change; returns 0, or prints the kernel's refusal and returns 255. */
        int apply(Change change) {
            int errno = table.apply(change);
            if (errno != 0) {
                jipvsadm.err().println(KernelMessages.of(change.operation(), errno));
                return Jipvsadm.FAILED;
            }
            if (change.operation() == IpvsOperation.CREATE_REAL_SERVER) {
                added.add(new Added(change.service(), change.realServer().orElseThrow()));
            }
            return 0;
        }

        void clear() {
            table.clear();
            added.clear();
        }

        /** The table, each service's real servers as they were read, then those the rules added, oldest first. */
        IpvsConfig toConfig() {
            List<ServiceConfig> out = new ArrayList<>();
            for (ServiceConfig s : table.toConfig().services()) {
                List<RealServer> servers = new ArrayList<>(s.realServers().size());
                List<RealServer> newest = new ArrayList<>();
                for (RealServer rs : s.realServers()) {
                    (added.contains(new Added(s.service().key(), rs.endpoint())) ? newest : servers).add(rs);
                }
                Collections.reverse(newest);
                servers.addAll(newest);
                out.add(new ServiceConfig(s.service(), servers));
            }
            return new IpvsConfig(out);
        }
    }

    /** A real server of a service. */
    private record Added(ServiceKey service, InetSocketAddress endpoint) {
    }
}
