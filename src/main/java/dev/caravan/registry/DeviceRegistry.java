package dev.caravan.registry;

import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.caravan.support.BadRequestException;
import dev.caravan.support.ConflictException;
import dev.caravan.support.NotFoundException;

/** Creates, reads, changes and removes devices and groups. */
@Service
public class DeviceRegistry {

    private final DeviceRepository devices;
    private final GroupRepository groups;
    private final KnownDevices known;
    private final ApplicationEventPublisher events;

    public DeviceRegistry(DeviceRepository devices, GroupRepository groups, KnownDevices known,
                          ApplicationEventPublisher events) {
        this.events = events;
        this.devices = devices;
        this.groups = groups;
        this.known = known;
    }

    public Device get(String id) {
        return devices.find(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
    }

    /** 404 unless the device exists; cheaper than {@link #get} when only existence matters. */
    public void requireExists(String id) {
        if (!devices.exists(id)) {
            throw new NotFoundException("no device '" + id + "'");
        }
    }

    /** What delivery needs to know of a device: its state and protocol; empty if it does not exist. */
    public Optional<DeviceRepository.Reachability> reachability(String id) {
        return devices.reachability(id);
    }

    public List<Device> list(DeviceFilter filter) {
        return devices.list(filter);
    }

    @Transactional
    public Device create(DeviceSpec spec) {
        DeviceSpec valid = spec.validated();
        requireGroups(valid);
        if (!devices.insert(valid, false)) {
            throw new ConflictException("device '" + valid.id() + "' exists already");
        }
        known.remember(valid.id());
        return get(valid.id());
    }

    /** Creates the device if absent or updates it: for the hub's own devices (demo, adapters). */
    @Transactional
    public Device upsert(DeviceSpec spec) {
        DeviceSpec valid = spec.validated();
        requireGroups(valid);
        if (!devices.insert(valid, false)) {
            devices.update(valid);
        }
        known.remember(valid.id());
        return get(valid.id());
    }

    @Transactional
    public Device update(String id, DeviceSpec spec) {
        if (spec.id() != null && !spec.id().equals(id)) {
            throw new BadRequestException("id: the body's id '" + spec.id() + "' differs from the path's '" + id + "'");
        }
        DeviceSpec valid = new DeviceSpec(id, spec.type(), spec.model(), spec.firmwareVersion(), spec.location(),
                spec.protocol(), spec.metadata(), spec.groups()).validated();
        requireGroups(valid);
        if (!devices.update(valid)) {
            throw new NotFoundException("no device '" + id + "'");
        }
        return get(id);
    }

    @Transactional
    public void delete(String id) {
        if (!devices.delete(id)) {
            throw new NotFoundException("no device '" + id + "'");
        }
        known.forget(id);
        events.publishEvent(new DeviceDeleted(id));
    }

    public List<DeviceGroup> groups(GroupKind kind) {
        return groups.list(kind);
    }

    public DeviceGroup group(String id) {
        return groups.find(id).orElseThrow(() -> new NotFoundException("no group '" + id + "'"));
    }

    @Transactional
    public DeviceGroup createGroup(GroupSpec spec) {
        GroupKind kind = spec.validatedKind();
        if (spec.parentId() != null && groups.find(spec.parentId()).isEmpty()) {
            throw new BadRequestException("parentId: no group '" + spec.parentId() + "'");
        }
        String name = spec.name() == null || spec.name().isBlank() ? spec.id() : spec.name();
        if (!groups.insert(spec.id(), kind, name, spec.parentId(), spec.metadata())) {
            throw new ConflictException("group '" + spec.id() + "' exists already");
        }
        return group(spec.id());
    }

    /** Creates the group if absent: for the hub's own groups (demo). */
    public void ensureGroup(String id, GroupKind kind, String name, String parentId) {
        groups.insert(id, kind, name, parentId, null);
    }

    @Transactional
    public void deleteGroup(String id) {
        int members = groups.memberCount(id);
        if (members > 0) {
            throw new ConflictException("group '" + id + "' still has " + members + " devices");
        }
        if (!groups.delete(id)) {
            throw new NotFoundException("no group '" + id + "'");
        }
    }

    private void requireGroups(DeviceSpec spec) {
        List<String> missing = groups.missing(spec.groups());
        if (!missing.isEmpty()) {
            throw new BadRequestException("groups: no such group " + missing);
        }
    }
}
