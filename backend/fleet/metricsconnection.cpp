#include "backend/fleet/metricsconnection.h"

#include "backend/metrics/prometheusclient.h"
#include "backend/metrics/prometheussource.h"
#include "backend/metrics/querycatalog.h"
#include "backend/metrics/scraper.h"
#include "backend/metrics/scrapesource.h"

#include <fstream>
#include <string>
#include <sstream>

namespace gantry::fleet {

namespace {

// "https://host:port" of a URL, lower-cased, with the scheme's default port made explicit.
std::string origin(const std::string &url)
{
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string::npos)
        return {};
    std::string scheme = url.substr(0, schemeEnd);
    std::string rest = url.substr(schemeEnd + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string::npos)
        rest = rest.substr(at + 1);
    for (char &c : scheme)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char &c : rest)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool hasPort = rest.rfind(':') != std::string::npos && rest.back() != ']';
    if (!hasPort)
        rest += scheme == "https" ? ":443" : ":80";
    return scheme + "://" + rest;
}

std::string clusterToken(const kube::ResolvedConnection &cluster)
{
    if (const auto *token = std::get_if<kube::TokenAuth>(&cluster.auth))
        return token->token;
    if (const auto *file = std::get_if<kube::TokenFileAuth>(&cluster.auth)) {
        std::ifstream in(file->path);
        std::ostringstream text;
        text << in.rdbuf();
        std::string token = text.str();
        while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
            token.pop_back();
        return token;
    }
    return {};
}

ReadingsProvider providerFor(const std::shared_ptr<metrics::MetricsSource> &source)
{
    return [source](SystemTime now) {
        auto result = source->readings(now);
        if (result)
            return std::move(result).value();
        metrics::Readings failed;
        failed.at = now;
        failed.source = source->describe();
        failed.errors.push_back(result.error().message);
        return failed;
    };
}

} // namespace

MetricsConnection connectMetrics(const MetricsSettings &settings, const kube::ResolvedConnection &cluster)
{
    MetricsConnection connection;
    if (!settings.prometheusUrl.empty()) {
        auto catalog = metrics::QueryCatalog::load(settings.queriesFile);
        if (!catalog) {
            connection.error = catalog.error().message;
            return connection;
        }
        if (origin(settings.prometheusUrl).empty()) {
            connection.error = "--prometheus wants an http:// or https:// URL, not \"" + settings.prometheusUrl + "\"";
            return connection;
        }
        metrics::PrometheusOptions options;
        options.url = settings.prometheusUrl;
        auto client = std::make_shared<metrics::PrometheusClient>(options);
        connection.source = std::make_shared<metrics::PrometheusSource>(client, std::move(catalog).value());
        connection.interval = std::chrono::seconds(15);
    } else if (!settings.scrapeUrl.empty()) {
        const std::string target = origin(settings.scrapeUrl);
        if (target.empty()) {
            connection.error = "--metrics-url wants an http:// or https:// URL, not \"" + settings.scrapeUrl + "\"";
            return connection;
        }
        metrics::ScrapeTarget scrape;
        scrape.url = settings.scrapeUrl;
        if (target == origin(cluster.server)) {
            scrape.caPem = cluster.caPem;
            scrape.insecureSkipTlsVerify = cluster.insecureSkipTlsVerify;
            scrape.bearerToken = clusterToken(cluster);
        }
        if (settings.scrapeHistory < MetricsSettings::shortestScrapeHistory
            || settings.scrapeHistory > MetricsSettings::longestScrapeHistory) {
            connection.error = "--metrics-history wants 30s to 24h, not " + std::to_string(settings.scrapeHistory.count()) + " s";
            return connection;
        }
        // Rates and quantiles need a few samples inside their window; scrape often.
        connection.interval = std::chrono::seconds(5);
        // Series are dropped once they end and age out; each live series keeps
        // the points of the history too (16 bytes each: 23 KB per series for 2 h).
        metrics::ScraperOptions options;
        options.limits.retention = settings.scrapeHistory;
        options.limits.maxPointsPerSeries = static_cast<std::size_t>(
            settings.scrapeHistory / std::chrono::duration_cast<std::chrono::seconds>(connection.interval) + 1);
        auto scraper = std::make_shared<metrics::Scraper>(std::vector<metrics::ScrapeTarget>{scrape}, options);
        connection.source = std::make_shared<metrics::ScrapeSource>(scraper);
    } else {
        return connection;
    }
    connection.provider = providerFor(connection.source);
    return connection;
}

} // namespace gantry::fleet
