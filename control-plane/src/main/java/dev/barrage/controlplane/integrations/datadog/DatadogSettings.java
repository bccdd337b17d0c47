package dev.barrage.controlplane.integrations.datadog;

import dev.barrage.controlplane.integrations.SecretDestination;
import java.util.List;

/**
 * A project's Datadog settings besides the API key (the secret).
 *
 * @param site the Datadog site the account lives on, e.g. datadoghq.com or datadoghq.eu
 * @param apiUrl where the API is reached: https://api.SITE unless set otherwise (a proxy, or a stand-in in tests)
 */
public record DatadogSettings(String site, String apiUrl) implements SecretDestination {
    public static final String DEFAULT_SITE = "datadoghq.com";
    /** https://docs.datadoghq.com/getting_started/site/ */
    public static final List<String> SITES = List.of("datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com",
            "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "ddog-gov.com");

    /** Where Datadog's API may be reached: api.SITE for each site. */
    public static List<String> apiHosts() {
        return SITES.stream().map(site -> "api." + site).toList();
    }

    @Override
    public String destination() {
        return baseUrl();
    }

    @Override
    public String destinationFields() {
        return "site or apiUrl";
    }

    public String baseUrl() {
        String url = apiUrl != null ? apiUrl : "https://api." + site;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
