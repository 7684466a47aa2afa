package dev.caravan.deadletter;

/** An inbound message that is refused for a known reason; the error policy sends it to the dead letter store. */
public class InvalidMessageException extends RuntimeException {

    private final DeadLetterReason reason;

    public InvalidMessageException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
