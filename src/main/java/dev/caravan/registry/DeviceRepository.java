package dev.caravan.registry;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/** Devices and their group memberships in PostgreSQL. */
@Repository
public class DeviceRepository {

    private static final String SELECT = """
            select d.*, coalesce(array_agg(m.group_id order by m.group_id)
                                 filter (where m.group_id is not null), '{}') as group_ids
              from devices d
              left join device_group_members m on m.device_id = d.id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final RowMapper<Device> rowMapper;

    public DeviceRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.rowMapper = this::map;
    }

    public Optional<Device> find(String id) {
        return jdbc.query(SELECT + " where d.id = :id group by d.id", new MapSqlParameterSource("id", id), rowMapper)
                .stream().findFirst();
    }

    public boolean exists(String id) {
        Boolean exists = jdbc.queryForObject("select exists(select 1 from devices where id = :id)",
                new MapSqlParameterSource("id", id), Boolean.class);
        return Boolean.TRUE.equals(exists);
    }

    public Optional<Reachability> reachability(String id) {
        return jdbc.query("select status, protocol from devices where id = :id", new MapSqlParameterSource("id", id),
                (rs, i) -> new Reachability(DeviceState.of(rs.getString("status")), rs.getString("protocol")))
                .stream().findFirst();
    }

    /** A device's state and protocol. */
    public record Reachability(DeviceState status, String protocol) {
    }

    public List<Device> list(DeviceFilter filter) {
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (filter.type() != null) {
            where.add("d.type = :type");
            params.addValue("type", filter.type());
        }
        if (filter.status() != null) {
            where.add("d.status = :status");
            params.addValue("status", filter.status().value());
        }
        if (filter.group() != null) {
            where.add("exists (select 1 from device_group_members g where g.device_id = d.id and g.group_id = :group)");
            params.addValue("group", filter.group());
        }
        params.addValue("limit", filter.limit()).addValue("offset", filter.offset());
        String sql = SELECT + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " group by d.id order by d.id limit :limit offset :offset";
        return jdbc.query(sql, params, rowMapper);
    }

    /** Inserts; false when the id exists already. */
    public boolean insert(DeviceSpec spec, boolean autoRegistered) {
        int rows = jdbc.update("""
                insert into devices (id, type, model, firmware_version, location, protocol, metadata, auto_registered)
                values (:id, :type, :model, :firmwareVersion, :location, :protocol, cast(:metadata as jsonb),
                        :autoRegistered)
                on conflict (id) do nothing
                """, specParams(spec).addValue("autoRegistered", autoRegistered));
        if (rows == 1) {
            replaceGroups(spec.id(), spec.groups());
        }
        return rows == 1;
    }

    /** Replaces what a client may set; false when the device does not exist. */
    public boolean update(DeviceSpec spec) {
        int rows = jdbc.update("""
                update devices set type = :type, model = :model, firmware_version = :firmwareVersion,
                       location = :location, protocol = :protocol, metadata = cast(:metadata as jsonb),
                       auto_registered = false, updated_at = now()
                 where id = :id
                """, specParams(spec));
        if (rows == 1) {
            replaceGroups(spec.id(), spec.groups());
        }
        return rows == 1;
    }

    public boolean delete(String id) {
        return jdbc.update("delete from devices where id = :id", new MapSqlParameterSource("id", id)) == 1;
    }

    private void replaceGroups(String deviceId, List<String> groups) {
        jdbc.update("delete from device_group_members where device_id = :id", new MapSqlParameterSource("id", deviceId));
        for (String group : groups) {
            jdbc.update("insert into device_group_members (device_id, group_id) values (:id, :group)",
                    new MapSqlParameterSource("id", deviceId).addValue("group", group));
        }
    }

    private MapSqlParameterSource specParams(DeviceSpec spec) {
        return new MapSqlParameterSource()
                .addValue("id", spec.id())
                .addValue("type", spec.type())
                .addValue("model", spec.model())
                .addValue("firmwareVersion", spec.firmwareVersion())
                .addValue("location", spec.location())
                .addValue("protocol", spec.protocol())
                .addValue("metadata", spec.metadata() == null ? "{}" : Json.write(mapper, spec.metadata()));
    }

    private Device map(ResultSet rs, int row) throws SQLException {
        Array groups = rs.getArray("group_ids");
        return new Device(
                rs.getString("id"),
                rs.getString("type"),
                rs.getString("model"),
                rs.getString("firmware_version"),
                rs.getString("location"),
                rs.getString("protocol"),
                Json.column(mapper, rs, "metadata"),
                groups == null ? List.of() : Arrays.asList((String[]) groups.getArray()),
                DeviceState.of(rs.getString("status")),
                Json.instant(rs, "status_changed_at"),
                Json.column(mapper, rs, "status_detail"),
                Json.instant(rs, "last_seen"),
                rs.getBoolean("auto_registered"),
                Json.instant(rs, "created_at"),
                Json.instant(rs, "updated_at"));
    }
}
