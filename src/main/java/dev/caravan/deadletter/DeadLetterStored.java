package dev.caravan.deadletter;

/** Published (as a Spring application event) for every dead letter once it is stored. */
public record DeadLetterStored(DeadLetter letter) {
}
