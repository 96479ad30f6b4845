#include "smp/block.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"

namespace ferry::core::smp {

namespace {
constexpr std::size_t kMaxBatch = 255;
} // namespace

Result<Bytes> encodeBatch(const std::vector<Bytes>& transmissions, std::size_t limit) {
    if (transmissions.empty())
        return makeError(SmpErrc::Block, "a block needs at least one transmission");
    if (transmissions.size() > kMaxBatch)
        return makeError(SmpErrc::Block, "at most 255 transmissions fit one block");
    Encoder e(limit);
    e.byte(static_cast<std::uint8_t>(transmissions.size()));
    for (const Bytes& t : transmissions) {
        if (t.size() > 0xffff || e.size() + 2 + t.size() > limit)
            return makeError(SmpErrc::LargeMessage, "transmissions do not fit in one block");
        e.large(t);
    }
    return std::move(e).bytes();
}

Result<Bytes> encodeBlock(const std::vector<Bytes>& transmissions) {
    auto batch = encodeBatch(transmissions, kBlockSize - 2);
    if (!batch)
        return batch.error();
    return pad(*batch, kBlockSize);
}

Result<std::vector<Bytes>> decodeBatch(ByteView batch) {
    Decoder d(batch);
    const std::size_t count = d.byte();
    if (d.ok() && count == 0)
        d.fail("block with no transmissions");
    std::vector<Bytes> out;
    for (std::size_t i = 0; i < count && d.ok(); ++i)
        out.push_back(d.large());
    d.expectEnd();
    if (!d.ok())
        return makeError(SmpErrc::Block, "bad block: " + d.failure());
    return out;
}

Result<std::vector<Bytes>> decodeBlock(ByteView block) {
    if (block.size() != kBlockSize)
        return makeError(SmpErrc::Block, "block is not 16384 bytes");
    auto content = unpad(block);
    if (!content)
        return makeError(SmpErrc::Block, content.error().message);
    return decodeBatch(*content);
}

Result<void> BlockBatcher::add(Bytes transmission) {
    const std::size_t itemSize = transmission.size() + 2;
    if (itemSize > m_capacity)
        return makeError(SmpErrc::LargeMessage, "transmission of " +
                                                    std::to_string(transmission.size()) +
                                                    " bytes does not fit in a block");
    if (m_currentSize + itemSize > m_capacity || m_current.size() == kMaxBatch)
        flush();
    m_currentSize += itemSize;
    m_current.push_back(std::move(transmission));
    return {};
}

void BlockBatcher::flush() {
    if (m_current.empty())
        return;
    // Sizes were checked in add(), so encoding cannot fail here.
    m_blocks.push_back(std::move(encodeBlock(m_current)).value());
    m_current.clear();
    m_currentSize = 0;
}

std::vector<Bytes> BlockBatcher::takeBlocks() {
    flush();
    return std::exchange(m_blocks, {});
}

} // namespace ferry::core::smp
