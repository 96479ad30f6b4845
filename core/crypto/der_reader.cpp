#include "crypto/der_reader.h"

#include "crypto/crypto_errc.h"

namespace ferry::core::crypto {

Result<DerElement> DerReader::read(std::uint8_t tag) {
    const std::size_t start = m_offset;
    const std::size_t available = m_data.size() - start;
    if (available < 2 || m_data[start] != tag) {
        return makeError(CryptoErrc::Der, "unexpected DER element");
    }
    std::size_t length = m_data[start + 1];
    std::size_t header = 2;
    if (length & 0x80) {
        const std::size_t count = length & 0x7f;
        // Up to 2 length bytes is plenty here (a signed key is < 256 bytes); 0x80 alone would be
        // BER's indefinite length, which DER forbids.
        if (count == 0 || count > 2 || available < 2 + count) {
            return makeError(CryptoErrc::Der, "unsupported DER length");
        }
        length = 0;
        for (std::size_t i = 0; i < count; ++i) {
            length = (length << 8) | m_data[start + 2 + i];
        }
        // DER requires the shortest form.
        if (length < 0x80 || (count == 2 && length < 0x100)) {
            return makeError(CryptoErrc::Der, "non-minimal DER length");
        }
        header += count;
    }
    if (available - header < length) {
        return makeError(CryptoErrc::Der, "truncated DER element");
    }
    m_offset = start + header + length;
    return DerElement{tag, m_data.subspan(start, header + length),
                      m_data.subspan(start + header, length)};
}

} // namespace ferry::core::crypto
