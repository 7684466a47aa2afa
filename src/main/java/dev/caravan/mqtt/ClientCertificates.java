package dev.caravan.mqtt;

import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** What a device's X.509 client certificate says about it: its device id is the subject's common name (CN). */
public final class ClientCertificates {

    private ClientCertificates() {
    }

    public static Optional<String> deviceId(X509Certificate certificate) {
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            return subject.getRdns().stream().filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue).map(String::valueOf).reduce((first, last) -> last);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
