package dev.caravan.command;

import java.time.Instant;

/** Published (as a Spring application event) after a command's state change is committed. */
public record CommandStateChanged(String commandId, String deviceId, String type, CommandState from,
                                  CommandState to, Instant at, String detail) {
}
