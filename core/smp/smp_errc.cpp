#include "smp/smp_errc.h"

namespace ferry::core::smp {

namespace {

constexpr std::array<core::ErrorRow<SmpErrc>, 9> kRows{{
    {SmpErrc::Block, "block", "malformed transport block"},
    {SmpErrc::Handshake, "handshake", "malformed or unacceptable handshake"},
    {SmpErrc::LargeMessage, "large_msg", "the message is too large"},
    {SmpErrc::Message, "message", "malformed message"},
    {SmpErrc::Padding, "padding", "malformed padding"},
    {SmpErrc::Syntax, "syntax", "malformed command or response"},
    {SmpErrc::Unknown, "unknown", "unknown command or response"},
    {SmpErrc::Address, "address", "malformed relay address"},
    {SmpErrc::QueueUri, "queue_uri", "malformed queue URI"},
}};

} // namespace

FERRY_ERROR_CATEGORY(smpErrorCategory, "smp", kRows, SmpErrc::QueueUri)

} // namespace ferry::core::smp
