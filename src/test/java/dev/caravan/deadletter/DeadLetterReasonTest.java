package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class DeadLetterReasonTest {

    @Test
    void aRefusedMessageKeepsTheReasonItWasRefusedFor() {
        InvalidMessageException refused = new InvalidMessageException(DeadLetterReason.UNKNOWN_DEVICE, "who?");

        assertThat(DeadLetterStore.reasonOf(new CamelExecutionException("wrapped", null, refused)))
                .isEqualTo(DeadLetterReason.UNKNOWN_DEVICE);
    }

    @Test
    void dataTheDatabaseRefusesIsStorageRejected() {
        assertThat(DeadLetterStore.reasonOf(new DataIntegrityViolationException("value too long")))
                .isEqualTo(DeadLetterReason.STORAGE_REJECTED);
    }

    @Test
    void anythingElseIsAnInternalError() {
        assertThat(DeadLetterStore.reasonOf(new NullPointerException())).isEqualTo(DeadLetterReason.INTERNAL_ERROR);
    }
}
