#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <vector>

namespace ferry::core::smp {

/// Every SMP transport block is exactly this long.
inline constexpr std::size_t kBlockSize = 16384;

/// Room left in a block for encoded transmissions: minus Word16 pad length and count byte.
inline constexpr std::size_t kBlockPayload = kBlockSize - 3;

/// A padded block: pad(count ‖ Large(t1) ‖ Large(t2) …). Fails if the batch does not fit
/// or is empty; more than 255 transmissions is an error too.
Result<Bytes> encodeBlock(const std::vector<Bytes>& transmissions);

/// The transmissions of a block; a bad pad, zero count or a truncated item is an error.
Result<std::vector<Bytes>> decodeBlock(ByteView block);

/// A batch without the block's padding: count ‖ Large(t1) ‖ … — what a private routing
/// sender encrypts for the destination relay (smp/forwarding.h). At most `limit` bytes.
Result<Bytes> encodeBatch(const std::vector<Bytes>& transmissions, std::size_t limit);
/// The transmissions of an unpadded batch; a zero count, a truncated item or trailing bytes
/// are an error.
Result<std::vector<Bytes>> decodeBatch(ByteView batch);

/// Groups encoded transmissions into as few blocks as fit, keeping order (simplexmq
/// `batchTransmissions_`). A transmission too large for any block is reported, not dropped.
class BlockBatcher {
public:
    /// `capacity`: room for transmissions in a block (kBlockPayload; less in an encrypted
    /// block, smp/block_cipher.h).
    explicit BlockBatcher(std::size_t capacity = kBlockPayload) : m_capacity(capacity) {}

    /// Adds one encoded transmission; fails with LARGE_MSG if it can never fit a block.
    Result<void> add(Bytes transmission);
    /// Padded blocks for everything added so far; the batcher is empty afterwards.
    std::vector<Bytes> takeBlocks();
    bool empty() const { return m_blocks.empty() && m_current.empty(); }

private:
    void flush();

    std::size_t m_capacity;
    std::vector<Bytes> m_current;
    std::size_t m_currentSize = 0;
    std::vector<Bytes> m_blocks;
};

} // namespace ferry::core::smp
