package dev.caravan.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * A command's lifecycle: {@code PENDING → SENT → SUCCEEDED | FAILED}, besides {@code TIMED_OUT} (no response in time;
 * back to PENDING while the retry budget lasts), {@code EXPIRED} (its time to live ran out before delivery) and
 * {@code CANCELLED}. SENT means the broker acknowledged the publish, not that the device has it.
 */
public enum CommandState {
    PENDING,
    SENT,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    EXPIRED,
    CANCELLED;

    private static final Set<CommandState> FINAL = EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, EXPIRED, CANCELLED);

    /**
     * The hub will do nothing more with the command. A command that times out with retries left goes back to
     * PENDING, so TIMED_OUT as a state means the budget is spent; a late response may still turn it into SUCCEEDED
     * or FAILED, since the device did answer.
     */
    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
