package io.leadflow.support.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a service may call an outbound URL (an enrichment provider, a webhook target), against server-side
 * request forgery: only http(s), only hosts on the configured allow-list, and never an address that is private,
 * loopback, link-local (cloud metadata at 169.254.169.254 included), unspecified, multicast, carrier-grade NAT or IPv6
 * unique-local, unless that host is also explicitly listed as allowed to be private (a test's loopback provider, a
 * provider inside one's own network). Every address a name resolves to must pass.
 */
public final class OutboundUrlGuard {

    /** Resolves a host name to its addresses; replaced in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** Why a URL is refused. */
    public static class RefusedUrlException extends RuntimeException {
        public RefusedUrlException(String message) {
            super(message, null, false, false);
        }
    }

    /** The host's name did not resolve (now): worth trying again later, unlike a refusal. */
    public static final class UnresolvedHostException extends RefusedUrlException {
        public UnresolvedHostException(String message) {
            super(message);
        }
    }

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private final Set<String> allowedHosts;
    private final Set<String> privateAllowed;
    private final Resolver resolver;

    public OutboundUrlGuard(Collection<String> allowedHosts, Collection<String> privateAllowed, Resolver resolver) {
        this.allowedHosts = normalized(allowedHosts);
        this.privateAllowed = normalized(privateAllowed);
        this.resolver = resolver;
    }

    public OutboundUrlGuard(Collection<String> allowedHosts, Collection<String> privateAllowed) {
        this(allowedHosts, privateAllowed, host -> List.of(InetAddress.getAllByName(host)));
    }

    /** Returns the URL when it may be called; throws {@link RefusedUrlException} saying why not. Resolves the host. */
    public URI check(String url) {
        return check(url, true);
    }

    /**
     * The same checks without a DNS look-up (a blocking call, not for an event loop): scheme, allow-list, metadata
     * names and IP literals. Where a URL is saved; {@link #check} before every call resolves the name.
     */
    public URI checkWithoutResolving(String url) {
        return check(url, false);
    }

    private URI check(String url, boolean resolve) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RefusedUrlException("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException("only http and https may be called, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedUrlException("a URL with user information is refused");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        if (host.isEmpty()) {
            throw new RefusedUrlException("a URL without a host is refused");
        }
        if (!allowed(host)) {
            throw new RefusedUrlException("host '" + host + "' is not on the allow-list (leadflow.outbound.allowed-hosts)");
        }
        if (privateAllowed.contains(host)) {
            return uri;
        }
        if (METADATA_NAMES.contains(host)) {
            throw new RefusedUrlException("host '" + host + "' is a cloud metadata service");
        }
        if (!resolve && !ipLiteral(host)) {
            return uri;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UnresolvedHostException("host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new UnresolvedHostException("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new RefusedUrlException("host '" + host + "' resolves to an internal address ("
                        + address.getHostAddress() + "); list it in leadflow.outbound.allow-private-hosts to allow it");
            }
        }
        return uri;
    }

    /** An IPv4 or IPv6 address written out: resolving it needs no DNS. */
    static boolean ipLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private boolean allowed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.equals(host) || allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** Loopback, private, link-local, unspecified, multicast, CGNAT, IPv6 unique-local or an IPv4-mapped one of them. */
    public static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 // 0/8 and carrier-grade NAT 100.64/10
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
                return true;
            }
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> normalized(Collection<String> hosts) {
        return hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
