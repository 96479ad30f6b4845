#include "directory/relay_registrar.h"

#include "directory/directory_client.h"
#include "directory/directory_errc.h"
#include "directory/proof_of_work.h"
#include "smp/server_address.h"
#include "util/base64.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>

namespace ferry::core::directory {

namespace asio = boost::asio;

const char* directoryPhaseName(DirectoryStanding::Phase phase) {
    switch (phase) {
    case DirectoryStanding::Phase::Registering:
        return "registering";
    case DirectoryStanding::Phase::Registered:
        return "registered";
    case DirectoryStanding::Phase::Failed:
        return "failed";
    }
    return "failed";
}

/// What every link shares: the settings, the proof-of-work thread, the stop flag.
struct RegistrarShared {
    RegistrarShared(asio::io_context& io, RegistrarSettings settings, const Clock& clock,
                    std::function<void(const DirectoryStanding&)> onChange)
        : io(io), settings(std::move(settings)), clock(clock), onChange(std::move(onChange)) {}

    asio::io_context& io;
    RegistrarSettings settings; ///< relayAddress changes under `mutex`; the rest is fixed
    const Clock& clock;
    std::function<void(const DirectoryStanding&)> onChange;
    /// Proof of work takes milliseconds to seconds: never on the network threads.
    asio::thread_pool work{1};
    std::mutex mutex; ///< stopped, and the standings of the links
    bool stopped = false;
    std::string fingerprint; ///< the relay's, as heartbeats name it
};

/// One directory: its own strand, timer and standing.
class RelayRegistrar::Link : public std::enable_shared_from_this<Link> {
public:
    Link(std::shared_ptr<RegistrarShared> shared, DirectoryAddress address)
        : m_shared(std::move(shared)), m_strand(asio::make_strand(m_shared->io)), m_timer(m_strand),
          m_client(m_shared->io, address) {
        m_standing.directory = formatDirectoryAddress(address);
    }

    void start() {
        asio::post(m_strand, [self = shared_from_this()] { self->registerNow(); });
    }
    void stop() {
        asio::post(m_strand, [self = shared_from_this()] { self->m_timer.cancel(); });
    }
    /// Registers again now (the address changed), instead of heartbeating later.
    void reregister() {
        asio::post(m_strand, [self = shared_from_this()] {
            if (self->stopped())
                return;
            ++self->m_attempt;
            self->m_registered = false;
            self->m_failures = 0;
            self->m_timer.cancel(); // its handler sees operation_aborted and does nothing
            self->registerNow();
        });
    }
    DirectoryStanding standing() const {
        std::lock_guard lock(m_shared->mutex);
        return m_standing;
    }

private:
    bool stopped() const {
        std::lock_guard lock(m_shared->mutex);
        return m_shared->stopped;
    }

    /// Continues on the link's strand, unless the registrar stopped meanwhile or a newer
    /// attempt started (reregister): an old attempt's late answer must not overwrite it.
    template <typename F> auto onStrand(F f) {
        return [self = shared_from_this(), f = std::move(f),
                attempt = m_attempt](auto result) mutable {
            asio::post(self->m_strand,
                       [self, f = std::move(f), result = std::move(result), attempt]() mutable {
                           if (!self->stopped() && attempt == self->m_attempt)
                               f(std::move(result));
                       });
        };
    }

    void registerNow() {
        m_client.challenge(onStrand([this](Result<Challenge> challenge) {
            if (!challenge)
                return failed(challenge.error());
            if (challenge->difficulty > m_shared->settings.maxDifficulty)
                return failed(makeError(DirectoryErrc::WeakProof,
                                        "the directory asks for more proof of work (" +
                                            std::to_string(challenge->difficulty) +
                                            " bits) than this relay gives"));
            const auto& s = m_shared->settings;
            std::string address;
            {
                std::lock_guard lock(m_shared->mutex); // setRelayAddress writes it
                address = s.relayAddress;
            }
            Registration registration{address,  s.versions,           s.policy,
                                      s.region, challenge->challenge, m_shared->clock.nowSeconds()};
            auto signedPayload = signPayload(PayloadKind::Registration,
                                             encodeRegistration(registration), s.sign, s.chain);
            if (!signedPayload)
                return failed(signedPayload.error());
            solveThenSubmit(std::move(signedPayload).value(), challenge->challenge,
                            challenge->difficulty);
        }));
    }

    void solveThenSubmit(SignedPayload payload, std::string challenge, unsigned difficulty) {
        asio::post(m_shared->work, [self = shared_from_this(), payload = std::move(payload),
                                    challenge = std::move(challenge), difficulty,
                                    attempt = m_attempt]() mutable {
            if (self->stopped())
                return;
            payload.proof = solveProof(challenge, payload.payload, difficulty).value_or(0);
            asio::post(self->m_strand, [self, payload = std::move(payload), attempt] {
                if (self->stopped() || attempt != self->m_attempt)
                    return; // a newer attempt (another address) is under way
                self->m_client.submitRegistration(
                    payload, self->onStrand([self](Result<ListedRelay> answer) {
                        if (!answer)
                            return self->failed(answer.error());
                        self->accepted(*answer);
                    }));
            });
        });
    }

    void heartbeatNow() {
        m_client.challenge(onStrand([this](Result<Challenge> challenge) {
            if (!challenge)
                return failed(challenge.error());
            const auto& s = m_shared->settings;
            Heartbeat heartbeat{m_shared->fingerprint, challenge->challenge,
                                m_shared->clock.nowSeconds()};
            auto signedPayload =
                signPayload(PayloadKind::Heartbeat, encodeHeartbeat(heartbeat), s.sign);
            if (!signedPayload)
                return failed(signedPayload.error());
            m_client.submitHeartbeat(
                m_shared->fingerprint, *signedPayload, onStrand([this](Result<ListedRelay> answer) {
                    if (!answer && answer.error().code == DirectoryErrc::UnknownRelay) {
                        // Delisted, or the directory lost its data: start over.
                        m_registered = false;
                        return registerNow();
                    }
                    if (!answer)
                        return failed(answer.error());
                    accepted(*answer);
                }));
        }));
    }

    void accepted(const ListedRelay& answer) {
        m_registered = true;
        m_failures = 0;
        {
            std::lock_guard lock(m_shared->mutex);
            m_standing.phase = DirectoryStanding::Phase::Registered;
            m_standing.state = answer.state;
            m_standing.score = answer.score;
            m_standing.lastHeartbeat = m_shared->clock.nowSeconds();
            m_standing.error.clear();
        }
        report();
        const auto interval = answer.heartbeatSeconds
                                  ? std::chrono::seconds(*answer.heartbeatSeconds)
                                  : m_shared->settings.heartbeatInterval;
        schedule(interval);
    }

    void failed(const Error& error) {
        {
            std::lock_guard lock(m_shared->mutex);
            m_standing.phase = DirectoryStanding::Phase::Failed;
            m_standing.error = error.message;
        }
        report();
        const auto& s = m_shared->settings;
        auto delay = std::min(s.retryMin * (1u << std::min(m_failures++, 16u)), s.retryMax);
        // A directory that is rate limiting says when to come back; sooner would only be
        // refused again, and counts against the relay's address.
        if (error.code == DirectoryErrc::RateLimited)
            delay = std::max<std::chrono::seconds>(delay, m_client.retryAfter());
        schedule(delay);
    }

    void schedule(std::chrono::seconds delay) {
        m_timer.expires_after(delay);
        m_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped())
                return;
            if (self->m_registered)
                self->heartbeatNow();
            else
                self->registerNow();
        });
    }

    void report() {
        if (m_shared->onChange)
            m_shared->onChange(standing());
    }

    std::shared_ptr<RegistrarShared> m_shared;
    asio::strand<asio::io_context::executor_type> m_strand;
    asio::steady_timer m_timer;
    DirectoryClient m_client;
    DirectoryStanding m_standing;
    bool m_registered = false;
    unsigned m_failures = 0;
    unsigned m_attempt = 0; ///< raised by reregister; answers to older attempts are dropped
};

RelayRegistrar::RelayRegistrar(asio::io_context& io, RegistrarSettings settings, const Clock& clock,
                               std::function<void(const DirectoryStanding&)> onChange)
    : m_shared(
          std::make_shared<RegistrarShared>(io, std::move(settings), clock, std::move(onChange))) {
    if (auto address = smp::parseServerAddress(m_shared->settings.relayAddress))
        m_shared->fingerprint = base64UrlEncode(address->keyHash);
    for (const auto& directory : m_shared->settings.directories)
        m_links.push_back(std::make_shared<Link>(m_shared, directory));
}

RelayRegistrar::~RelayRegistrar() {
    stop();
}

void RelayRegistrar::start() {
    for (auto& link : m_links)
        link->start();
}

void RelayRegistrar::stop() {
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->stopped)
            return;
        m_shared->stopped = true;
    }
    for (auto& link : m_links)
        link->stop();
    m_shared->work.stop();
    m_shared->work.join();
}

void RelayRegistrar::setRelayAddress(std::string address) {
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->stopped || m_shared->settings.relayAddress == address)
            return;
        m_shared->settings.relayAddress = std::move(address);
    }
    for (auto& link : m_links)
        link->reregister();
}

std::vector<DirectoryStanding> RelayRegistrar::standings() const {
    std::vector<DirectoryStanding> all;
    for (const auto& link : m_links)
        all.push_back(link->standing());
    return all;
}

} // namespace ferry::core::directory
