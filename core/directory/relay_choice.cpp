#include "directory/relay_choice.h"

#include "smp/server_address.h"

#include <algorithm>

namespace ferry::core::directory {

bool sameOperator(const std::string& a, const std::string& b) {
    auto left = smp::parseServerAddress(a);
    auto right = smp::parseServerAddress(b);
    if (!left || !right)
        return a == b;
    if (left->keyHash == right->keyHash)
        return true;
    for (const auto& host : left->hosts)
        for (const auto& other : right->hosts)
            if (host.uriText() == other.uriText())
                return true;
    return false;
}

std::optional<std::string> chooseQueueRelay(const std::vector<RelayCandidate>& candidates,
                                            const std::vector<std::string>& avoid,
                                            std::mt19937& random) {
    std::vector<const RelayCandidate*> usable;
    for (const auto& candidate : candidates) {
        if (!candidate.measuredRttMs || !candidate.relay.policy.acceptsNewQueues)
            continue;
        const bool avoided = std::any_of(avoid.begin(), avoid.end(), [&](const std::string& a) {
            return sameOperator(a, candidate.relay.address);
        });
        if (!avoided)
            usable.push_back(&candidate);
    }
    if (usable.empty())
        return std::nullopt;
    std::uint32_t fastest = *usable.front()->measuredRttMs;
    for (const auto* candidate : usable)
        fastest = std::min(fastest, *candidate->measuredRttMs);
    const double bandLimit = fastest * 1.5 + 20;
    std::vector<const RelayCandidate*> band;
    std::vector<double> weights;
    for (const auto* candidate : usable) {
        if (*candidate->measuredRttMs <= bandLimit) {
            band.push_back(candidate);
            // A relay with no score yet still gets a small chance.
            weights.push_back(std::max(candidate->relay.score, 0.01));
        }
    }
    std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
    return band[pick(random)]->relay.address;
}

NodeHelpers nodeHelpersFrom(const std::vector<ListedRelay>& listing, const std::string& self,
                            std::size_t count) {
    std::vector<const ListedRelay*> sorted;
    for (const auto& relay : listing)
        if (relay.state != "down" && !sameOperator(relay.address, self))
            sorted.push_back(&relay);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return a->score > b->score; });
    NodeHelpers helpers;
    for (const auto* relay : sorted) {
        if (relay->policy.checks && helpers.checkers.size() < count)
            helpers.checkers.push_back(relay->address);
        if (relay->policy.tunnel && helpers.tunnelRelays.size() < count)
            helpers.tunnelRelays.push_back(relay->address);
    }
    return helpers;
}

} // namespace ferry::core::directory
