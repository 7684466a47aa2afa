package dev.caravan.envelope;

import java.util.Arrays;

/**
 * Which counters of one sender were used: the highest, and a window of the {@value #SIZE} below it (as in IPsec's
 * anti-replay window), so that messages overtaking each other on the way (several consumers of a shared
 * subscription) are all accepted once while a repeated or much older counter is not.
 */
final class ReplayWindow {

    static final int SIZE = 1024;

    private long highest = -1;
    private final long[] bits = new long[SIZE / 64];

    ReplayWindow() {
    }

    /** A window whose highest used counter is {@code highest} and which knows nothing below it. */
    ReplayWindow(long highest) {
        this.highest = highest;
        if (highest >= 0) {
            set(0);
        }
    }

    long highest() {
        return highest;
    }

    /** True when the counter was used already, or is too far below the highest to tell. */
    boolean used(long counter) {
        if (counter > highest) {
            return false;
        }
        long distance = highest - counter;
        return distance >= SIZE || (bits[(int) (distance >>> 6)] & (1L << (distance & 63))) != 0;
    }

    void use(long counter) {
        if (counter > highest) {
            shift(highest < 0 ? SIZE : counter - highest);
            highest = counter;
            set(0);
        } else if (highest - counter < SIZE) {
            set(highest - counter);
        }
    }

    private void set(long distance) {
        bits[(int) (distance >>> 6)] |= 1L << (distance & 63);
    }

    /** Moves every mark {@code by} places further from the highest. */
    private void shift(long by) {
        if (by >= SIZE) {
            Arrays.fill(bits, 0);
            return;
        }
        int words = (int) (by >>> 6);
        int rest = (int) (by & 63);
        for (int i = bits.length - 1; i >= 0; i--) {
            int from = i - words;
            long value = 0;
            if (from >= 0) {
                value = bits[from] << rest;
                if (rest != 0 && from > 0) {
                    value |= bits[from - 1] >>> (64 - rest);
                }
            }
            bits[i] = value;
        }
    }
}
