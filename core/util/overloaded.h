#pragma once

namespace ferry::core {

/// Builds a visitor for std::visit out of lambdas.
template <class... Ts> struct Overloaded : Ts... {
    using Ts::operator()...;
};

} // namespace ferry::core
