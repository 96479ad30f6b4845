#pragma once

#include "smp/decoder.h"
#include "smp/encoder.h"

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace ferry::core::smp {

/// A message as one declaration: its tag (`kTag`, a word such as "NEW" or one byte), what
/// follows the tag (`encode`: a space and the fields, or nothing) and how to read that back
/// (`decode`, starting right after the tag). `Context` is what the wire form depends on: the
/// SMP version for commands and responses, nothing for node-service frames.
template <typename T, typename... Context>
concept WireMessage = requires(const T& message, Encoder& e, Decoder& d, Context... context) {
    T::kTag;
    message.encode(e, context...);
    { T::decode(d, context...) } -> std::same_as<T>;
};

/// A message that is its tag alone (PING, OK, ...).
template <typename T, typename... Context> struct TagOnly {
    void encode(Encoder&, Context...) const {}
    static T decode(Decoder&, Context...) { return T{}; }
    bool operator==(const TagOnly&) const = default;
};

namespace detail {

inline void writeTag(Encoder& e, std::string_view tag) {
    e.raw(tag);
}
inline void writeTag(Encoder& e, char tag) {
    e.ch(tag);
}

template <typename Tag, std::size_t N> constexpr bool distinctTags(const std::array<Tag, N>& tags) {
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i + 1; j < N; ++j)
            if (tags[i] == tags[j])
                return false;
    return true;
}

} // namespace detail

/// The tag table, the encoder and the tag dispatch of a variant of WireMessages, generated
/// from its alternatives: an alternative without its tag, encoder or decoder does not
/// compile, and two alternatives with one tag do not either.
template <typename Variant, typename... Context> class WireVariant;

template <typename... Ts, typename... Context> class WireVariant<std::variant<Ts...>, Context...> {
    static_assert((WireMessage<Ts, Context...> && ...),
                  "every alternative declares kTag, encode() and decode()");

public:
    using Type = std::variant<Ts...>;
    using Tag = std::common_type_t<std::remove_cv_t<decltype(Ts::kTag)>...>;
    static constexpr std::array<Tag, sizeof...(Ts)> kTags{Tag(Ts::kTag)...};
    static_assert(detail::distinctTags(kTags), "two alternatives share a tag");

    static Tag tag(const Type& message) { return kTags[message.index()]; }

    /// The tag, then what the alternative writes after it.
    static void encode(Encoder& e, const Type& message, Context... context) {
        std::visit(
            [&](const auto& m) {
                detail::writeTag(e, std::remove_cvref_t<decltype(m)>::kTag);
                m.encode(e, context...);
            },
            message);
    }

    /// The alternative whose tag is `tag`, read from `d` (which may have failed: check
    /// d.ok()); nothing when no alternative has that tag.
    static std::optional<Type> decode(Tag tag, Decoder& d, Context... context) {
        return decodeAt(tag, d, std::index_sequence_for<Ts...>{}, context...);
    }

private:
    template <std::size_t... I>
    static std::optional<Type> decodeAt(Tag tag, Decoder& d, std::index_sequence<I...>,
                                        Context... context) {
        std::optional<Type> out;
        (void)((tag == kTags[I] &&
                (out.emplace(std::in_place_index<I>,
                             std::variant_alternative_t<I, Type>::decode(d, context...)),
                 true)) ||
               ...);
        return out;
    }
};

} // namespace ferry::core::smp
