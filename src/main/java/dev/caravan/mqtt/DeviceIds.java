package dev.caravan.mqtt;

import java.util.regex.Pattern;

/**
 * Device id rules: one MQTT topic level, so no {@code / + #}; 1 to 64 characters of letters, digits and
 * {@code . _ : -}, starting with a letter or digit.
 */
public final class DeviceIds {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Why an id is refused, for error messages; null when it is valid. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "device id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "device id is longer than " + MAX_LENGTH + " characters";
        }
        if (!isValid(id)) {
            return "device id '" + id + "' may contain only letters, digits and . _ : - and must start with a"
                    + " letter or digit";
        }
        return null;
    }
}
