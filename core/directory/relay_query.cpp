#include "directory/relay_query.h"

#include "directory/directory_errc.h"
#include "directory/directory_wire.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>

namespace ferry::core::directory {

namespace {

Error bad(const std::string& why) {
    return makeError(DirectoryErrc::BadRequest, why);
}

std::string encoded(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

bool validRegion(std::string_view region) {
    return !region.empty() && region.size() <= kMaxRegionLength &&
           region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") ==
               std::string_view::npos;
}

} // namespace

std::string formatRelayQueryTarget(const RelayQuery& query) {
    std::string target = "/v1/relays?count=" + std::to_string(query.count);
    if (!query.region.empty())
        target += "&region=" + encoded(query.region);
    if (!query.excludeFingerprints.empty()) {
        target += "&exclude=";
        for (std::size_t i = 0; i < query.excludeFingerprints.size(); ++i)
            target += (i ? "," : "") + encoded(query.excludeFingerprints[i]);
    }
    return target;
}

Result<RelayQuery> parseRelayQuery(std::string_view encodedQuery) {
    // Boost 1.81's parse_query measures its argument with strlen (boostorg/url#757): it gets
    // a NUL-terminated copy, so a view into a longer text is read to its end and no further.
    const std::string terminated(encodedQuery);
    auto params = boost::urls::parse_query(terminated);
    if (!params)
        return bad("the query string is malformed");
    RelayQuery query;
    for (const auto& param : *params) {
        if (!param.has_value)
            return bad("parameter '" + std::string(param.key) + "' has no value");
        const std::string value = param.value.decode();
        const std::string key = param.key.decode();
        if (key == "count") {
            unsigned n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc{} || end != value.data() + value.size() || n == 0 ||
                n > kMaxRelayCount)
                return bad("count must be a number 1-" + std::to_string(kMaxRelayCount));
            query.count = n;
        } else if (key == "region") {
            if (!validRegion(value))
                return bad("region must be 1-32 of a-z, 0-9 and -");
            query.region = value;
        } else if (key == "exclude") {
            std::size_t at = 0;
            while (at <= value.size()) {
                const std::size_t comma = std::min(value.find(',', at), value.size());
                if (comma > at) {
                    if (query.excludeFingerprints.size() >= kMaxExcludedRelays)
                        return bad("exclude lists at most " + std::to_string(kMaxExcludedRelays) +
                                   " relays");
                    if (comma - at > 64)
                        return bad("exclude holds fingerprints (base64url)");
                    query.excludeFingerprints.push_back(value.substr(at, comma - at));
                }
                at = comma + 1;
            }
        } else {
            return bad("unknown parameter '" + key + "'");
        }
    }
    return query;
}

} // namespace ferry::core::directory
