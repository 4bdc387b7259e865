package io.leadflow.support.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TrackingTokensTest {

    final TrackingTokens tokens = new TrackingTokens("a-test-secret-of-some-length");
    final Instant now = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aSignedTokenReadsBack() {
        TrackingTokens.Claims claims = new TrackingTokens.Claims(UUID.randomUUID(), "click",
                "https://leadflow.io/pricing?x=1", "touch-1", now.plusSeconds(3600));

        assertThat(tokens.verify(tokens.sign(claims), now)).contains(claims);
    }

    @Test
    void aTamperedForeignOrExpiredTokenIsRejected() {
        TrackingTokens.Claims claims = new TrackingTokens.Claims(UUID.randomUUID(), "open", null, "t",
                now.plusSeconds(60));
        String token = tokens.sign(claims);

        assertThat(tokens.verify(token.substring(0, token.length() - 2) + "xx", now)).isEmpty();
        assertThat(new TrackingTokens("another-secret-of-some-length").verify(token, now)).isEmpty();
        assertThat(tokens.verify(token, now.plusSeconds(61))).isEmpty();
        assertThat(tokens.verify("garbage", now)).isEmpty();
        assertThat(tokens.verify("a.b", now)).isEmpty();
        assertThat(tokens.verify(null, now)).isEmpty();
    }

    @Test
    void onlyWebLinksAreTracked() {
        assertThatThrownBy(() -> tokens.sign(new TrackingTokens.Claims(UUID.randomUUID(), "click",
                "javascript:alert(1)", null, null))).isInstanceOf(IllegalArgumentException.class);
    }
}
