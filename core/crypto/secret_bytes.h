#pragma once

#include "util/bytes.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace ferry::core::crypto {

/// Owned secret key material that is wiped with sodium_memzero when it is freed or overwritten.
///
/// Deliberately has no stream operator and no implicit conversion to Bytes, so a secret cannot
/// end up in a log line or an ordinary vector by accident; `view()` is the explicit way out.
/// The buffer never grows after construction, so no stale copy is left behind by reallocation.
class SecretBytes {
public:
    SecretBytes() = default;
    /// Zero-filled secret of `size` bytes, to be written through `data()`.
    explicit SecretBytes(std::size_t size);
    /// Copies `data`; the caller remains responsible for wiping its own copy.
    explicit SecretBytes(ByteView data);
    /// Takes over `data` and wipes the source vector.
    static SecretBytes takeFrom(Bytes& data);
    /// `size` bytes from the operating system's CSPRNG.
    static SecretBytes random(std::size_t size);

    SecretBytes(const SecretBytes& other);
    SecretBytes& operator=(const SecretBytes& other);
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    ~SecretBytes();

    std::uint8_t* data() { return m_bytes.data(); }
    const std::uint8_t* data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    bool empty() const { return m_bytes.empty(); }
    ByteView view() const { return {m_bytes.data(), m_bytes.size()}; }
    std::span<std::uint8_t> span() { return {m_bytes.data(), m_bytes.size()}; }

    /// Constant-time for equal lengths (the length itself is not secret).
    bool operator==(const SecretBytes& other) const;

private:
    void wipe();

    Bytes m_bytes;
};

} // namespace ferry::core::crypto
