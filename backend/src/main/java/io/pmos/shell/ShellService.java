package io.pmos.shell;

import io.pmos.approvals.ApprovalRepository;
import io.pmos.approvals.ApprovalService;
import io.pmos.approvals.ArgumentsHash;
import io.pmos.audit.AuditEntry;
import io.pmos.audit.AuditService;
import io.pmos.common.ApiException;
import io.pmos.common.Fields;
import io.pmos.config.PmosConfig;
import io.pmos.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs an allow-listed executable on the PMOS host for super_admin, once another super admin approved it (never the
 * requester, whatever the workspace's four-eyes setting): argv without a shell, a clean environment (no PMOS secrets
 * leak into it), a timeout and an output cap. The output is kept on the request for the requester and the approver
 * only. Every attempt is audited, without the output.
 */
@ApplicationScoped
public class ShellService {

    static final String DISABLED = "The shell is disabled on this server. An operator enables it by listing allowed "
            + "commands in PMOS_SHELL_ALLOWLIST.";
    private static final int MAX_ARGS = 64;
    private static final int MAX_ARG_LENGTH = 4096;
    private static final Pattern SECRET_FLAG = Pattern.compile("(?i)(password|passwd|token|secret|api[-_]?key|auth)");
    private static final Pattern SECRET_LOOKING = Pattern.compile("^[A-Za-z0-9+/=_\\-.]{24,}$");

    static final String TOOL = ApprovalRepository.SHELL;

    private final Vertx vertx;
    private final AuditService audit;
    private final ApprovalService approvals;
    private final Duration approvalTtl;
    private final List<String> allowlist;
    private final Duration timeout;
    private final int outputCap;

    public ShellService(Vertx vertx, AuditService audit, PmosConfig config, ApprovalService approvals) {
        this.vertx = vertx;
        this.audit = audit;
        this.approvals = approvals;
        this.approvalTtl = config.chat().approvalTtl();
        approvals.whenDecided((decider, a) -> TOOL.equals(a.tool()) && "approved".equals(a.status())
                ? runApproved(decider, a) : Uni.createFrom().voidItem());
        this.allowlist = config.shell().allowlist().orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.timeout = config.shell().timeout();
        this.outputCap = config.shell().outputCapBytes();
    }

    /**
     * Files the command for approval (every shell command is high risk); it runs once an admin approves it, and its
     * result is kept on the approval request.
     */
    public Uni<ApprovalRepository.Approval> exec(Caller caller, ShellRequest body) {
        List<String> argv = validate(body);
        AuditEntry attempt = AuditEntry.by(caller, TOOL, AuditEntry.DENIED).with("argv", masked(argv));
        Uni<Void> allowed = allowed(argv, attempt);
        return allowed.chain(() -> approvals.request(caller, TOOL, new JsonObject().put("argv", new JsonArray(argv)),
                        "every shell command waits for another super admin's approval", approvalTtl))
                .call(a -> audit.record(AuditEntry.by(caller, TOOL, AuditEntry.SUCCESS).with("argv", masked(argv))
                        .with("approvalId", a.id().toString()).with("state", "waiting for approval")));
    }

    private Uni<Void> allowed(List<String> argv, AuditEntry attempt) {
        if (allowlist.isEmpty()) {
            return refuse(attempt.with("reason", "shell disabled"), DISABLED);
        }
        if (!allowlist.contains(argv.get(0))) {
            return refuse(attempt.with("reason", "not on allowlist"),
                    "The command '" + argv.get(0) + "' is not on this server's shell allowlist.");
        }
        return Uni.createFrom().voidItem();
    }

    /** Runs an approved command: exactly the stored argv (hash-checked), still on the allowlist. */
    private Uni<Void> runApproved(Caller approver, ApprovalRepository.Approval a) {
        List<String> argv = new ArrayList<>();
        a.arguments().getJsonArray("argv", new JsonArray()).forEach(v -> argv.add(String.valueOf(v)));
        AuditEntry attempt = AuditEntry.by(approver, TOOL, AuditEntry.DENIED).with("argv", masked(argv))
                .with("approvalId", a.id().toString()).with("requestedBy", a.requestedEmail());
        if (!a.argumentsHash().equals(ArgumentsHash.of(a.tool(), a.arguments())) || argv.isEmpty()) {
            return audit.record(attempt.with("reason", "arguments changed after approval"))
                    .call(() -> approvals.saveResult(a.id(), new JsonObject().put("ok", false)
                            .put("error", "Refused: the command is not the one that was approved.")));
        }
        return allowed(argv, attempt).chain(() -> vertx.executeBlocking(Uni.createFrom().item(() -> run(argv))))
                .call(result -> approvals.saveResult(a.id(), JsonObject.mapFrom(result)))
                .call(result -> audit.record(new AuditEntry(TOOL,
                        result.exitCode() != null && result.exitCode() == 0 ? AuditEntry.SUCCESS : AuditEntry.FAILURE,
                        attempt.actorId(), attempt.actorEmail(), attempt.workspaceId(), attempt.ip(), attempt.userAgent(),
                        attempt.detail())
                        .with("exitCode", result.exitCode()).with("timedOut", result.timedOut())
                        .with("durationMs", result.durationMs())))
                .replaceWithVoid()
                .onFailure(ApiException.class).recoverWithUni(e -> approvals.saveResult(a.id(),
                        new JsonObject().put("ok", false).put("error", e.getMessage())));
    }

    private Uni<Void> refuse(AuditEntry entry, String message) {
        return audit.record(entry).replaceWith(Uni.createFrom().failure(ApiException.forbidden(message)));
    }

    private static List<String> validate(ShellRequest body) {
        Fields.body(body);
        List<String> argv = body.argv();
        if (argv == null || argv.isEmpty()) {
            throw ApiException.badRequest("Field 'argv' is required: a list like [\"uptime\"] or [\"ls\", \"-l\"].");
        }
        if (argv.size() > MAX_ARGS) {
            throw ApiException.badRequest("Field 'argv' may hold at most " + MAX_ARGS + " items.");
        }
        for (String arg : argv) {
            if (arg == null) {
                throw ApiException.badRequest("Field 'argv' must hold strings only.");
            }
            if (arg.length() > MAX_ARG_LENGTH || arg.indexOf('\0') >= 0) {
                throw ApiException.badRequest("Each argv item must be at most " + MAX_ARG_LENGTH
                        + " characters, without NUL characters.");
            }
        }
        if (argv.get(0).isBlank()) {
            throw ApiException.badRequest("The first argv item must name the command to run.");
        }
        return argv;
    }

    private ShellResult run(List<String> argv) {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        builder.directory(new java.io.File(System.getProperty("java.io.tmpdir")));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ShellResult(true, null, "", "Could not start '" + argv.get(0) + "': it was not found or is not executable.",
                    false, false, elapsed(start));
        }
        CappedReader out = new CappedReader(process.getInputStream(), outputCap);
        CappedReader err = new CappedReader(process.getErrorStream(), outputCap);
        out.start();
        err.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        out.finish();
        err.finish();
        return new ShellResult(true, finished ? process.exitValue() : null, out.text(), err.text(), !finished,
                out.truncated || err.truncated, elapsed(start));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The argv as the audit log keeps it: values that look like secrets are masked. */
    static List<String> masked(List<String> argv) {
        List<String> out = new ArrayList<>();
        boolean maskNext = false;
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (maskNext || SECRET_LOOKING.matcher(arg).matches()) {
                out.add("••••");
            } else if (eq > 0 && SECRET_FLAG.matcher(arg.substring(0, eq)).find()) {
                out.add(arg.substring(0, eq + 1) + "••••");
            } else {
                out.add(arg.length() > 200 ? arg.substring(0, 200) + "…" : arg);
            }
            maskNext = arg.startsWith("-") && eq < 0 && SECRET_FLAG.matcher(arg).find();
        }
        return out;
    }

    /** Drains one output stream on its own thread, keeping the first {@code cap} bytes. */
    private static final class CappedReader extends Thread {
        private final InputStream in;
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean truncated;

        CappedReader(InputStream in, int cap) {
            super("pmos-shell-reader");
            setDaemon(true);
            this.in = in;
            this.cap = cap;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int room = cap - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                    if (n > room) {
                        truncated = true;
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what was read so far is kept
            }
        }

        void finish() {
            try {
                join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
