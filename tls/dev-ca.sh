#!/usr/bin/env bash
# Makes a development CA and certificates for Caravan's TLS listeners (docs/tls.md). For development and tests only:
# the CA key is not protected.
#
#   tls/dev-ca.sh [--dir DIR] [--password PW] server [NAME...]   the CA (once), and the hub's server certificate for
#                                                              localhost, 127.0.0.1, ::1 and the NAMEs
#   tls/dev-ca.sh [--dir DIR] [--password PW] device ID          a device's client certificate (subject CN = ID)
#   tls/dev-ca.sh [--dir DIR] [--password PW] client NAME        another client's certificate (the hub's own, for a
#                                                              broker that wants one): client-NAME.*
#
# Writes into DIR (default tls/dev):
#   ca.crt ca.key                 the development CA
#   truststore.p12                the CA for Java (MQTT_TLS_TRUSTSTORE, API_TLS_TRUSTSTORE, clients' trust)
#   server.crt server.key server.p12   the hub's certificate (MQTT_TLS_KEYSTORE, API_TLS_KEYSTORE)
#   device-ID.crt device-ID.key device-ID.p12   a device's client certificate (mutual TLS)
#   client-NAME.crt client-NAME.key client-NAME.p12   another client's certificate
# PKCS#12 files are protected with PW (default: changeit).
set -euo pipefail

dir=tls/dev
password=changeit
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    *) break ;;
  esac
done
what="${1:-}"
[[ "$what" == server || "$what" == device || "$what" == client ]] || { sed -n '2,18p' "$0"; exit 2; }
shift

command -v openssl >/dev/null || { echo "dev-ca.sh needs openssl (Debian: apt-get install openssl)" >&2; exit 1; }
keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
command -v "$keytool" >/dev/null || { echo "dev-ca.sh needs keytool from a JDK (set JAVA_HOME)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"

if [[ ! -f ca.crt ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 -sha256 \
    -subj "/O=Caravan development/CN=Caravan development CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout ca.key -out ca.crt 2>/dev/null
  rm -f truststore.p12
  "$keytool" -importcert -noprompt -storetype PKCS12 -keystore truststore.p12 -storepass "$password" \
    -alias caravan-dev-ca -file ca.crt >/dev/null
  echo "made the development CA: $dir/ca.crt (Java trust store: $dir/truststore.p12)"
fi

# sign NAME SUBJECT EXTENSIONS: a P-256 key and a certificate signed by the CA, and both in NAME.p12
sign() {
  local name="$1" subject="$2" extensions="$3"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$subject" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile <(printf '%s\n' "$extensions") -out "$name.crt" 2>/dev/null
  rm -f "$name.csr"
  openssl pkcs12 -export -in "$name.crt" -inkey "$name.key" -certfile ca.crt -name "$name" \
    -passout "pass:$password" -out "$name.p12"
  echo "made $dir/$name.crt, $name.key and $name.p12"
}

case "$what" in
  server)
    names="DNS:localhost,IP:127.0.0.1,IP:::1"
    for n in "$@"; do
      if [[ "$n" =~ ^[0-9.]+$ || "$n" == *:* ]]; then names="$names,IP:$n"; else names="$names,DNS:$n"; fi
    done
    sign server "/O=Caravan development/CN=${1:-localhost}" \
      "subjectAltName=$names
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature"
    ;;
  device|client)
    id="${1:?usage: dev-ca.sh $what ID}"
    [[ "$id" =~ ^[A-Za-z0-9._:-]{1,64}$ ]] || { echo "not a device id or client name: $id" >&2; exit 2; }
    sign "$what-$id" "/O=Caravan development/CN=$id" \
      "extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature"
    ;;
esac
