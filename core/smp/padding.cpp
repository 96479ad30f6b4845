#include "smp/padding.h"

#include "smp/smp_errc.h"

namespace ferry::core::smp {

Result<Bytes> pad(ByteView content, std::size_t paddedSize) {
    if (content.size() > 0xffff || content.size() + 2 > paddedSize)
        return makeError(SmpErrc::LargeMessage, "content of " + std::to_string(content.size()) +
                                                    " bytes does not fit in " +
                                                    std::to_string(paddedSize));
    Bytes out;
    out.reserve(paddedSize);
    out.push_back(static_cast<std::uint8_t>(content.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(content.size()));
    append(out, content);
    out.resize(paddedSize, '#');
    return out;
}

Result<Bytes> unpad(ByteView padded) {
    if (padded.size() < 2)
        return makeError(SmpErrc::Padding, "padded data shorter than its length prefix");
    const std::size_t len = static_cast<std::size_t>(padded[0]) << 8 | padded[1];
    if (padded.size() - 2 < len)
        return makeError(SmpErrc::Padding,
                         "padded length " + std::to_string(len) + " exceeds the data");
    return Bytes(padded.begin() + 2, padded.begin() + 2 + static_cast<std::ptrdiff_t>(len));
}

} // namespace ferry::core::smp
