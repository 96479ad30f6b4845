#include "relay/server/smp_connection.h"

#include "crypto/signed_session_key.h"
#include "smp/block.h"
#include "smp/handshake.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace ferry::relay {

namespace asio = boost::asio;
namespace smp = core::smp;
using core::Bytes;

namespace {
constexpr std::size_t kMaxTransmissionsPerBlock = 255; // the block's count is one byte
} // namespace

SmpConnection::SmpConnection(AcceptedConnection connection, ConnectionEnvironment env)
    : m_env(env), m_strand(std::move(connection.strand)), m_tls(std::move(connection.tls)),
      m_counted(std::move(connection.counted)), m_handshakeDeadline(connection.handshakeDeadline),
      m_handshakeTimer(m_strand), m_writeStall(m_strand), m_idleTimer(m_strand),
      m_offered(
          connection.alpn.empty()
              ? smp::VersionRange{smp::versions::kLegacy, smp::versions::kLegacy}
              : smp::VersionRange{smp::versions::kMinSupported, smp::versions::kMaxSupported}),
      m_sessionId(std::move(connection.tlsUnique)) {}

SmpConnection::~SmpConnection() = default;

void SmpConnection::start() {
    asio::dispatch(m_strand, [self = shared_from_this()] {
        // The deadline counts from the TCP accept: TLS and SMP handshakes share it.
        self->m_handshakeTimer.expires_at(self->m_handshakeDeadline);
        self->m_handshakeTimer.async_wait([weak = std::weak_ptr(self)](auto ec) {
            if (auto me = weak.lock(); me && !ec && !me->m_session) {
                RelayCounters::bump(me->m_env.session.counters.handshakeFailures);
                me->close();
            }
        });
        self->sendServerHello();
    });
}

void SmpConnection::sendServerHello() {
    smp::ServerHello hello{m_offered, m_sessionId, std::nullopt};
    if (m_offered.max >= smp::versions::kAuthCommands) {
        m_sessionKey = core::crypto::X25519KeyPair::generate();
        auto signedKey =
            core::crypto::makeSignedSessionKey(m_env.identity.onlineKey, m_sessionKey->publicKey());
        if (!signedKey) {
            close();
            return;
        }
        hello.authKey = smp::CertChainPubKey{m_env.identity.chainDer(), *signedKey};
    }
    auto block = smp::serverHelloBlock(hello);
    if (!block) {
        close();
        return;
    }
    m_writeBlock = std::move(block).value();
    writeNext();
    m_tls->asyncRead(smp::kBlockSize, [self = shared_from_this()](auto ec, Bytes block) {
        self->onClientHello(ec, block);
    });
}

void SmpConnection::onClientHello(const boost::system::error_code& ec, const Bytes& block) {
    if (ec || m_closed) {
        RelayCounters::bump(m_env.session.counters.handshakeFailures);
        close();
        return;
    }
    RelayCounters::bump(m_env.session.counters.bytesIn, block.size());
    // Handshake blocks are charged but never held back: a busy relay must not push a new
    // client past handshake_timeout; the budget they used delays the next blocks instead.
    (void)m_env.bandwidth.take(BandwidthLimiter::Direction::In, block.size());
    auto hello = smp::decodeClientHelloBlock(block);
    // A wrong identity is the IDENTITY handshake error and a version outside the offer the
    // VERSION error; like the reference server, the relay answers both by closing.
    // A service certificate (v16) could only come with a TLS client certificate, which the
    // relay never asks for: the reference refuses such a hello too (BAD_AUTH).
    if (!hello || hello->keyHash != m_env.identity.fingerprint ||
        !m_offered.contains(hello->version) || hello->offersService) {
        RelayCounters::bump(m_env.session.counters.handshakeFailures);
        close();
        return;
    }
    m_handshakeTimer.cancel();
    auto sessionKey =
        m_sessionKey ? std::move(*m_sessionKey) : core::crypto::X25519KeyPair::generate();
    if (smp::encryptsBlocks(*hello)) {
        // From here on every block is encrypted with the chains from this DH (the hellos
        // were not).
        auto cipher = smp::BlockCipher::agree(smp::BlockCipher::Side::Server, m_sessionId,
                                              sessionKey, hello->authKey->raw);
        if (!cipher) {
            RelayCounters::bump(m_env.session.counters.handshakeFailures);
            close();
            return;
        }
        m_cipher = std::move(cipher).value();
    }
    std::weak_ptr<SmpConnection> weak = shared_from_this();
    SessionPoster poster = [weak](std::function<void()> task) {
        if (auto self = weak.lock())
            self->post(std::move(task));
    };
    m_session = std::make_unique<SmpSession>(m_env.session, *this, std::move(poster),
                                             std::weak_ptr<Subscriber>(weak), hello->version,
                                             m_sessionId, std::move(sessionKey), hello->authKey);
    m_lastHeard = std::chrono::steady_clock::now();
    watchIdle();
    readBlock();
}

void SmpConnection::readBlock() {
    if (m_closed)
        return;
    m_tls->asyncRead(smp::kBlockSize, [self = shared_from_this()](auto ec, Bytes block) {
        self->onBlock(ec, block);
    });
}

void SmpConnection::onBlock(const boost::system::error_code& ec, const Bytes& block) {
    if (ec || m_closed) {
        close();
        return;
    }
    RelayCounters::bump(m_env.session.counters.bytesIn, block.size());
    m_lastHeard = std::chrono::steady_clock::now();
    // Charged on arrival (an idle connection waiting for a block takes no budget); over the
    // limit the next read waits, and TCP flow control slows the client down.
    m_readWait = m_env.bandwidth.take(BandwidthLimiter::Direction::In, block.size());
    if (m_cipher) {
        // A block that does not decrypt ends the connection, as in the reference: the
        // chains cannot be brought back in step.
        auto plain = m_cipher->open(block);
        if (!plain) {
            close();
            return;
        }
        m_input = m_session->openBlock(*plain);
    } else {
        m_input = m_session->openBlock(block);
    }
    m_inputNext = 0;
    handleInput();
}

void SmpConnection::handleInput() {
    // Answers of one block leave together, packed into as few blocks as fit (the reference
    // server's send thread batches a block's answers the same way).
    if (m_newQueueHeld)
        return; // the held NEW goes first; its timer comes back here
    m_handlingInput = true;
    auto paced = BandwidthLimiter::Clock::duration::zero();
    while (m_inputNext < m_input.size() && !m_closed && hasRoom()) {
        paced = m_session->handleTransmission(m_input[m_inputNext]);
        if (paced > paced.zero())
            break;
        ++m_inputNext;
    }
    m_handlingInput = false;
    flushReady();
    if (m_closed)
        return;
    if (paced > paced.zero()) {
        // A NEW over new_queues_per_minute: it and what follows wait, nothing more is read.
        m_readPaused = true;
        holdNewQueue(paced);
        return;
    }
    if (m_inputNext < m_input.size()) {
        // Output full: the rest of the block waits, and nothing more is read, until writes
        // make room (onWritten). A client that never reads stalls here, then is dropped.
        m_readPaused = true;
        return;
    }
    m_readPaused = false;
    m_input = {};
    if (auto wait = std::exchange(m_readWait, {}); wait > wait.zero()) {
        holdBack(m_readHold, wait, &SmpConnection::readBlock);
        return;
    }
    // Through the strand, not directly: blocks already buffered by TLS complete at once, and
    // a client sending many must not deepen the stack.
    asio::post(m_strand, [self = shared_from_this()] { self->readBlock(); });
}

std::size_t SmpConnection::reserve(std::size_t maxBytes) {
    m_pending.push_back({std::nullopt, maxBytes});
    m_pendingBytes += maxBytes;
    return m_firstSlot + m_pending.size() - 1;
}

void SmpConnection::fill(std::size_t slot, Bytes transmission) {
    if (slot < m_firstSlot || slot - m_firstSlot >= m_pending.size())
        return;
    Pending& p = m_pending[slot - m_firstSlot];
    if (p.transmission)
        return;
    m_pendingBytes = m_pendingBytes - p.reserved + heldSize(transmission);
    p.reserved = heldSize(transmission);
    p.transmission = std::move(transmission);
    flushReady();
}

void SmpConnection::flushReady() {
    while (!m_pending.empty() && m_pending.front().transmission) {
        Pending& p = m_pending.front();
        m_pendingBytes -= p.reserved;
        m_outboxBytes += heldSize(*p.transmission);
        m_outbox.push_back(std::move(*p.transmission));
        m_pending.pop_front();
        ++m_firstSlot;
    }
    RelayCounters::raise(m_env.session.counters.connectionOutputPeak, outputBytes());
    if (!m_handlingInput)
        writeNext();
}

Bytes SmpConnection::takeBlock() {
    std::vector<Bytes> batch;
    std::size_t size = 0;
    while (!m_outbox.empty() && batch.size() < kMaxTransmissionsPerBlock) {
        const std::size_t item = m_outbox.front().size() + 2; // Large length prefix
        if (!batch.empty() &&
            size + item > (m_cipher ? smp::kEncryptedBlockPayload : smp::kBlockPayload))
            break;
        size += item;
        m_outboxBytes -= heldSize(m_outbox.front());
        batch.push_back(std::move(m_outbox.front()));
        m_outbox.pop_front();
    }
    // The session's transmissions each fit a block (bodies are limited below its room), so
    // encoding fails only on a bug; the connection is closed rather than send a bad block.
    auto block = smp::encodeBlock(batch);
    if (block && m_cipher)
        block = m_cipher->seal(*block); // sealed in the order written
    return block ? std::move(block).value() : Bytes{};
}

void SmpConnection::writeNext() {
    if (m_writing || m_closed)
        return;
    if (m_writeBlock.empty()) {
        if (m_outbox.empty())
            return;
        m_writeBlock = takeBlock();
        if (m_writeBlock.empty()) {
            close();
            return;
        }
        RelayCounters::raise(m_env.session.counters.connectionOutputPeak, outputBytes());
    }
    m_writing = true;
    const auto wait = m_env.bandwidth.take(BandwidthLimiter::Direction::Out, m_writeBlock.size());
    // The server hello (before the session exists) is charged but not held back, as the
    // client hello is.
    if (wait > wait.zero() && m_session) {
        holdBack(m_writeHold, wait, &SmpConnection::startWrite);
        return;
    }
    startWrite();
}

void SmpConnection::startWrite() {
    // Only the socket's own time counts: a write held back by the bandwidth limit is the
    // relay's choice, not the client's stall.
    m_writeStall.expires_after(m_env.session.config.writeStallTimeout);
    // The generation tells a timer that expired as the write completed from a stalled one.
    m_writeStall.async_wait(
        [weak = weak_from_this(), write = ++m_writes](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self || self->m_closed || !self->m_writing || self->m_writes != write)
                return;
            RelayCounters::bump(self->m_env.session.counters.stalledWritersDropped);
            self->close();
        });
    m_tls->asyncWrite(m_writeBlock, [self = shared_from_this()](auto ec) { self->onWritten(ec); });
}

void SmpConnection::onWritten(const boost::system::error_code& ec) {
    m_writing = false;
    m_writeStall.cancel();
    if (ec || m_closed) {
        close();
        return;
    }
    RelayCounters::bump(m_env.session.counters.bytesOut, m_writeBlock.size());
    m_writeBlock = {}; // an idle connection keeps no block buffer
    // Room again below half the mark: pushes that waited go first (they are older than
    // anything still unread), then the rest of the paused block.
    if (m_session && outputBytes() < kOutputHighWater / 2) {
        m_session->resumeDeliveries();
        if (m_readPaused) {
            // Posted for the same reason as reads: writes that complete at once.
            asio::post(m_strand, [self = shared_from_this()] {
                if (!self->m_closed && self->m_readPaused)
                    self->handleInput();
            });
        }
    }
    asio::post(m_strand, [self = shared_from_this()] { self->writeNext(); });
}

void SmpConnection::holdBack(std::unique_ptr<asio::steady_timer>& timer,
                             BandwidthLimiter::Clock::duration wait,
                             void (SmpConnection::*then)()) {
    if (!timer)
        timer = std::make_unique<asio::steady_timer>(m_strand);
    timer->expires_after(wait);
    const auto started = std::chrono::steady_clock::now();
    // Cancelled also by bandwidthChanged(): then it goes on early, and that is intended.
    timer->async_wait([self = shared_from_this(), started, then](const boost::system::error_code&) {
        const auto held = std::chrono::steady_clock::now() - started;
        RelayCounters& counters = self->m_env.session.counters;
        RelayCounters::bump(counters.throttledWaits);
        RelayCounters::bump(
            counters.throttledMicroseconds,
            static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(held).count()));
        if (!self->m_closed)
            (self.get()->*then)();
    });
}

void SmpConnection::bandwidthChanged() {
    asio::post(m_strand, [self = shared_from_this()] {
        if (self->m_readHold)
            self->m_readHold->cancel();
        if (self->m_writeHold)
            self->m_writeHold->cancel();
    });
}

void SmpConnection::subscriptionEnded(const Bytes& recipientId, bool deleted) {
    post([this, recipientId, deleted] {
        if (m_session)
            m_session->subscriptionEnded(recipientId, deleted);
    });
}

void SmpConnection::messageArrived(const Bytes& recipientId) {
    post([this, recipientId] {
        if (m_session)
            m_session->messageArrived(recipientId);
    });
}

void SmpConnection::post(std::function<void()> task) {
    asio::post(m_strand, [self = shared_from_this(), task = std::move(task)] {
        if (!self->m_closed)
            task();
    });
}

void SmpConnection::stop() {
    asio::post(m_strand, [self = shared_from_this()] { self->close(); });
}

void SmpConnection::holdNewQueue(BandwidthLimiter::Clock::duration wait) {
    if (!m_newQueueHold)
        m_newQueueHold = std::make_unique<asio::steady_timer>(m_strand);
    m_newQueueHeld = true;
    m_newQueueHold->expires_after(wait);
    m_newQueueHold->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        self->m_newQueueHeld = false;
        if (!ec && !self->m_closed)
            self->handleInput();
    });
}

void SmpConnection::watchIdle() {
    const auto timeout = m_env.session.config.idleTimeout;
    const auto now = std::chrono::steady_clock::now();
    // A subscriber waits for messages, however long that takes (the reference server spares
    // it too); anyone else has sent something within the timeout or goes.
    if (m_session->hasSubscriptions()) {
        m_idleTimer.expires_at(now + timeout);
    } else if (now - m_lastHeard >= timeout) {
        close();
        return;
    } else {
        m_idleTimer.expires_at(m_lastHeard + timeout);
    }
    m_idleTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        if (auto self = weak.lock(); self && !ec && !self->m_closed)
            self->watchIdle();
    });
}

void SmpConnection::close() {
    if (m_closed)
        return;
    m_closed = true;
    if (m_session)
        m_session->close();
    m_handshakeTimer.cancel();
    m_writeStall.cancel();
    m_idleTimer.cancel();
    if (m_readHold)
        m_readHold->cancel();
    if (m_writeHold)
        m_writeHold->cancel();
    if (m_newQueueHold)
        m_newQueueHold->cancel();
    if (m_tls)
        m_tls->close();
}

} // namespace ferry::relay
