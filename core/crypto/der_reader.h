#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>

namespace ferry::core::crypto {

/// One DER element: its tag, the whole encoding and the contents.
struct DerElement {
    std::uint8_t tag = 0;
    ByteView whole;
    ByteView contents;
};

/// Minimal strict DER walker over a byte view (single-byte tags, definite minimal lengths) for
/// the few small structures SMP signs outside certificates; certificates go through OpenSSL.
class DerReader {
public:
    explicit DerReader(ByteView data) : m_data(data) {}

    /// The next element, which must carry `tag`.
    Result<DerElement> read(std::uint8_t tag);
    bool atEnd() const { return m_offset == m_data.size(); }

private:
    ByteView m_data;
    std::size_t m_offset = 0;
};

} // namespace ferry::core::crypto
