package dev.caravan.support;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/** Tells failures worth retrying (a server away or busy) from failures of the data itself. */
public final class Failures {

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof ConnectException || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08 connection, 53 insufficient resources, 57 operator intervention (shutdown), 40 rollback
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40")) {
                    return true;
                }
            }
        }
        return false;
    }
}
