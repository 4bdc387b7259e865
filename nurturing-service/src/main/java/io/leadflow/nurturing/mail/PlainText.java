package io.leadflow.nurturing.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-text part of an email, from its HTML: mail clients that show no HTML (and spam filters, which distrust an
 * email without one) get the same words, each link written out after its text.
 */
public final class PlainText {

    private static final Pattern LINK = Pattern.compile("<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private PlainText() {
    }

    public static String fromHtml(String html) {
        String text = html.replaceAll("(?is)<head.*?</head>", "").replaceAll("(?is)<img[^>]*>", "");
        Matcher links = LINK.matcher(text);
        StringBuilder withUrls = new StringBuilder();
        while (links.find()) {
            links.appendReplacement(withUrls, Matcher.quoteReplacement(links.group(2).strip() + ": " + links.group(1)));
        }
        links.appendTail(withUrls);
        text = withUrls.toString()
                .replaceAll("(?i)<hr[^>]*>", "\n---\n")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</p>|</h[1-6]>|</div>|</li>", "\n\n")
                .replaceAll("(?s)<[^>]+>", "")
                .replaceAll("(?i)<!DOCTYPE[^>]*>", "");
        text = EmailComposer.unescapeHtml(text);
        return text.replaceAll("[ \\t]+", " ").replaceAll(" ?\\n ?", "\n").replaceAll("\\n{3,}", "\n\n").strip()
                + "\n";
    }
}
