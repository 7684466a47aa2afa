package dev.caravan.api;

import java.util.List;

/** A page of a list answer. */
public record Page<T>(List<T> items, int limit, int offset) {
}
