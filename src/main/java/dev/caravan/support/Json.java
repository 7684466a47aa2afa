package dev.caravan.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Small helpers between JSON, jsonb columns and timestamps. */
public final class Json {

    private Json() {
    }

    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a jsonb column; an absent value is an empty object. */
    public static JsonNode column(ObjectMapper mapper, ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " holds invalid JSON", e);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
