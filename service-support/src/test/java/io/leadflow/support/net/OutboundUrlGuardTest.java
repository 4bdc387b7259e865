package io.leadflow.support.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.leadflow.support.net.OutboundUrlGuard.RefusedUrlException;

class OutboundUrlGuardTest {

    static final Map<String, String> DNS = Map.of(
            "api.provider.com", "93.184.216.34",
            "rebind.provider.com", "10.0.0.7",
            "internal.example.com", "192.168.1.20");

    static List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null) {
            return List.of(InetAddress.getByName(host)); // literals only: never the network in a unit test
        }
        return List.of(InetAddress.getByName(address));
    }

    final OutboundUrlGuard guard = new OutboundUrlGuard(
            List.of("api.provider.com", "rebind.provider.com", "*.example.com", "127.0.0.1", "169.254.169.254",
                    "10.1.2.3", "[::1]", "::ffff:127.0.0.1", "100.64.0.1", "0.0.0.0", "[fd00::1]", "fd00::1", "::1"),
            List.of("internal.example.com"), OutboundUrlGuardTest::resolve);

    @Test
    void allowsAPublicHostOnTheList() {
        assertThat(guard.check("https://api.provider.com/companies/acme.fr").getHost()).isEqualTo("api.provider.com");
    }

    @Test
    void refusesAHostNotOnTheList() {
        assertThatThrownBy(() -> guard.check("https://evil.com/")).isInstanceOf(RefusedUrlException.class)
                .hasMessageContaining("allow-list");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080/", "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/", "http://[::1]/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/", "https://rebind.provider.com/" })
    void refusesInternalAddressesEvenWhenListed(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(RefusedUrlException.class)
                .hasMessageContaining("internal address");
    }

    @Test
    void allowsAnInternalHostOnlyWhenExplicitlyAllowedToBePrivate() {
        assertThat(guard.check("http://internal.example.com/x").getHost()).isEqualTo("internal.example.com");
        assertThatThrownBy(() -> new OutboundUrlGuard(List.of("*.example.com"), List.of(),
                OutboundUrlGuardTest::resolve).check("http://internal.example.com/x"))
                .isInstanceOf(RefusedUrlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "file:///etc/passwd", "gopher://api.provider.com/", "ftp://api.provider.com/",
            "https://user:pass@api.provider.com/", "not a url", "https:///nohost" })
    void refusesOtherSchemesUserInfoAndNonsense(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(RefusedUrlException.class);
    }

    @Test
    void wildcardMatchesSubdomainsOnly() {
        OutboundUrlGuard wildcard = new OutboundUrlGuard(List.of("*.provider.com"), List.of(),
                OutboundUrlGuardTest::resolve);
        assertThat(wildcard.check("https://api.provider.com/").getHost()).isEqualTo("api.provider.com");
        assertThatThrownBy(() -> wildcard.check("https://provider.com.evil.net/"))
                .isInstanceOf(RefusedUrlException.class);
    }

    @Test
    void refusesMetadataNames() {
        OutboundUrlGuard any = new OutboundUrlGuard(List.of("metadata.google.internal"), List.of(),
                OutboundUrlGuardTest::resolve);
        assertThatThrownBy(() -> any.check("http://metadata.google.internal/computeMetadata/v1/"))
                .isInstanceOf(RefusedUrlException.class).hasMessageContaining("metadata");
    }
}
