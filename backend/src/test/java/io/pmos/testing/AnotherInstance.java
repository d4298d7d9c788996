package io.pmos.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What another PMOS instance does on the shared database, replayed over a connection of its own with the same SQL as
 * EventLog.publish: it signs a user out (revokes the sessions and appends the access event in one transaction) and,
 * as a separate step, announces it on the seam, so that a test can look at this instance in between.
 */
public final class AnotherInstance implements AutoCloseable {

    private final Connection db;

    public AnotherInstance() throws SQLException {
        var config = ConfigProvider.getConfig();
        db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** Revokes every session of the user and appends the access event, committed; returns the event's number. */
    public long signOut(Object userId, Object workspaceId) throws SQLException {
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            st.execute("UPDATE sessions SET revoked_at = now() WHERE user_id = '" + userId + "'");
            long seq;
            try (ResultSet rs = st.executeQuery("INSERT INTO event_topics (topic, workspace_id, seq) VALUES ('access:"
                    + userId + "', '" + workspaceId + "', 1) ON CONFLICT (topic) DO UPDATE SET seq = event_topics.seq + 1 "
                    + "RETURNING seq")) {
                rs.next();
                seq = rs.getLong(1);
            }
            st.execute("INSERT INTO events (workspace_id, topic, seq, type, payload) VALUES ('" + workspaceId
                    + "', 'access:" + userId + "', " + seq + ", 'access.signed_out', '{\"userId\": \"" + userId + "\"}')");
            db.commit();
            return seq;
        }
    }

    /** Announces an access event on the seam (NOTIFY pmos_events), as publish does on commit. */
    public void announce(Object userId, long seq) throws SQLException {
        db.setAutoCommit(true);
        try (Statement st = db.createStatement()) {
            st.execute("SELECT pg_notify('pmos_events', 'access:" + userId + " " + seq + "')");
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
