package io.leadflow.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SecretsCheckTest {

    @Test
    void devProfilesNeedNothing() {
        assertThat(SecretsCheck.devProfile("local")).isTrue();
        assertThat(SecretsCheck.devProfile("test")).isTrue();
        assertThat(SecretsCheck.devProfile("prod")).isFalse();
    }

    @Test
    void recognisesTheShippedDevKeyWhereverItIsConfigured() {
        assertThat(SecretsCheck.isDevKey(null, "leadflow/dev-jwt/public.pem")).isTrue();
        assertThat(SecretsCheck.isDevKey(null, "/etc/leadflow/jwt/public.pem")).isFalse();
        assertThat(SecretsCheck.isDevKey("-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----", null))
                .isFalse();
    }

    @Test
    void devTokensAreThreeBase64UrlPartsWithTheRoles() {
        String token = DevTokens.local().issue("demo-admin", Roles.ADMIN);
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims).contains("\"groups\":[\"admin\"]").contains("\"iss\":\"https://leadflow.io\"");
    }

    @Test
    void demoTokensVerifyWithTheShippedDevPublicKeyTheLocalProfileTrusts() throws Exception {
        String[] parts = DevTokens.local().issue("demo-ops", Roles.OPS).split("\\.");
        String pem;
        try (var in = getClass().getClassLoader().getResourceAsStream(DevTokens.DEV_PUBLIC_KEY)) {
            pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        var key = java.security.KeyFactory.getInstance("RSA").generatePublic(new java.security.spec
                .X509EncodedKeySpec(java.util.Base64.getDecoder().decode(pem
                        .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", ""))));
        var rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(rsa.verify(java.util.Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void prodWithoutKeyNorSecretsIsRefusedNamingEachVariable() {
        org.eclipse.microprofile.config.Config empty = new EmptyConfig();
        assertThatThrownBy(() -> SecretsCheck.verify(empty, "prod",
                List.of(new SecretsCheck.Secret("leadflow.tracking.secret", "LEADFLOW_TRACKING_SECRET"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MP_JWT_VERIFY_PUBLICKEY")
                .hasMessageContaining("LEADFLOW_TRACKING_SECRET");
        SecretsCheck.verify(empty, "local", List.of(new SecretsCheck.Secret("x", "X")));
    }

    /** A configuration with nothing in it. */
    static final class EmptyConfig implements org.eclipse.microprofile.config.Config {
        @Override
        public <T> T getValue(String name, Class<T> type) {
            throw new java.util.NoSuchElementException(name);
        }

        @Override
        public org.eclipse.microprofile.config.ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> java.util.Optional<T> getOptionalValue(String name, Class<T> type) {
            return java.util.Optional.empty();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return List.of();
        }

        @Override
        public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> java.util.Optional<org.eclipse.microprofile.config.spi.Converter<T>> getConverter(Class<T> t) {
            return java.util.Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }
}
