package io.leadflow.support.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Issues RS256 JWTs with the JDK alone (no JWT library, so any module and any script can use it): the demo tokens of
 * the {@code local} profile, signed with the dev key shipped in {@code leadflow/dev-jwt/}, and the tokens of tests,
 * signed with a test key. The dev key is public by design: a service accepts it only in {@code local}, and
 * {@link SecretsCheck} stops a {@code prod} service that was given it.
 */
public final class DevTokens {

    /** Where the dev key pair lives on the classpath. */
    public static final String DEV_PRIVATE_KEY = "leadflow/dev-jwt/private.pem";
    public static final String DEV_PUBLIC_KEY = "leadflow/dev-jwt/public.pem";
    /** The issuer every Leadflow service expects by default ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "https://leadflow.io";

    private final PrivateKey key;
    private final String issuer;

    private DevTokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** Tokens signed with the shipped dev key, valid only where the {@code local} profile trusts it. */
    public static DevTokens local() {
        return fromClasspath(DEV_PRIVATE_KEY, ISSUER);
    }

    /** Tokens signed with a PKCS#8 PEM private key found on the classpath (a test key). */
    public static DevTokens fromClasspath(String resource, String issuer) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no private key at classpath:" + resource);
            }
            return new DevTokens(privateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII)), issuer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token for {@code subject} with these roles, valid for {@code validity} from {@code now}. */
    public String issue(String subject, Collection<String> roles, Instant now, Duration validity) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(role -> "\"" + role.replace("\"", "") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject.replace("\"", "") + "\",\"upn\":\""
                + subject.replace("\"", "") + "\",\"groups\":" + groups + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(validity).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** A token with one role for {@code subject}, valid for 12 hours. */
    public String issue(String subject, String role) {
        return issue(subject, java.util.List.of(role), Instant.now(), Duration.ofHours(12));
    }

    private static PrivateKey privateKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 PEM RSA private key", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Prints a demo token: {@code java -cp service-support.jar io.leadflow.support.security.DevTokens admin}, or with a
     * subject of your choice ({@code DevTokens rep <rep id>}: that rep's own token).
     */
    public static void main(String[] args) {
        String role = args.length > 0 ? args[0] : Roles.ADMIN;
        String subject = args.length > 1 ? args[1] : "demo-" + role;
        System.out.println(local().issue(subject, role));
    }
}
