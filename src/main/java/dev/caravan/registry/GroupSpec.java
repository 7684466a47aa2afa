package dev.caravan.registry;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.caravan.support.BadRequestException;

/** The body of {@code POST /api/groups}. */
public record GroupSpec(String id, String kind, String name, String parentId, JsonNode metadata) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public GroupKind validatedKind() {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadRequestException("id: required; letters, digits and . _ : - (at most 64)");
        }
        if (kind == null) {
            throw new BadRequestException("kind: required; one of site, zone, function");
        }
        try {
            return GroupKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("kind: one of site, zone, function");
        }
    }
}
