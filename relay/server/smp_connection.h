#pragma once

#include "relay/relay_data.h"
#include "relay/server/bandwidth_limiter.h"
#include "relay/server/service_map.h"
#include "relay/server/smp_session.h"
#include "relay/server/tls_socket.h"
#include "smp/block.h"
#include "smp/block_cipher.h"

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace ferry::relay {

/// What a connection needs beyond what its session needs.
struct ConnectionEnvironment {
    SessionEnvironment session;
    const RelayIdentity& identity;
    BandwidthLimiter& bandwidth;
};

/// One client's SMP connection after its TLS handshake: the SMP handshake, then blocks in and
/// out for its SmpSession. Everything it does runs on its own strand of the relay's thread pool.
///
/// Output is bounded whatever the client does: answers wait as transmissions and are packed
/// into as few blocks as fit when the socket takes the next one; commands are handled only
/// while the output held is below kOutputHighWater; a block write that takes longer than
/// `write_stall_timeout_seconds` drops the client. A connection without subscriptions that sends
/// nothing for `idle_timeout_seconds` is closed, so idle sockets do not hold places.
class SmpConnection final : public Subscriber,
                            public SessionOutput,
                            public std::enable_shared_from_this<SmpConnection> {
public:
    /// Output held (transmissions waiting with their bookkeeping, answers reserved at their
    /// largest, the block being written) at which the connection stops handling commands: 16
    /// blocks. It reads on once the output is below half of it.
    static constexpr std::size_t kOutputHighWater = 16 * core::smp::kBlockSize;
    /// The most output a connection holds (docs/operations.md, "Memory per connection"): the
    /// high-water mark, plus what the last command handled below it adds (an answer or a
    /// pushed message of at most one block, and one small answer), plus the padding of the
    /// block being written (one block). 311,296 bytes.
    static constexpr std::size_t kOutputCeiling = kOutputHighWater + 3 * core::smp::kBlockSize;

    /// Takes `connection` over from the port; without an ALPN name it offers SMP v6 only.
    SmpConnection(AcceptedConnection connection, ConnectionEnvironment env);
    ~SmpConnection() override;

    /// Starts the SMP handshake; the connection keeps itself alive while it has work.
    void start();
    /// Closes the connection (relay stopping). Safe from any thread.
    void stop();
    /// The bandwidth limit changed: traffic held back goes on at once (the bytes stay
    /// charged, so the next ones wait at the new rate). Safe from any thread.
    void bandwidthChanged();

    // Subscriber: called from other connections' threads.
    void subscriptionEnded(const core::Bytes& recipientId, bool deleted) override;
    void messageArrived(const core::Bytes& recipientId) override;

    // SessionOutput: called on this connection's strand.
    std::size_t reserve(std::size_t maxBytes) override;
    void fill(std::size_t slot, core::Bytes transmission) override;
    bool hasRoom() const override { return outputBytes() < kOutputHighWater; }

private:
    void sendServerHello();
    void onClientHello(const boost::system::error_code& ec, const core::Bytes& block);
    void readBlock();
    void onBlock(const boost::system::error_code& ec, const core::Bytes& block);
    /// Handles the received block's transmissions while the output has room, then reads on.
    void handleInput();
    void flushReady();
    void writeNext();
    void startWrite();
    void onWritten(const boost::system::error_code& ec);
    /// The next block to write: as many waiting transmissions as fit, in order.
    core::Bytes takeBlock();
    std::size_t outputBytes() const { return m_pendingBytes + m_outboxBytes + m_writeBlock.size(); }
    /// What a waiting transmission costs in memory: its bytes, and its vector and heap block
    /// (a PONG is 40 bytes in a 104-byte footprint), so the bound holds for the heap too.
    static std::size_t heldSize(const core::Bytes& transmission) {
        return transmission.size() + kHeldOverhead;
    }
    static constexpr std::size_t kHeldOverhead = sizeof(core::Bytes) + 40;
    /// Runs `then` after `wait` on `timer` (made on first use): the relay is over its limit.
    void holdBack(std::unique_ptr<boost::asio::steady_timer>& timer,
                  BandwidthLimiter::Clock::duration wait, void (SmpConnection::*then)());
    /// Hands the paced NEW (and the rest of the block) in again after `wait`.
    void holdNewQueue(BandwidthLimiter::Clock::duration wait);
    /// Closes the connection once it has had no subscription and sent nothing for
    /// idle_timeout_seconds; checks again when that time comes.
    void watchIdle();
    void close();
    void post(std::function<void()> task);

    ConnectionEnvironment m_env;
    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    std::unique_ptr<TlsSocket> m_tls;
    CountedConnection m_counted;
    std::chrono::steady_clock::time_point m_handshakeDeadline;
    boost::asio::steady_timer m_handshakeTimer;
    std::unique_ptr<boost::asio::steady_timer> m_readHold;     ///< only once ever held back
    std::unique_ptr<boost::asio::steady_timer> m_writeHold;    ///< only once ever held back
    std::unique_ptr<boost::asio::steady_timer> m_newQueueHold; ///< only once ever paced
    bool m_newQueueHeld = false;
    boost::asio::steady_timer m_writeStall; ///< runs while a block write is in progress
    boost::asio::steady_timer m_idleTimer;
    std::chrono::steady_clock::time_point m_lastHeard; ///< the client's last block
    /// From the client hello on at v11+: blocks are encrypted under TLS.
    std::optional<core::smp::BlockCipher> m_cipher;

    core::smp::VersionRange m_offered;
    core::Bytes m_sessionId;
    std::optional<core::crypto::X25519KeyPair> m_sessionKey;
    std::unique_ptr<SmpSession> m_session;

    struct Pending {
        std::optional<core::Bytes> transmission;
        std::size_t reserved = 0; ///< counted until filled
    };
    std::deque<Pending> m_pending; ///< answers in order, by slot
    std::size_t m_firstSlot = 0;   ///< slot number of m_pending.front()
    std::size_t m_pendingBytes = 0;
    std::deque<core::Bytes> m_outbox; ///< transmissions ready to go, in order
    std::size_t m_outboxBytes = 0;
    core::Bytes m_writeBlock; ///< the padded block being written (or the server hello)

    std::vector<core::Bytes> m_input;               ///< the received block's transmissions
    std::size_t m_inputNext = 0;                    ///< the first one not handled yet
    BandwidthLimiter::Clock::duration m_readWait{}; ///< what the received block's charge asks
    bool m_handlingInput = false; ///< answers wait so that one block's go out together
    std::uint64_t m_writes = 0;   ///< block writes started, to match a stall timer to its write
    bool m_writing = false;
    bool m_readPaused = false;
    bool m_closed = false;
};

} // namespace ferry::relay
