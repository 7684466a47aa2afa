package dev.caravan.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/** Device groups in PostgreSQL. */
@Repository
public class GroupRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public GroupRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public List<DeviceGroup> list(GroupKind kind) {
        return kind == null
                ? jdbc.query("select * from device_groups order by id", this::map)
                : jdbc.query("select * from device_groups where kind = :kind order by id",
                        new MapSqlParameterSource("kind", kind.value()), this::map);
    }

    public Optional<DeviceGroup> find(String id) {
        return jdbc.query("select * from device_groups where id = :id", new MapSqlParameterSource("id", id), this::map)
                .stream().findFirst();
    }

    /** The ids among {@code ids} that are not groups. */
    public List<String> missing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> found = jdbc.queryForList("select id from device_groups where id in (:ids)",
                new MapSqlParameterSource("ids", ids), String.class);
        return ids.stream().filter(id -> !found.contains(id)).toList();
    }

    public boolean insert(String id, GroupKind kind, String name, String parentId, JsonNode metadata) {
        return jdbc.update("""
                insert into device_groups (id, kind, name, parent_id, metadata)
                values (:id, :kind, :name, :parent, cast(:metadata as jsonb))
                on conflict (id) do nothing
                """, new MapSqlParameterSource("id", id)
                .addValue("kind", kind.value())
                .addValue("name", name)
                .addValue("parent", parentId)
                .addValue("metadata", metadata == null ? "{}" : Json.write(mapper, metadata))) == 1;
    }

    public boolean delete(String id) {
        return jdbc.update("delete from device_groups where id = :id", new MapSqlParameterSource("id", id)) == 1;
    }

    public int memberCount(String id) {
        Integer count = jdbc.queryForObject("select count(*) from device_group_members where group_id = :id",
                new MapSqlParameterSource("id", id), Integer.class);
        return count == null ? 0 : count;
    }

    private DeviceGroup map(ResultSet rs, int row) throws SQLException {
        return new DeviceGroup(rs.getString("id"), GroupKind.of(rs.getString("kind")), rs.getString("name"),
                rs.getString("parent_id"), Json.column(mapper, rs, "metadata"), Json.instant(rs, "created_at"));
    }
}
