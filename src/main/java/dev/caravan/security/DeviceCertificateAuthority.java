package dev.caravan.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Service;

import dev.caravan.registry.DeviceRegistry;
import dev.caravan.support.BadRequestException;
import dev.caravan.support.ConflictException;

/**
 * The hub's CA for devices' X.509 client certificates (docs/tls.md#device-certificates): signs a certificate whose
 * subject CN is the device id, for TLS client authentication only, either for a key the device made (a PKCS#10
 * request, whose subject is ignored) or for a key it makes itself and answers once. The broker's TLS listener with
 * client certificates accepts it as the device's login when its trust store holds this CA.
 */
@Service
public class DeviceCertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param certificate the CA's certificate (PEM)
     * @param key         its private key (PEM: PKCS#8, or the traditional EC/RSA form)
     * @param validity    how long an issued certificate is valid
     */
    @ConfigurationProperties("caravan.security.device-ca")
    public record Settings(String certificate, String key, Duration validity) {

        public Settings {
            validity = validity == null ? Duration.ofDays(365) : validity;
        }

        boolean enabled() {
            return certificate != null && !certificate.isBlank() && key != null && !key.isBlank();
        }
    }

    /** What the API answers: the certificate, the CA's, and the private key only when the hub made it. */
    public record Issued(String deviceId, String certificate, String caCertificate, String privateKey,
                         String serialNumber, Instant notAfter) {
    }

    private final Settings settings;
    private final DeviceRegistry registry;

    public DeviceCertificateAuthority(Settings settings, DeviceRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /**
     * A client certificate for the device.
     *
     * @param csrPem a PKCS#10 request in PEM for the device's own key; null: the hub makes an EC P-256 key
     * @throws ConflictException   when no CA is configured
     * @throws BadRequestException for a request that is not a valid, self-signed PKCS#10 request
     */
    public Issued issue(String deviceId, String csrPem) {
        registry.get(deviceId);
        if (!settings.enabled()) {
            throw new ConflictException("the hub has no device CA: set caravan.security.device-ca.certificate and key"
                    + " (CARAVAN_DEVICE_CA_CERT, CARAVAN_DEVICE_CA_KEY)");
        }
        try {
            X509CertificateHolder ca = readCaCertificate();
            PrivateKey caKey = readCaKey();
            KeyPair made = null;
            PublicKey publicKey;
            if (csrPem == null || csrPem.isBlank()) {
                made = newKeyPair();
                publicKey = made.getPublic();
            } else {
                publicKey = verifiedRequestKey(csrPem);
            }
            X509CertificateHolder certificate = sign(deviceId, publicKey, ca, caKey);
            return new Issued(deviceId, pem(certificate), pem(ca), made == null ? null : pem(new JcaPKCS8Generator(made.getPrivate(), null)),
                    certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("the device CA cannot sign: " + e.getMessage(), e);
        }
    }

    private X509CertificateHolder sign(String deviceId, PublicKey publicKey, X509CertificateHolder ca,
                                       PrivateKey caKey)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Caravan device")
                .addRDN(BCStyle.CN, deviceId).build();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.getSubject(),
                new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(settings.validity())), subject, publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
        String algorithm = caKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(caKey);
        return builder.build(signer);
    }

    private static PublicKey verifiedRequestKey(String csrPem) throws GeneralSecurityException {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            parsed = parser.readObject();
        } catch (IOException e) {
            throw new BadRequestException("csr: not PEM: " + e.getMessage());
        }
        if (!(parsed instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest request)) {
            throw new BadRequestException("csr: not a PKCS#10 certificate request (-----BEGIN CERTIFICATE REQUEST-----)");
        }
        JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(jca.getPublicKey()))) {
                throw new BadRequestException("csr: its signature does not match its key");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new BadRequestException("csr: its signature cannot be checked: " + e.getMessage());
        }
        return jca.getPublicKey();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private X509CertificateHolder readCaCertificate() throws IOException {
        Object parsed = readPem(settings.certificate());
        if (parsed instanceof X509CertificateHolder certificate) {
            return certificate;
        }
        throw new IllegalStateException("caravan.security.device-ca.certificate: " + settings.certificate()
                + " holds no PEM certificate");
    }

    private PrivateKey readCaKey() throws IOException {
        Object parsed = readPem(settings.key());
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        if (parsed instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        throw new IllegalStateException("caravan.security.device-ca.key: " + settings.key()
                + " holds no unencrypted PEM private key");
    }

    private static Object readPem(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of(file)); PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
