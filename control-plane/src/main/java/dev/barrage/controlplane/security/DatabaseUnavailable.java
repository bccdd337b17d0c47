package dev.barrage.controlplane.security;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that cannot be reached from every other database error. */
public final class DatabaseUnavailable {
    private DatabaseUnavailable() {}

    public static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage());
                if ((state != null && state.startsWith("08")) || message.contains("Acquisition timeout")
                        || message.contains("Connection refused")) {
                    return true;
                }
            }
        }
        return false;
    }
}
