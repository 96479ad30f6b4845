#pragma once

#include "directory/directory_address.h"
#include "directory/directory_wire.h"
#include "directory/relay_query.h"
#include "util/result.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace ferry::core::directory {

/// One HTTP answer from a directory.
struct HttpAnswer {
    unsigned status = 0;
    std::string body;
    std::string contentType;
    std::string retryAfter; ///< the Retry-After header, if any
};

/// Talks to one directory over HTTPS, pinning its certificate chain to the fingerprint in
/// its address the way relays are pinned (no certificate authority is asked). Every request
/// is a fresh connection with one deadline for all of it; callbacks run on `io`'s threads.
/// Error answers come back as the DirectoryErrc the directory named (RateLimited, WeakProof,
/// ...); a directory that cannot be reached or answers nonsense is Network, one that is not
/// who its address says is Identity.
class DirectoryClient {
public:
    struct Options {
        std::chrono::milliseconds timeout{15'000};
        std::size_t maxBodyBytes = 16u << 20; ///< a 10,000-relay listing is about 4 MB
    };

    DirectoryClient(boost::asio::io_context& io, DirectoryAddress address);
    DirectoryClient(boost::asio::io_context& io, DirectoryAddress address, Options options);

    const DirectoryAddress& address() const { return m_address; }

    void challenge(std::function<void(Result<Challenge>)> done);
    /// POST /v1/relays; the directory answers after it has reached the relay (201).
    void submitRegistration(const SignedPayload& registration,
                            std::function<void(Result<ListedRelay>)> done);
    void submitHeartbeat(const std::string& fingerprint, const SignedPayload& heartbeat,
                         std::function<void(Result<ListedRelay>)> done);
    void relays(const RelayQuery& query,
                std::function<void(Result<std::vector<ListedRelay>>)> done);
    void relay(const std::string& fingerprint, std::function<void(Result<ListedRelay>)> done);
    /// One page of the signed registrations the directory lists (federation), after the
    /// fingerprint `after` (empty: from the start).
    void registrations(const std::string& after, unsigned count,
                       std::function<void(Result<RegistrationPage>)> done);

    /// How long the directory asked to be left alone in its last refusal of a call above
    /// (its Retry-After, in seconds, at most a day); zero after an answer without one.
    std::chrono::seconds retryAfter() const { return std::chrono::seconds(m_retryAfter->load()); }

    /// Any request, answered with whatever status came back (the page, /metrics, tests).
    void request(bool post, std::string target, std::string body,
                 std::function<void(Result<HttpAnswer>)> done);

private:
    template <typename T>
    void call(bool post, std::string target, std::string body, unsigned expectedStatus,
              std::function<Result<T>(const std::string&)> decode,
              std::function<void(Result<T>)> done);

    boost::asio::io_context& m_io;
    DirectoryAddress m_address;
    Options m_options;
    std::shared_ptr<boost::asio::ssl::context> m_tls;
    /// Shared with answers that may arrive after this object is gone.
    std::shared_ptr<std::atomic<std::int64_t>> m_retryAfter =
        std::make_shared<std::atomic<std::int64_t>>(0);
};

} // namespace ferry::core::directory
