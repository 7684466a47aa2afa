package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hashes in the format of Mosquitto 2's password file. */
class MosquittoPasswordHashTest {

    // written by Debian's mosquitto_passwd 2.0.11 (mosquitto_passwd -c -b pw dev1 secret)
    private static final String FROM_MOSQUITTO_PASSWD = "$7$101$6axas03GidyknQmm$SGd5BQf4fbWqWg8gYItsgu5SYAlX3VMEXIZn"
            + "/ZOhS0EeSiDWmSvZbRZP7TrTsRSEUsusb/lGv6VTB9WBv1MqIA==";

    @Test
    void aHashWrittenByMosquittoPasswdIsRecomputedFromItsPassword() {
        assertThat(MosquittoPasswordHash.matches("secret", FROM_MOSQUITTO_PASSWD)).isTrue();
        assertThat(MosquittoPasswordHash.matches("Secret", FROM_MOSQUITTO_PASSWD)).isFalse();
    }

    @Test
    void aNewHashHasMosquittosLayoutAndAFreshSalt() {
        String first = MosquittoPasswordHash.hash("pw");
        String second = MosquittoPasswordHash.hash("pw");

        assertThat(first).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(first).isNotEqualTo(second);
        assertThat(MosquittoPasswordHash.matches("pw", first)).isTrue();
    }
}
