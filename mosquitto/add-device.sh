#!/bin/sh
# Adds a device's broker login to Mosquitto's password file, or changes its password.
#
#   mosquitto/add-device.sh <device-id> <password>
#
# The username is the device id: the ACL (mosquitto/acl) lets user <id> publish on device/<id>/status, telemetry,
# response and event, and receive device/<id>/command and config. Nothing else is to be edited.
#
# Uses mosquitto_passwd when installed (Debian: apt-get install mosquitto), otherwise the eclipse-mosquitto:2
# image through docker. The file is mosquitto/passwd next to this script, or $MOSQUITTO_PASSWD_FILE.
# A running broker reads the change after: docker compose kill -s HUP mosquitto
set -eu

usage() {
    echo "usage: $0 <device-id> <password>" >&2
    exit 2
}

[ "$#" -eq 2 ] || usage
device_id=$1
password=$2

# A device id is one topic level (no / + #), 1-64 characters, starting with a letter or digit (dev.caravan.mqtt.
# DeviceIds). ':' is allowed in device ids but not in broker usernames: it separates name and hash in the file.
case $device_id in
    [A-Za-z0-9]*) ;;
    *) invalid=1 ;;
esac
case $device_id in
    *[!A-Za-z0-9._-]*) invalid=1 ;;
esac
if [ -n "${invalid:-}" ] || [ "${#device_id}" -gt 64 ]; then
    echo "$0: '$device_id' cannot be a device login: use 1-64 letters, digits and . _ - starting with a letter or digit" >&2
    exit 2
fi
if [ "$device_id" = caravan ]; then
    echo "$0: 'caravan' is the hub's own login; change its password with mosquitto_passwd (docs/deployment.md)" >&2
    exit 2
fi
if [ -z "$password" ]; then
    echo "$0: the password must not be empty" >&2
    exit 2
fi

script_dir=$(cd "$(dirname "$0")" && pwd)
file=${MOSQUITTO_PASSWD_FILE:-$script_dir/passwd}
create=
[ -f "$file" ] || create=-c

if command -v mosquitto_passwd >/dev/null 2>&1; then
    mosquitto_passwd $create -b "$file" "$device_id" "$password"
elif command -v docker >/dev/null 2>&1; then
    dir=$(cd "$(dirname "$file")" && pwd)
    name=$(basename "$file")
    # As the calling user, so that the file keeps its owner.
    docker run --rm --user "$(id -u):$(id -g)" -v "$dir:/passwd-dir" eclipse-mosquitto:2 \
        mosquitto_passwd $create -b "/passwd-dir/$name" "$device_id" "$password"
else
    echo "$0: needs mosquitto_passwd (apt-get install mosquitto) or docker" >&2
    exit 1
fi

echo "device login '$device_id' written to $file"
echo "a running broker picks it up after: docker compose kill -s HUP mosquitto"
