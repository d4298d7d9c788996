package io.pmos.chat;

import io.pmos.identity.Caller;
import io.pmos.identity.Roles;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The risk policy (docs/approvals.md): read-only actions run; creating and changing flows runs for admins and
 * waits for approval for members; deleting, publishing or enabling flows, running flows, destructive MCP tools
 * and every shell command wait for approval; viewers may only read.
 */
public final class RiskPolicy {

    private static final Pattern DESTRUCTIVE_NAME = Pattern.compile("(?i)(delete|remove|trash|archive|send|publish|destroy|drop|purge)");
    /** Words in a tool's name that say it may hand out secrets or the server's settings (get-env, read_secret, ...). */
    private static final Set<String> REVEALING_WORDS = Set.of("env", "envs", "environ", "environment", "printenv", "secret",
            "secrets", "credential", "credentials", "password", "passwords", "passwd", "token", "tokens", "apikey", "apikeys");
    private static final Pattern WORD_BREAK = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

    private RiskPolicy() {
    }

    public enum Level { READ, CHANGE, HIGH }

    /** RUN: go ahead; APPROVE: wait for a person; DENY: not for this caller. */
    public record Decision(Outcome outcome, String reason) {
        public static Decision run() {
            return new Decision(Outcome.RUN, null);
        }
    }

    public enum Outcome { RUN, APPROVE, DENY }

    /** A level and the words that name the action in a reason ("deleting a flow", "the tool x of y"). */
    public record Rating(Level level, String what) {
    }

    public static Decision decide(Caller caller, Level level, String what) {
        if (level == Level.READ) {
            return Decision.run();
        }
        if (Roles.VIEWER.equals(caller.role())) {
            return viewerRefusal(what);
        }
        if (level == Level.HIGH) {
            return new Decision(Outcome.APPROVE, what + " is a high-risk action");
        }
        return Roles.isAdmin(caller.role()) ? Decision.run()
                : new Decision(Outcome.APPROVE, what + " changes something, and members' changes wait for an admin");
    }

    /**
     * One call's decision: the workspace's override of the tool's level wins over the tool's own rating, except that a
     * viewer never runs one of PMOS's own tools that changes something (an override cannot make flow_create a read for
     * viewers, who cannot change flows anywhere else either). Viewers are refused, never queued for approval.
     */
    public static Decision forCall(Caller caller, AgentTool tool, String override) {
        Rating own = tool.rating();
        if (override == null) {
            return decide(caller, own.level(), own.what());
        }
        Level level = Level.valueOf(override.toUpperCase(Locale.ROOT));
        String what = "the tool " + tool.spec().name() + " (risk set to " + override + " for this workspace)";
        if (Roles.VIEWER.equals(caller.role()) && tool.pmosOwn() && own.level() != Level.READ) {
            return viewerRefusal(own.what());
        }
        return decide(caller, level, what);
    }

    private static Decision viewerRefusal(String what) {
        return new Decision(Outcome.DENY, "Refused: your role (viewer) may only use tools that read, and " + what
                + " is not one of them. A member or an admin can do it.");
    }

    /**
     * An MCP tool's level. The server's annotations decide first, as claims that can only be believed when they lower
     * nothing that the name says: a destructive name is high risk even when the server calls it read-only, and so is
     * a name that says it hands out secrets or settings (get-env). readOnlyHint true makes a read; otherwise, as the MCP
     * spec's defaults say, a tool is destructive unless destructiveHint is false. Without hints the name is the only
     * clue and it never makes a read: a name starting with "get" or "list" proves nothing.
     */
    public static Level mcpLevel(String toolName, Boolean readOnlyHint, Boolean destructiveHint) {
        if (DESTRUCTIVE_NAME.matcher(toolName).find() || revealing(toolName)) {
            return Level.HIGH;
        }
        if (readOnlyHint == null && destructiveHint == null) {
            return Level.CHANGE;
        }
        if (Boolean.TRUE.equals(readOnlyHint)) {
            return Level.READ;
        }
        return Boolean.FALSE.equals(destructiveHint) ? Level.CHANGE : Level.HIGH;
    }

    /** Why an MCP tool got its level, for the approval reason and the refusal. */
    static String mcpWhy(String toolName, Level level, boolean hinted) {
        if (level == Level.HIGH && revealing(toolName) && !DESTRUCTIVE_NAME.matcher(toolName).find()) {
            return " (it may reveal secrets or the server's settings)";
        }
        if (level == Level.HIGH) {
            return " (it may delete, send or publish)";
        }
        return level == Level.CHANGE && !hinted ? " (its server does not say that it only reads)" : "";
    }

    static boolean revealing(String toolName) {
        List<String> words = Arrays.stream(WORD_BREAK.split(toolName)).map(w -> w.toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty()).toList();
        for (int i = 0; i < words.size(); i++) {
            if (REVEALING_WORDS.contains(words.get(i))
                    || i > 0 && words.get(i).equals("key") && List.of("api", "private", "secret").contains(words.get(i - 1))) {
                return true;
            }
        }
        return false;
    }
}
