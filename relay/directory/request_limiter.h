#pragma once

#include "net/address_policy.h"

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

namespace ferry::relay::directory {

/// Token buckets per source address (IPv4 /32, IPv6 /64) and per site (IPv4 /24, IPv6 /48):
/// a request costs a token from both, so one host cannot take more than its share and one
/// network cannot get around it with many addresses. Buckets refill evenly; a full bucket
/// is forgotten, so memory is bounded by the sources active within one refill period, and
/// by `kMaxSources` on top. Safe from any thread.
class RequestLimiter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kMaxSources = 100'000;

    /// `perPeriod` requests per `period` for an address; a site gets `siteFactor` times that.
    RequestLimiter(std::uint32_t perPeriod, Clock::duration period, std::uint32_t siteFactor = 4);

    /// Takes a token for `peer`, or says how long until one is there (nothing taken).
    std::optional<std::chrono::seconds> take(const boost::asio::ip::address& peer,
                                             Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point last;
    };
    /// Refills, then takes one if there: the wait otherwise (zero when taken).
    Clock::duration takeFrom(Bucket& bucket, double capacity, Clock::time_point now);
    void forgetFull(Clock::time_point now);

    double m_perSecond;
    double m_capacity;
    std::uint32_t m_siteFactor;
    std::mutex m_mutex;
    std::map<core::net::IpNetwork, Bucket> m_buckets;
};

} // namespace ferry::relay::directory
