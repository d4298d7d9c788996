package io.pmos.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expand/contract rule for Flyway migrations (docs/migrations.md): a new migration may only add to the schema, so
 * that the previous release still runs on it. Finds the statements that would break the previous release.
 */
final class ExpandContractRule {

    /** File header that allows contract statements: {@code -- contract: <what>; safe because <release> no longer ...}. */
    static final Pattern CONTRACT_MARKER =
            Pattern.compile("^--\\s*contract:\\s*(.*\\S.*safe because\\s+\\S.*\\bno longer\\b.*)$", Pattern.CASE_INSENSITIVE);
    /** Comment right before one statement that was reviewed as harmless to the previous release. */
    static final Pattern EXPAND_SAFE_MARKER = Pattern.compile("^--\\s*expand-safe:\\s*(.{10,})$", Pattern.CASE_INSENSITIVE);

    private static final Pattern DROP_OBJECT = Pattern.compile(
            "\\bDROP\\s+(TABLE|VIEW|MATERIALIZED\\s+VIEW|SCHEMA|TYPE|DOMAIN|SEQUENCE|INDEX|FUNCTION|PROCEDURE|TRIGGER|RULE|POLICY|EXTENSION)\\b");
    private static final Pattern RENAME = Pattern.compile("\\bRENAME\\b");
    private static final Pattern CHANGE_TYPE = Pattern.compile("\\bALTER\\s+(COLUMN\\s+)?\\S+\\s+(SET\\s+DATA\\s+)?TYPE\\b");
    private static final Pattern SET_NOT_NULL = Pattern.compile("\\bALTER\\s+(?:COLUMN\\s+)?(\\S+)\\s+SET\\s+NOT\\s+NULL\\b");
    private static final Pattern DROP_DEFAULT = Pattern.compile("\\bALTER\\s+(COLUMN\\s+)?\\S+\\s+DROP\\s+(DEFAULT|IDENTITY|EXPRESSION)\\b");
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(\\S+)\\s+(.*)$");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+)");
    private static final Pattern ADD_COLUMN = Pattern.compile("^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+)\\s+(.*)$");
    private static final Pattern ADD_CONSTRAINT = Pattern.compile("^ADD\\s+(CONSTRAINT|CHECK|UNIQUE|PRIMARY\\s+KEY|FOREIGN\\s+KEY|EXCLUDE)\\b");
    private static final Pattern CREATE_UNIQUE_INDEX = Pattern.compile(
            "^CREATE\\s+UNIQUE\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:\\S+\\s+)?ON\\s+(?:ONLY\\s+)?(\\S+)");
    private static final Pattern REMOVES_ROWS = Pattern.compile("^(TRUNCATE|DELETE\\s+FROM)\\b");
    private static final Pattern ROUTINE = Pattern.compile("^(CREATE\\s+(OR\\s+REPLACE\\s+)?(FUNCTION|PROCEDURE)|DO)\\b");

    /** One statement the previous release may not survive. */
    record Violation(String file, int line, String reason, String statement) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reason + " — " + statement;
        }
    }

    private ExpandContractRule() {
    }

    /** The statements of {@code sql} that break the rule; empty when the file is expand-only or carries a contract marker. */
    static List<Violation> check(String file, String sql) {
        List<Statement> statements = split(sql);
        if (hasContractMarker(sql)) {
            return List.of();
        }
        Set<String> createdTables = new HashSet<>();
        Set<String> addedColumns = new HashSet<>();
        List<Violation> violations = new ArrayList<>();
        for (Statement statement : statements) {
            String text = statement.normalised();
            Matcher created = CREATE_TABLE.matcher(text);
            if (created.find()) {
                createdTables.add(unquote(created.group(1)));
            }
            Matcher alter = ALTER_TABLE.matcher(text);
            if (alter.find()) {
                for (String action : splitTopLevel(alter.group(2))) {
                    Matcher add = ADD_COLUMN.matcher(action);
                    if (add.find() && !ADD_CONSTRAINT.matcher(action).find()) {
                        addedColumns.add(unquote(alter.group(1)) + "." + unquote(add.group(1)));
                    }
                }
            }
            if (statement.expandSafe()) {
                continue;
            }
            for (String reason : reasons(text, createdTables, addedColumns)) {
                violations.add(new Violation(file, statement.line(), reason, abbreviate(statement.original())));
            }
        }
        return violations;
    }

    static boolean hasContractMarker(String sql) {
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("--")) {
                return false; // the marker belongs in the header, before the first statement
            }
            if (CONTRACT_MARKER.matcher(trimmed).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> reasons(String text, Set<String> createdTables, Set<String> addedColumns) {
        List<String> reasons = new ArrayList<>();
        boolean routine = ROUTINE.matcher(text).find();
        Matcher drop = DROP_OBJECT.matcher(text);
        if (drop.find()) {
            reasons.add("drops a " + drop.group(1).toLowerCase(Locale.ROOT) + " the previous release may use");
        }
        if (RENAME.matcher(text).find()) {
            reasons.add("renames something the previous release refers to by its old name");
        }
        if (CHANGE_TYPE.matcher(text).find()) {
            reasons.add("changes a column's type under the previous release");
        }
        if (DROP_DEFAULT.matcher(text).find()) {
            reasons.add("removes a default the previous release's inserts rely on");
        }
        if (!routine && REMOVES_ROWS.matcher(text).find()) {
            reasons.add("deletes rows the previous release may still need");
        }
        Matcher unique = CREATE_UNIQUE_INDEX.matcher(text);
        if (unique.find() && !createdTables.contains(unquote(unique.group(1)))) {
            reasons.add("adds a unique index to an existing table: the previous release's writes may violate it");
        }
        Matcher alter = ALTER_TABLE.matcher(text);
        if (alter.find()) {
            String table = unquote(alter.group(1));
            boolean newTable = createdTables.contains(table);
            for (String action : splitTopLevel(alter.group(2))) {
                if (action.matches("^DROP\\b.*") && !action.matches("^DROP\\s+CONSTRAINT\\b.*")) {
                    reasons.add("drops a column the previous release reads or writes");
                } else if (action.matches("^DROP\\s+CONSTRAINT\\b.*")) {
                    reasons.add("drops a constraint the previous release may rely on (ON CONFLICT, cascades)");
                }
                Matcher setNotNull = SET_NOT_NULL.matcher(action);
                if (setNotNull.find() && !newTable && !addedColumns.contains(table + "." + unquote(setNotNull.group(1)))) {
                    reasons.add("makes an existing column NOT NULL: the previous release's inserts may leave it empty");
                }
                Matcher add = ADD_COLUMN.matcher(action);
                if (ADD_CONSTRAINT.matcher(action).find()) {
                    if (!newTable) {
                        reasons.add("adds a constraint to an existing table: the previous release's writes may violate it");
                    }
                } else if (add.find() && !newTable) {
                    String definition = " " + add.group(2) + " ";
                    boolean notNull = definition.contains(" NOT NULL ") || definition.contains(" PRIMARY KEY ");
                    boolean filled = definition.contains(" DEFAULT ") || definition.contains(" GENERATED ");
                    if (notNull && !filled) {
                        reasons.add("adds a NOT NULL column without a default: the previous release's inserts fail");
                    }
                }
            }
        }
        return reasons;
    }

    /** One SQL statement with its first line, its preceding comments and its text without literals or comments. */
    private record Statement(int line, String original, String normalised, boolean expandSafe) {
    }

    /** Splits on top-level semicolons, respecting quotes, dollar quotes and comments. */
    static List<Statement> split(String sql) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder original = new StringBuilder();
        StringBuilder normalised = new StringBuilder();
        boolean expandSafe = false;
        int line = 1;
        int startLine = -1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (EXPAND_SAFE_MARKER.matcher(sql.substring(i, end).strip()).matches()) {
                    expandSafe = true;
                }
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(sql, i, end, '\n');
                normalised.append(' ');
                i = end;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (!Character.isWhitespace(c) && c != ';' && startLine < 0) {
                startLine = line;
            }
            if (c == '\'') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == '\'' && end + 1 < n && sql.charAt(end + 1) == '\'') {
                        end += 2;
                    } else if (sql.charAt(end) == '\'') {
                        break;
                    } else {
                        end++;
                    }
                }
                end = Math.min(end + 1, n);
                line += count(sql, i, end, '\n');
                original.append(sql, i, end);
                normalised.append("''"); // literal text (comments, messages) never counts as a statement
                i = end;
                continue;
            }
            if (c == '$') {
                Matcher tag = Pattern.compile("^\\$[A-Za-z_]*\\$").matcher(sql.substring(i, Math.min(n, i + 64)));
                if (tag.find()) {
                    String delimiter = tag.group();
                    int close = sql.indexOf(delimiter, i + delimiter.length());
                    int end = close < 0 ? n : close + delimiter.length();
                    line += count(sql, i, end, '\n');
                    original.append(sql, i, end);
                    // a routine's body runs too: its DDL is checked like any other statement's
                    normalised.append(' ').append(sql, i + delimiter.length(), Math.max(i + delimiter.length(), end - delimiter.length())).append(' ');
                    i = end;
                    continue;
                }
            }
            if (c == ';') {
                add(statements, startLine, original, normalised, expandSafe);
                original.setLength(0);
                normalised.setLength(0);
                expandSafe = false;
                startLine = -1;
                i++;
                continue;
            }
            original.append(c);
            normalised.append(c);
            i++;
        }
        add(statements, startLine, original, normalised, expandSafe);
        return statements;
    }

    private static void add(List<Statement> statements, int line, StringBuilder original, StringBuilder normalised,
            boolean expandSafe) {
        String text = normalised.toString().replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
        if (!text.isEmpty()) {
            statements.add(new Statement(line, original.toString().strip(), text, expandSafe));
        }
    }

    /** Splits an ALTER TABLE's actions on commas outside parentheses. */
    private static List<String> splitTopLevel(String actions) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < actions.length(); i++) {
            char c = actions.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(actions.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(actions.substring(start).strip());
        return parts;
    }

    private static String unquote(String identifier) {
        String name = identifier.replace("\"", "").toLowerCase(Locale.ROOT);
        return name.startsWith("public.") ? name.substring("public.".length()) : name;
    }

    private static int count(String text, int from, int to, char c) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }

    private static String abbreviate(String statement) {
        String flat = statement.replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
    }
}
